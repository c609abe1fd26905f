"""The exploration world: a student with a completed data engagement (hours logged, work approved, an
employer review endorsing a skill), an application in marketing, a saved design project, and open projects
in explored and unexplored fields. Used by the app's tests and the browser test."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from applications.factories import ApplicationFactory
from engagements.models import (
    DeliverableSubmission,
    EngagementStatus,
    HoursLog,
    MilestoneStatus,
    Review,
    ReviewSide,
    SubmissionStatus,
)
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Project, SavedProject, SkillCategory
from tests.engagement_world import EngagementWorld, make_engagement_world


@dataclass
class ExplorationWorld:
    world: EngagementWorld
    unexplored: Project  # open, software: shown under "paths you have not tried"
    explored: Project  # open, data (the field worked in): not shown
    saved_field: Project  # open, design (a field saved in): not shown
    employer_open: Project  # open, of the engagement's organisation: what it can invite to


def make_exploration_world() -> ExplorationWorld:
    python, sql, communication = (SkillFactory(name=n) for n in ("Python", "SQL", "Communication"))
    now = timezone.now()
    done = ProjectFactory(field=SkillCategory.DATA, required_skills=[python, sql], title="Churn analysis")
    world = make_engagement_world(
        status=EngagementStatus.COMPLETED, project=done, approved=2, ended_days_ago=40, milestones=2
    )
    engagement, student = world.engagement, world.engagement.student
    student.skills.set([python, sql])
    for days, hours in ((50, "3.5"), (45, "4")):
        HoursLog.objects.create(
            engagement=engagement, date=(now - dt.timedelta(days=days)).date(), hours=Decimal(hours)
        )
    milestone = world.milestones[0]
    DeliverableSubmission.objects.create(
        milestone=milestone, submitted_by=world.student, link="https://docs.example.com/churn",
        status=SubmissionStatus.APPROVED, reviewed_by=world.employer, reviewed_at=now - dt.timedelta(days=70),
    )  # fmt: skip
    assert milestone.status == MilestoneStatus.APPROVED
    review = Review.objects.create(
        engagement=engagement, side=ReviewSide.EMPLOYER, author=world.employer, rating=5
    )
    review.skills_demonstrated.set([communication])
    Review.objects.create(engagement=engagement, side=ReviewSide.STUDENT, author=world.student, rating=5)
    ApplicationFactory(student=student, project=ProjectFactory(published=True, field=SkillCategory.MARKETING))
    saved_field = ProjectFactory(published=True, field=SkillCategory.DESIGN, required_skills=[python])
    SavedProject.objects.create(student=student, project=saved_field)
    return ExplorationWorld(
        world=world,
        unexplored=ProjectFactory(
            published=True, field=SkillCategory.SOFTWARE, required_skills=[python], title="Inventory scripts"
        ),
        explored=ProjectFactory(published=True, field=SkillCategory.DATA, required_skills=[python, sql]),
        saved_field=saved_field,
        employer_open=ProjectFactory(
            published=True,
            employer=engagement.employer,
            field=SkillCategory.WRITING,
            title="Annual report copy",
        ),
    )
