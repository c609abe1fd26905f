"""Per-project skill counts for ranking, kept current by triggers on the two project-skill tables."""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION matching_project_skill_count_refresh() RETURNS trigger AS $$
DECLARE
    required_step integer := CASE WHEN TG_ARGV[0] = 'required' THEN 1 ELSE 0 END;
    nice_step integer := CASE WHEN TG_ARGV[0] = 'nice' THEN 1 ELSE 0 END;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO matching_projectskillcount (project_id, required_count, nice_count)
        VALUES (NEW.project_id, required_step, nice_step)
        ON CONFLICT (project_id) DO UPDATE SET
            required_count = matching_projectskillcount.required_count + EXCLUDED.required_count,
            nice_count = matching_projectskillcount.nice_count + EXCLUDED.nice_count;
    ELSE
        UPDATE matching_projectskillcount SET
            required_count = greatest(required_count - required_step, 0),
            nice_count = greatest(nice_count - nice_step, 0)
        WHERE project_id = OLD.project_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER matching_required_skill_count_trigger
AFTER INSERT OR DELETE ON projects_project_required_skills
FOR EACH ROW EXECUTE FUNCTION matching_project_skill_count_refresh('required');

CREATE TRIGGER matching_nice_skill_count_trigger
AFTER INSERT OR DELETE ON projects_project_nice_to_have_skills
FOR EACH ROW EXECUTE FUNCTION matching_project_skill_count_refresh('nice');

INSERT INTO matching_projectskillcount (project_id, required_count, nice_count)
SELECT id,
       (SELECT count(*) FROM projects_project_required_skills AS r WHERE r.project_id = p.id),
       (SELECT count(*) FROM projects_project_nice_to_have_skills AS n WHERE n.project_id = p.id)
FROM projects_project AS p
ON CONFLICT (project_id) DO NOTHING;
"""

DROP = """
DROP TRIGGER IF EXISTS matching_required_skill_count_trigger ON projects_project_required_skills;
DROP TRIGGER IF EXISTS matching_nice_skill_count_trigger ON projects_project_nice_to_have_skills;
DROP FUNCTION IF EXISTS matching_project_skill_count_refresh();
"""


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_skill_equivalence"), ("projects", "0005_search_trigram")]

    operations = [
        migrations.CreateModel(
            name="ProjectSkillCount",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="projects.project",
                    ),
                ),
                ("required_count", models.PositiveSmallIntegerField(default=0)),
                ("nice_count", models.PositiveSmallIntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
