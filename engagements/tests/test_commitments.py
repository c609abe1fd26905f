"""A student's ongoing engagements are their weekly load: applying weighs it through the port in
applications.commitments, the ranking through the SQL twin, and both count alike."""

import datetime as dt

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from applications.commitments import student_weekly_load, weekly_load_providers
from engagements.commitments import engagement_weekly_load, engagement_weekly_load_expression
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from students.factories import StudentProfileFactory
from students.models import StudentProfile

pytestmark = pytest.mark.django_db


def test_engagements_register_their_weekly_load_with_applications():
    assert engagement_weekly_load in weekly_load_providers


def test_the_ranking_weighs_the_same_load_as_applying():
    student = StudentProfileFactory()
    today = timezone.localdate()
    for status, hours, days in [
        (EngagementStatus.KICKOFF, 20, 28),
        (EngagementStatus.ACTIVE, 6, 2),
        (EngagementStatus.ACTIVE, 9, 17),
        (EngagementStatus.COMPLETED, 40, 7),
    ]:
        EngagementFactory(
            application__student=student,
            status=status,
            estimated_hours=hours,
            due_date=today + dt.timedelta(days=days),
        )
    EngagementFactory(
        application__student=student, status=EngagementStatus.ACTIVE, estimated_hours=3, due_date=None
    )

    in_sql = (
        StudentProfile.objects.filter(pk=student.pk)
        .annotate(load=engagement_weekly_load_expression(student_id=OuterRef("pk"), today=today))
        .values_list("load", flat=True)
        .get()
    )
    in_python = engagement_weekly_load(student=student, today=today)
    assert in_python == pytest.approx(20 / 4 + 6 + 9 / (17 / 7) + 3)
    assert in_sql == pytest.approx(in_python)
    assert student_weekly_load(student=student) == pytest.approx(in_python)


def test_a_student_without_engagements_has_no_load():
    student = StudentProfileFactory()
    today = timezone.localdate()
    assert engagement_weekly_load(student=student, today=today) == 0.0
    assert student_weekly_load(student=student) == 0.0
