"""ProjectSkillCount becomes ProjectPosting: one narrow, trigger-kept row per project with every column a match
score reads (status, audience, field, hours, dates, location, skill ids and skill bit masks), so ranking reads
one table. Statement-level triggers with transition tables keep it current in one statement per write, bulk
inserts included."""

import importlib

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models

import matching.models

# Set-based maintenance: every trigger hands the ids it touched to one function.
CREATE = """
CREATE OR REPLACE FUNCTION matching_skill_mask(ids bigint[]) RETURNS bit varying AS $$
DECLARE
    mask bit varying := B'';
    skill_id bigint;
BEGIN
    IF cardinality(ids) > 0 THEN
        mask := repeat('0', (SELECT max(x) FROM unnest(ids) AS x)::integer + 1)::bit varying;
        FOREACH skill_id IN ARRAY ids LOOP
            mask := set_bit(mask, skill_id::integer, 1);
        END LOOP;
    END IF;
    RETURN mask;
END
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION matching_posting_refresh_skills(project_ids bigint[]) RETURNS void AS $$
    UPDATE matching_projectposting AS posting SET
        required_count = cardinality(skills.required),
        nice_count = cardinality(skills.nice),
        skill_ids = skills.required || skills.nice,
        anchor_skill_ids = CASE WHEN cardinality(skills.required) > 0 THEN skills.required[1:1]
                                ELSE skills.nice END,
        required_mask = matching_skill_mask(skills.required),
        nice_mask = matching_skill_mask(skills.nice)
    FROM (
        SELECT ids.id AS project_id,
               ARRAY(SELECT r.skill_id FROM projects_project_required_skills AS r
                     WHERE r.project_id = ids.id ORDER BY r.skill_id) AS required,
               ARRAY(SELECT n.skill_id FROM projects_project_nice_to_have_skills AS n
                     WHERE n.project_id = ids.id ORDER BY n.skill_id) AS nice
        FROM (SELECT DISTINCT unnest(project_ids) AS id) AS ids
    ) AS skills
    WHERE posting.project_id = skills.project_id
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION matching_posting_skills_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM matching_posting_refresh_skills(
            ARRAY(SELECT project_id FROM changed UNION SELECT project_id FROM changed_before)
        );
    ELSE
        PERFORM matching_posting_refresh_skills(ARRAY(SELECT project_id FROM changed));
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION matching_posting_project_added() RETURNS trigger AS $$
BEGIN
    INSERT INTO matching_projectposting (
        project_id, status, visibility, employer_id, field, estimated_hours, due_date, location_type, location,
        application_deadline, required_count, nice_count, skill_ids, anchor_skill_ids, required_mask, nice_mask
    )
    SELECT id, status, visibility, employer_id, field, estimated_hours, due_date, location_type, location,
           application_deadline, 0, 0, '{}', '{}', B'', B''
    FROM changed
    ON CONFLICT (project_id) DO UPDATE SET
        status = EXCLUDED.status, visibility = EXCLUDED.visibility, employer_id = EXCLUDED.employer_id,
        field = EXCLUDED.field, estimated_hours = EXCLUDED.estimated_hours, due_date = EXCLUDED.due_date,
        location_type = EXCLUDED.location_type, location = EXCLUDED.location,
        application_deadline = EXCLUDED.application_deadline;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION matching_posting_project_changed() RETURNS trigger AS $$
BEGIN
    UPDATE matching_projectposting AS posting SET
        status = changed.status, visibility = changed.visibility, employer_id = changed.employer_id,
        field = changed.field, estimated_hours = changed.estimated_hours, due_date = changed.due_date,
        location_type = changed.location_type, location = changed.location,
        application_deadline = changed.application_deadline
    FROM changed
    WHERE posting.project_id = changed.id
      AND (posting.status, posting.visibility, posting.employer_id, posting.field, posting.estimated_hours,
           posting.due_date, posting.location_type, posting.location, posting.application_deadline)
          IS DISTINCT FROM
          (changed.status, changed.visibility, changed.employer_id, changed.field, changed.estimated_hours,
           changed.due_date, changed.location_type, changed.location, changed.application_deadline);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER matching_posting_project_added_trigger
AFTER INSERT ON projects_project REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_project_added();

CREATE TRIGGER matching_posting_project_changed_trigger
AFTER UPDATE ON projects_project REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_project_changed();

CREATE TRIGGER matching_posting_required_added_trigger
AFTER INSERT ON projects_project_required_skills REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_skills_changed();

CREATE TRIGGER matching_posting_required_changed_trigger
AFTER UPDATE ON projects_project_required_skills REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_skills_changed();

CREATE TRIGGER matching_posting_required_removed_trigger
AFTER DELETE ON projects_project_required_skills REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_skills_changed();

CREATE TRIGGER matching_posting_nice_added_trigger
AFTER INSERT ON projects_project_nice_to_have_skills REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_skills_changed();

CREATE TRIGGER matching_posting_nice_changed_trigger
AFTER UPDATE ON projects_project_nice_to_have_skills REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_skills_changed();

CREATE TRIGGER matching_posting_nice_removed_trigger
AFTER DELETE ON projects_project_nice_to_have_skills REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION matching_posting_skills_changed();

INSERT INTO matching_projectposting (
    project_id, status, visibility, employer_id, field, estimated_hours, due_date, location_type, location,
    application_deadline, required_count, nice_count, skill_ids, anchor_skill_ids, required_mask, nice_mask
)
SELECT id, status, visibility, employer_id, field, estimated_hours, due_date, location_type, location,
       application_deadline, 0, 0, '{}', '{}', B'', B''
FROM projects_project;

SELECT matching_posting_refresh_skills(ARRAY(SELECT id FROM projects_project));
"""

