from django.db import models


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


class ProjectSkillCount(models.Model):
    """How many required and nice-to-have skills each project has, kept by database triggers on the two
    project-skill tables (migration 0002), so ranking thousands of candidate projects reads one row each
    instead of counting their skills again."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    required_count = models.PositiveSmallIntegerField(default=0)
    nice_count = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.project_id}: {self.required_count} required, {self.nice_count} nice to have"
