from django.db import migrations
from django.utils.text import slugify


def load_taxonomy(apps, schema_editor):
    from projects.skills_taxonomy import SKILLS

    Skill = apps.get_model("projects", "Skill")
    existing = set(Skill.objects.values_list("slug", flat=True))
    Skill.objects.bulk_create(
        [
            Skill(name=name, slug=slugify(name), category=category, synonyms=synonyms)
            for name, category, synonyms in SKILLS
            if slugify(name) not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_search_vector_trigger")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