DROP = """
DROP TRIGGER IF EXISTS matching_posting_project_added_trigger ON projects_project;
DROP TRIGGER IF EXISTS matching_posting_project_changed_trigger ON projects_project;
DROP TRIGGER IF EXISTS matching_posting_required_added_trigger ON projects_project_required_skills;
DROP TRIGGER IF EXISTS matching_posting_required_changed_trigger ON projects_project_required_skills;
DROP TRIGGER IF EXISTS matching_posting_required_removed_trigger ON projects_project_required_skills;
DROP TRIGGER IF EXISTS matching_posting_nice_added_trigger ON projects_project_nice_to_have_skills;
DROP TRIGGER IF EXISTS matching_posting_nice_changed_trigger ON projects_project_nice_to_have_skills;
DROP TRIGGER IF EXISTS matching_posting_nice_removed_trigger ON projects_project_nice_to_have_skills;
DROP FUNCTION IF EXISTS matching_posting_project_added();
DROP FUNCTION IF EXISTS matching_posting_project_changed();
DROP FUNCTION IF EXISTS matching_posting_skills_changed();
DROP FUNCTION IF EXISTS matching_posting_refresh_skills(bigint[]);
DROP FUNCTION IF EXISTS matching_skill_mask(bigint[]);
"""

# The counts' own triggers give way; the rows are rebuilt (with the new columns) at the end.
DROP_COUNTS = """
DROP TRIGGER IF EXISTS matching_required_skill_count_trigger ON projects_project_required_skills;
DROP TRIGGER IF EXISTS matching_nice_skill_count_trigger ON projects_project_nice_to_have_skills;
DROP FUNCTION IF EXISTS matching_project_skill_count_refresh();
TRUNCATE matching_projectskillcount;
"""

RESTORE_COUNTS = importlib.import_module("matching.migrations.0002_project_skill_count").CREATE


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0001_initial"),
        ("matching", "0002_project_skill_count"),
        ("projects", "0005_search_trigram"),
    ]

    operations = [
        migrations.RunSQL(DROP_COUNTS, RESTORE_COUNTS),
        migrations.RenameModel("ProjectSkillCount", "ProjectPosting"),
        migrations.AddField(
            model_name="projectposting",
            name="status",
            field=models.CharField(default="draft", max_length=20),
        ),
        migrations.AddField(
            model_name="projectposting",
            name="visibility",
            field=models.CharField(default="public", max_length=10),
        ),
        migrations.AddField(
            model_name="projectposting",
            name="employer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="employers.employer",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectposting", name="field", field=models.CharField(default="", max_length=20)
        ),
        migrations.AddField(
            model_name="projectposting",
            name="estimated_hours",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(model_name="projectposting", name="due_date", field=models.DateField(null=True)),
        migrations.AddField(
            model_name="projectposting",
            name="location_type",
            field=models.CharField(default="", max_length=10),
        ),
        migrations.AddField(
            model_name="projectposting", name="location", field=models.CharField(default="", max_length=200)
        ),
        migrations.AddField(
            model_name="projectposting", name="application_deadline", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="projectposting",
            name="skill_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, size=None
            ),
        ),
        migrations.AddField(
            model_name="projectposting",
            name="anchor_skill_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, size=None
            ),
        ),
        migrations.AddField(
            model_name="projectposting",
            name="required_mask",
            field=matching.models.BitStringField(default=""),
        ),
        migrations.AddField(
            model_name="projectposting",
            name="nice_mask",
            field=matching.models.BitStringField(default=""),
        ),
        migrations.AddIndex(
            model_name="projectposting",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "open")), fields=["skill_ids"], name="posting_open_skills"
            ),
        ),
        migrations.AddIndex(
            model_name="projectposting",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "open")),
                fields=["anchor_skill_ids"],
                name="posting_open_anchors",
            ),
        ),
        migrations.AddIndex(
            model_name="projectposting",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["required_count"],
                name="posting_open_required_count",
            ),
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
