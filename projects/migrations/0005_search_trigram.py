"""pg_trgm and a trigram index on project titles, for the search's typo fallback.

PostgreSQL on servers (and in CI) ships pg_trgm; the embedded PostgreSQL used on laptops does not, so both
are created only where the extension is available, and the search skips its fallback where it is missing.
(The other searches are served by the GIN index on search_vector and the (status, published_at) and
(status, application_deadline) indexes: see projects/tests/test_search_index.py.)
"""

from django.db import DatabaseError, migrations, transaction

TRIGRAM_INDEX = "project_title_trgm"


def create_trigram_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            # pg_trgm is a trusted extension: a database owner may create it without being a superuser.
            # Where even that is refused, the search does without its typo fallback.
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON projects_project USING gin (title gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    # The extension stays: other database objects may use it by now.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_skills_taxonomy")]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
