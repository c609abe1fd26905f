"""The "Career office" group: what career staff may do in the admin (rows are scoped to their university)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Career office"
PERMISSIONS = [
    ("accounts", "view_user"),
    ("students", "view_studentprofile"),
    ("students", "change_studentprofile"),
    ("universities", "view_university"),
    ("universities", "view_universitydomain"),
    ("universities", "view_careerstaffmembership"),
    ("universities", "view_partnership"),
    ("universities", "change_partnership"),
    ("employers", "view_employer"),
    ("projects", "view_project"),
    ("applications", "view_application"),
    ("applications", "view_engagement"),
    ("applications", "view_payment"),
]


def create_group(apps, schema_editor):
    # On a fresh database the permissions are only created after the last migration; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("universities", "0001_initial"),
        ("accounts", "0001_initial"),
        ("students", "0001_initial"),
        ("employers", "0001_initial"),
        ("projects", "0004_skills_taxonomy"),
        ("applications", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
