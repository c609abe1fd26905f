"""The academic credit reminders: who hears when an evaluation, a reflection or a sign-off is owed, that each
goes once (run twice, run by two scans at once, delivered twice to a real worker), and their beat schedule."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_celery_beat.models import PeriodicTask

from accounts.factories import UserFactory
from accounts.models import User
from courses import reminders
from courses.factories import (
    CompetencyEvaluationFactory,
    CourseFactory,
    CreditRequestFactory,
    FacultyProfileFactory,
    ReflectionFactory,
)
from courses.models import CreditRequest, CreditResult, CreditStatus
from courses.tasks import credit_reflections_remind
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from notifications.models import Notification, NotificationKind
from students.factories import StudentProfileFactory
from universities.factories import UniversityFactory

SCHEDULED = [
    "courses.tasks.credit_evaluations_remind",
    "courses.tasks.credit_reflections_remind",
    "courses.tasks.credit_sign_offs_remind",
]


@dataclass
class CreditWorld:
    credit: CreditRequest
    student: User
    members: set[int]
    instructors: set[int]
    waiting_instructor: User
    outsider: User


def make_credit_world(
    *, completed_days_ago: float | None = 4, status: str = CreditStatus.APPROVED
) -> CreditWorld:
    """An approved credit request in a course taught by two confirmed instructors (and one still waiting
    for their career office), for work at an organisation of two members that completed
    `completed_days_ago` days ago (None: still under way)."""
    university = UniversityFactory()
    lead = FacultyProfileFactory(university=university)
    colleague = FacultyProfileFactory(university=university)
    waiting = FacultyProfileFactory(university=university, unconfirmed=True)
    course = CourseFactory(created_by=lead, instructors=[lead, colleague, waiting])
    student = StudentProfileFactory(
        user=UserFactory(student=True, full_name="Rita Reminded"), university=university
    )
    ended = {"status": EngagementStatus.ACTIVE}
    if completed_days_ago is not None:
        ended = {
            "status": EngagementStatus.COMPLETED,
            "completed_at": timezone.now() - dt.timedelta(days=completed_days_ago),
        }
    engagement = EngagementFactory(application__student=student, **ended)
    owner = EmployerMemberFactory(employer=engagement.employer)
    teammate = EmployerMemberFactory(employer=engagement.employer)
    credit = CreditRequestFactory(course=course, engagement=engagement, approved=True)
    if status != CreditStatus.APPROVED:
        CreditRequest.objects.filter(pk=credit.pk).update(
            status=status,
            **(
                {"result": CreditResult.PASS, "signed_off_at": timezone.now()}
                if status == CreditStatus.SIGNED_OFF
                else {}
            ),
        )
        credit.refresh_from_db()
    return CreditWorld(
        credit=credit,
        student=student.user,
        members={owner.user_id, teammate.user_id},
        instructors={lead.user_id, colleague.user_id},
        waiting_instructor=waiting.user,
        outsider=EmployerMemberFactory().user,
    )


def _both_in(credit: CreditRequest, *, evaluated_days_ago: float, reflected_days_ago: float) -> None:
    evaluation = CompetencyEvaluationFactory(credit_request=credit)
    reflection = ReflectionFactory(credit_request=credit)
    now = timezone.now()
    type(evaluation).objects.filter(pk=evaluation.pk).update(
        created_at=now - dt.timedelta(days=evaluated_days_ago)
    )
    type(reflection).objects.filter(pk=reflection.pk).update(
        created_at=now - dt.timedelta(days=reflected_days_ago)
    )


def _told(kind: str = NotificationKind.ACADEMIC_CREDIT) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


# Evaluation owed ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_employer_hears_once_that_an_evaluation_is_owed():
    w = make_credit_world()
    ReflectionFactory(credit_request=w.credit)
    now = timezone.now()
    assert reminders.credit_evaluations_remind(now=now) == 2
    assert _told() == w.members
    notice = Notification.objects.filter(user_id__in=w.members).first()
    assert "Rita Reminded" in notice.title and "evaluation" in notice.title
    assert str(w.credit.public_id) in notice.url
    w.credit.refresh_from_db()
    assert w.credit.evaluation_reminded_at == now
    assert reminders.credit_evaluations_remind(now=now + dt.timedelta(days=1)) == 0
    assert Notification.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("completed_days_ago", "status", "evaluated"),
    [
        (2, CreditStatus.APPROVED, False),  # too soon
        (None, CreditStatus.APPROVED, False),  # the work goes on
        (4, CreditStatus.APPROVED, True),  # evaluated already
        (4, CreditStatus.REQUESTED, False),  # never approved
        (4, CreditStatus.DECLINED, False),
        (4, CreditStatus.SIGNED_OFF, False),
    ],
)
def test_no_evaluation_reminder_before_it_is_owed(completed_days_ago, status, evaluated):
    w = make_credit_world(completed_days_ago=completed_days_ago, status=status)
    if evaluated:
        CompetencyEvaluationFactory(credit_request=w.credit)
    assert reminders.credit_evaluations_remind(now=timezone.now()) == 0
    assert not Notification.objects.exists()


# Reflection owed ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_student_alone_hears_once_that_a_reflection_is_owed():
    w = make_credit_world()
    CompetencyEvaluationFactory(credit_request=w.credit)
    assert reminders.credit_reflections_remind(now=timezone.now()) == 1
    assert _told() == {w.student.pk}
    assert "reflection" in Notification.objects.get().title
    assert reminders.credit_reflections_remind(now=timezone.now()) == 0
    w.credit.refresh_from_db()
    assert w.credit.reflection_reminded_at is not None
    assert w.credit.evaluation_reminded_at is None


@pytest.mark.django_db
def test_a_student_who_reflected_or_whose_work_ended_lately_hears_nothing():
    reflected = make_credit_world()
    ReflectionFactory(credit_request=reflected.credit)
    make_credit_world(completed_days_ago=1)
    assert reminders.credit_reflections_remind(now=timezone.now()) == 0


@pytest.mark.django_db
def test_both_reminders_of_one_credit_reach_each_side():
    w = make_credit_world()
    now = timezone.now()
    assert reminders.credit_evaluations_remind(now=now) == 2
    assert reminders.credit_reflections_remind(now=now) == 1
    assert _told() == w.members | {w.student.pk}


# Sign-off owed --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_confirmed_instructors_hear_once_a_week_after_both_are_in():
    w = make_credit_world(completed_days_ago=20)
    _both_in(w.credit, evaluated_days_ago=10, reflected_days_ago=8)
    assert reminders.credit_sign_offs_remind(now=timezone.now()) == 2
    assert _told() == w.instructors
    assert w.waiting_instructor.pk not in _told()
    assert "sign-off" in Notification.objects.first().title
    assert reminders.credit_sign_offs_remind(now=timezone.now()) == 0


@pytest.mark.django_db
def test_the_week_counts_from_the_later_of_the_two():
    w = make_credit_world(completed_days_ago=20)
    _both_in(w.credit, evaluated_days_ago=12, reflected_days_ago=6)
    assert reminders.credit_sign_offs_remind(now=timezone.now()) == 0
    assert reminders.credit_sign_offs_remind(now=timezone.now() + dt.timedelta(days=1, hours=1)) == 2


@pytest.mark.django_db
def test_no_sign_off_reminder_with_one_part_missing_or_once_signed_off():
    missing = make_credit_world(completed_days_ago=20)
    CompetencyEvaluationFactory(credit_request=missing.credit)
    signed = make_credit_world(completed_days_ago=20)
    _both_in(signed.credit, evaluated_days_ago=10, reflected_days_ago=10)
    CreditRequest.objects.filter(pk=signed.credit.pk).update(
        status=CreditStatus.SIGNED_OFF, result=CreditResult.PASS, signed_off_at=timezone.now()
    )
    assert reminders.credit_sign_offs_remind(now=timezone.now()) == 0


@pytest.mark.django_db
def test_many_credits_are_told_in_batches(monkeypatch):
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)
    worlds = [make_credit_world() for _ in range(5)]
    assert reminders.credit_reflections_remind(now=timezone.now()) == 5
    assert _told() == {w.student.pk for w in worlds}


@pytest.mark.django_db
def test_the_scan_costs_a_fixed_number_of_queries_per_batch(django_assert_max_num_queries):
    for _ in range(6):
        make_credit_world()
    # The claim (select and stamp), the members, one notice insert per credit, the empty last claim.
    with django_assert_max_num_queries(2 + 2 + 1 + 6 + 2 + 2):
        assert reminders.credit_evaluations_remind(now=timezone.now()) == 12


# Once only, whatever runs them ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan", "expected"),
    [
        (reminders.credit_evaluations_remind, 2),
        (reminders.credit_reflections_remind, 1),
        (reminders.credit_sign_offs_remind, 2),
    ],
)
def test_two_overlapping_scans_tell_each_person_once(run_overlapping, scan, expected):
    w = make_credit_world(completed_days_ago=20)
    if scan is reminders.credit_sign_offs_remind:
        _both_in(w.credit, evaluated_days_ago=10, reflected_days_ago=9)
    assert run_overlapping(scan, timezone.now()) == [expected, 0]
    assert Notification.objects.count() == expected


def test_a_reminder_delivered_twice_to_the_worker_emails_the_student_once(
    celery_worker_process, deliver_twice_and_wait
):
    w = make_credit_world()
    CompetencyEvaluationFactory(credit_request=w.credit)

    deliver_twice_and_wait(celery_worker_process, credit_reflections_remind, expected_emails=1)

    assert list(Notification.objects.values_list("user_id", flat=True)) == [w.student.pk]
    sent = celery_worker_process.sent_emails()
    assert [message["To"] for message in sent] == [w.student.email]


# The schedule ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", SCHEDULED)
def test_each_credit_reminder_is_scheduled_daily_and_runs_as_a_task(path):
    scheduled = PeriodicTask.objects.get(task=path)
    assert scheduled.enabled and scheduled.description
    assert scheduled.crontab is not None and scheduled.interval is None
    task = import_string(path)
    assert task.name == path
    assert (task.acks_late, task.reject_on_worker_lost, task.ignore_result) == (True, True, True)
    assert task.apply().get() == 0
