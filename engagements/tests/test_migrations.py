"""A database made before engagements became an app migrates forward in place, with its data intact.

The test takes the test database back to the schema `main` had before the move (engagements' migrations
unapplied: the rows live in the `applications_*` tables and belong to the `applications` app), checks that
the old code's models read and write them there, then migrates forward and reads everything through today's
models.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.factories import UserFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    HoursLog,
    Message,
    Milestone,
    Payment,
    Review,
    ReviewSide,
)
from projects.factories import SkillFactory
from universities.services import career_office_group

BEFORE_THE_MOVE = [("engagements", None)]
MOVED_MODELS = [
    "engagement",
    "milestone",
    "deliverablesubmission",
    "message",
    "engagementreadmark",
    "hourslog",
    "payment",
    "review",
]
OLD_TASK = "applications.tasks.deliverables_auto_approve_overdue"
NEW_TASK = "engagements.tasks.deliverables_auto_approve_overdue"


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _an_engagement_with_everything() -> Engagement:
    engagement = EngagementFactory(started_at=timezone.now() - dt.timedelta(days=2), fee=Decimal("480.00"))
    milestone = MilestoneFactory(engagement=engagement, title="Clean the sales data")
    DeliverableSubmission.objects.create(
        milestone=milestone, submitted_by=engagement.student.user, link="https://example.org/sales.csv"
    )
    Message.objects.create(
        engagement=engagement, sender=engagement.student.user, body="Here is the first cut."
    )
    EngagementReadMark.objects.create(
        engagement=engagement, user=engagement.student.user, last_read_at=timezone.now()
    )
    HoursLog.objects.create(
        engagement=engagement, date=timezone.localdate(), hours=Decimal("2.50"), note="Cleaning"
    )
    Payment.objects.create(engagement=engagement, amount=Decimal("480.00"), currency="EUR")
    review = Review.objects.create(
        engagement=engagement, side=ReviewSide.EMPLOYER, author=UserFactory(), rating=5, text="Careful work."
    )
    review.skills_demonstrated.add(SkillFactory(name="Data cleaning"))
    return engagement


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_migrates_forward_with_its_data_intact():
    engagement = _an_engagement_with_everything()
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.update_or_create(
        name="Approve deliverables left unanswered", defaults={"task": NEW_TASK, "interval": every_hour}
    )
    career_office_group()
    try:
        executor = _migrate(BEFORE_THE_MOVE)

        # The schema main had: the rows in the applications_* tables, read and written by the old models.
        assert {"applications_engagement", "applications_review_skills_demonstrated"} <= _tables()
        assert not {table for table in _tables() if table.startswith("engagements_")}
        old = executor.loader.project_state(("applications", "0005_application_status_closed")).apps
        assert old.get_model("applications", "Engagement").objects.get(pk=engagement.pk).fee == Decimal(
            "480.00"
        )
        old.get_model("applications", "Message").objects.create(
            engagement_id=engagement.pk,
            sender_id=engagement.student.user_id,
            body="Written before the upgrade.",
        )
        assert ContentType.objects.filter(app_label="applications", model="engagement").exists()
        assert PeriodicTask.objects.get(name="Approve deliverables left unanswered").task == OLD_TASK

        _migrate(_latest())
    finally:
        _migrate(_latest())

    assert {"engagements_engagement", "engagements_review_skills_demonstrated"} <= _tables()
    assert not {f"applications_{model}" for model in MOVED_MODELS} & _tables()
    moved = Engagement.objects.get(pk=engagement.pk)
    assert (moved.public_id, moved.fee, moved.application_id) == (
        engagement.public_id,
        Decimal("480.00"),
        engagement.application_id,
    )
    assert list(Milestone.objects.filter(engagement=moved).values_list("title", flat=True)) == [
        "Clean the sales data"
    ]
    assert (
        DeliverableSubmission.objects.get(milestone__engagement=moved).link == "https://example.org/sales.csv"
    )
    assert list(Message.objects.filter(engagement=moved).values_list("body", flat=True)) == [
        "Here is the first cut.",
        "Written before the upgrade.",
    ]
    assert HoursLog.objects.get(engagement=moved).hours == Decimal("2.50")
    assert Payment.objects.get(engagement=moved).amount == Decimal("480.00")
    assert EngagementReadMark.objects.filter(engagement=moved).count() == 1
    review = Review.objects.get(engagement=moved)
    assert list(review.skills_demonstrated.values_list("name", flat=True)) == ["Data cleaning"]

    # Permissions follow their content type: the career office still reads engagements and payments.
    assert not ContentType.objects.filter(app_label="applications", model="engagement").exists()
    held = set(
        Group.objects.get(name="Career office").permissions.values_list("content_type__app_label", "codename")
    )
    assert {("engagements", "view_engagement"), ("engagements", "view_payment")} <= held
    assert PeriodicTask.objects.get(name="Approve deliverables left unanswered").task == NEW_TASK
    # New rows keep numbering after the old ones: the id sequences still serve their renamed tables.
    newest = max(Message.objects.values_list("pk", flat=True))
    assert Message.objects.create(engagement=moved, body="After the upgrade.").pk > newest
