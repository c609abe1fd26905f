from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q

from projects.models import ProjectStatus

OPEN_ROWS = Q(status=ProjectStatus.OPEN)


class SkillEquivalence(models.Model):
    """Which skills count as the same skill for matching: every skill with itself, and two skills whose
    names or synonyms overlap (case-insensitively), e.g. a separate "JS" row and "JavaScript" (synonym "js").

    Maintained by a database trigger on projects_skill (see migration 0001), so skills created or renamed by
    any route (admin, taxonomy sync, bulk insert) are always covered. Read only by matching.scoring.
    """

    skill = models.ForeignKey("projects.Skill", on_delete=models.CASCADE, related_name="+")
    equivalent = models.ForeignKey("projects.Skill", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "equivalent"], name="skill_equivalence_once"),
        ]
        indexes = [models.Index(fields=["equivalent", "skill"], name="skill_equivalence_reverse")]

    def __str__(self) -> str:
        return f"{self.skill_id} ≡ {self.equivalent_id}"


class BitStringField(models.Field):
    """A PostgreSQL `bit varying` column: a skill mask, bit n (from the left, 0-based) set for skill id n."""

    def db_type(self, connection) -> str:
        return "bit varying"


class ProjectPosting(models.Model):
    """One narrow row per project with every column a match score reads, so ranking 100,000 candidates for
    one student reads one small table and no per-candidate join (matching.ranking).

    Kept by statement-level database triggers (migration 0003) on projects_project and the two project-skill
    tables, so every route that writes a project or its skills (forms, admin, bulk inserts, raw SQL) keeps it
    current; never written from Python. The skill columns:

    - `skill_ids`: required and nice-to-have skill ids, GIN-indexed for open rows (does it share a skill?);
    - `required_mask`/`nice_mask`: the same ids as bit strings, so a student's matched count is one
      `bit_count(mask & student_mask)` instead of a subquery per row;
    - `anchor_skill_ids`: a student can hold every required skill only if they hold one of these (the lowest
      required skill id, or the nice-to-have ids when nothing is required), which lets ranking look at the
      fully matched projects first (see matching.ranking);
    - `required_count`/`nice_count`: the totals.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    status = models.CharField(max_length=20, default=ProjectStatus.DRAFT)
    visibility = models.CharField(max_length=10, default="public")
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    field = models.CharField(max_length=20, default="")
    estimated_hours = models.PositiveSmallIntegerField(default=0)
    due_date = models.DateField(null=True)
    location_type = models.CharField(max_length=10, default="")
    location = models.CharField(max_length=200, default="")
    application_deadline = models.DateTimeField(null=True)
    required_count = models.PositiveSmallIntegerField(default=0)
    nice_count = models.PositiveSmallIntegerField(default=0)
    skill_ids = ArrayField(models.BigIntegerField(), default=list)
    anchor_skill_ids = ArrayField(models.BigIntegerField(), default=list)
    required_mask = BitStringField(default="")
    nice_mask = BitStringField(default="")

    class Meta:
        indexes = [
            GinIndex(fields=["skill_ids"], name="posting_open_skills", condition=OPEN_ROWS),
            GinIndex(fields=["anchor_skill_ids"], name="posting_open_anchors", condition=OPEN_ROWS),
            models.Index(fields=["required_count"], name="posting_open_required_count", condition=OPEN_ROWS),
            # Ranking walks each anchor skill's fully matched candidates soonest deadline first and stops
            # early (matching.ranking); the projects without required skills (several anchors) are read
            # through their own small GIN index.
            models.Index(
                F("anchor_skill_ids__0"),
                F("application_deadline"),
                F("project").desc(),
                name="posting_open_anchor_deadline",
                condition=OPEN_ROWS & Q(required_count__gt=0),
            ),
            GinIndex(
                fields=["anchor_skill_ids"],
                name="posting_open_nice_only_anchors",
                condition=OPEN_ROWS & Q(required_count=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.required_count} required, {self.nice_count} nice to have"
