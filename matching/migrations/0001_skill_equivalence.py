"""The skill equivalence table matching joins through, kept current by a trigger on projects_skill."""

import django.db.models.deletion
from django.db import migrations, models

# A skill's match keys: its name and its synonyms, lower case. Two skills are equivalent when keys overlap.
CREATE = """
CREATE OR REPLACE FUNCTION matching_skill_keys(name text, synonyms text[]) RETURNS text[] AS $$
    SELECT array_prepend(lower(name), ARRAY(SELECT lower(s) FROM unnest(coalesce(synonyms, '{}')) AS s))
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION matching_skill_equivalence_refresh() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM matching_skillequivalence WHERE skill_id = OLD.id OR equivalent_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO matching_skillequivalence (skill_id, equivalent_id)
        SELECT NEW.id, other.id FROM projects_skill AS other
        WHERE other.id = NEW.id
           OR matching_skill_keys(other.name, other.synonyms) && matching_skill_keys(NEW.name, NEW.synonyms)
        UNION
        SELECT other.id, NEW.id FROM projects_skill AS other
        WHERE other.id <> NEW.id
          AND matching_skill_keys(other.name, other.synonyms) && matching_skill_keys(NEW.name, NEW.synonyms)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER matching_skill_equivalence_trigger
AFTER INSERT OR UPDATE OF name, synonyms OR DELETE ON projects_skill
FOR EACH ROW EXECUTE FUNCTION matching_skill_equivalence_refresh();

INSERT INTO matching_skillequivalence (skill_id, equivalent_id)
SELECT a.id, b.id FROM projects_skill AS a JOIN projects_skill AS b
  ON a.id = b.id OR matching_skill_keys(a.name, a.synonyms) && matching_skill_keys(b.name, b.synonyms)
ON CONFLICT DO NOTHING;
"""

DROP = """
DROP TRIGGER IF EXISTS matching_skill_equivalence_trigger ON projects_skill;
DROP FUNCTION IF EXISTS matching_skill_equivalence_refresh();
DROP FUNCTION IF EXISTS matching_skill_keys(text, text[]);
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [("projects", "0005_search_trigram")]

    operations = [
        migrations.CreateModel(
            name="SkillEquivalence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "equivalent",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="projects.skill"
                    ),
                ),
                (
                    "skill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="projects.skill"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["equivalent", "skill"], name="skill_equivalence_reverse")],
                "constraints": [
                    models.UniqueConstraint(fields=("skill", "equivalent"), name="skill_equivalence_once")
                ],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
