"""The "Career office" group may see its university's faculty and confirm them, and see its courses
(universities.career_office.CAREER_OFFICE_PERMISSIONS lists them too). Idempotent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Career office"
PERMISSIONS = [
    ("courses", "view_facultyprofile"),
    ("courses", "change_facultyprofile"),
    ("courses", "view_course"),
]


def grant(apps, schema_editor) -> None:
    # On a fresh database the permissions are only created after the last migration; make them now.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        for app_label, codename in PERMISSIONS:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("universities", "0002_career_office_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
