"""Keep Project.search_vector current in the database, so bulk inserts and raw updates are indexed too."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION projects_project_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(array_to_string(NEW.deliverables, ' '), '')), 'C') ||
        setweight(to_tsvector('english', coalesce(NEW.description, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER projects_project_search_vector_trigger
BEFORE INSERT OR UPDATE OF title, summary, description, deliverables ON projects_project
FOR EACH ROW EXECUTE FUNCTION projects_project_search_vector_update();
"""

DROP = """
DROP TRIGGER IF EXISTS projects_project_search_vector_trigger ON projects_project;
DROP FUNCTION IF EXISTS projects_project_search_vector_update();
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
