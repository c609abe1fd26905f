"""The career office's admin, model by model: each university's staff see their own rows and nothing else.

Two universities, A and B, each with staff, a student, a partner employer, a partners-only posting, an
application and everything after it. For every model registered in the admin (universities, students,
employers, projects, applications, and accounts.User):
- A's staff see A's rows on the changelist and none of B's;
- A's staff opening B's change page directly are not shown it;
- the superuser sees both;
- the changelist runs the same number of queries with 1 row and with 50.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role, User
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from employers.factories import EmployerFactory, EmployerInvitationFactory, EmployerMemberFactory
from employers.models import Employer, EmployerInvitation, EmployerMember
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    HoursLog,
    Message,
    MessageReport,
    MessageReportReason,
    Milestone,
    Payment,
    Review,
    ReviewSide,
)
from projects.factories import ProjectFactory, SkillFactory
from projects.models import (
    Project,
    ProjectAudienceMember,
    Report,
    ReportReason,
    SavedProject,
    Skill,
    Visibility,
)
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.career_office import CAREER_OFFICE_PERMISSIONS
from universities.factories import (
    CareerStaffFactory,
    PartnershipFactory,
    UniversityDomainFactory,
    UniversityFactory,
)
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipStatus,
    University,
    UniversityDomain,
    UniversityRequest,
)
from universities.services import career_staff_add

pytestmark = pytest.mark.django_db

SCOPED_APPS = ["universities", "students", "employers", "projects", "applications", "engagements"]
ADMIN_MODELS = [model for model in apps.get_models() if model._meta.app_label in SCOPED_APPS or model is User]
# Site-staff business that no career office sees, whatever permissions it is given.
HIDDEN_FROM_CAREER_OFFICES = {
    EmployerMember,
    EmployerInvitation,
    Report,
    Message,
    MessageReport,
    EngagementReadMark,
    UniversityRequest,
    ProjectAudienceMember,
}


@dataclass
class Side:
    """One university's world, and the rows its career staff must see."""

    university: University
    staff: CareerStaffMembership
    student: StudentProfile
    employer: Employer
    project: Project
    application: Application
    engagement: Engagement
    milestone: Milestone
    rows: dict[type[Model], list[Model]] = field(default_factory=dict)

    def visible_to_its_staff(self, model: type[Model]) -> set[int]:
        if model in HIDDEN_FROM_CAREER_OFFICES:
            return set()
        if model is User:
            return {self.student.user.pk, self.staff.user.pk}
        return {row.pk for row in self.rows[model]}

    def all_rows(self, model: type[Model]) -> set[int]:
        return {row.pk for row in self.rows[model]}


def build_side(label: str) -> Side:
    university = UniversityFactory(name=f"University {label}", slug=f"uni-{label}", domain=f"{label}.edu")
    staff_user = UserFactory(role=Role.CAREER_STAFF, email=f"staff@{label}.edu", mfa=True)
    staff = career_staff_add(user=staff_user, university=university)
    employer = EmployerFactory(name=f"Employer {label}", slug=f"employer-{label}")
    member = EmployerMemberFactory(employer=employer)
    invitation = EmployerInvitationFactory(employer=employer)
    partnership = PartnershipFactory(
        employer=employer, university=university, status=PartnershipStatus.ACTIVE
    )
    student = StudentProfileFactory(university=university, user__email=f"student@{label}.edu")
    project = ProjectFactory(
        employer=employer, published=True, visibility=Visibility.PARTNERS, title=f"Partners-only {label}"
    )
    saved = SavedProject.objects.create(student=student, project=project)
    audience = ProjectAudienceMember.objects.create(student=student, project=project)
    report = Report.objects.create(project=project, reporter=student.user, reason=ReportReason.OTHER)
    application = ApplicationFactory(project=project, student=student, status=ApplicationStatus.ACCEPTED)
    event = ApplicationEvent.objects.create(
        application=application, status=ApplicationStatus.ACCEPTED, actor=member.user
    )
    engagement = EngagementFactory(application=application)
    milestone = MilestoneFactory(engagement=engagement)
    submission = DeliverableSubmission.objects.create(
        milestone=milestone, submitted_by=student.user, link=f"https://{label}.example/deliverable"
    )
    message = Message.objects.create(engagement=engagement, sender=student.user, body=f"Hello from {label}")
    message_report = MessageReport.objects.create(
        message=message, reporter=member.user, reason=MessageReportReason.SPAM
    )
    read_mark = EngagementReadMark.objects.create(
        engagement=engagement, user=student.user, last_read_at=message.created_at
    )
    hours = HoursLog.objects.create(engagement=engagement, date=dt.date(2026, 1, 5), hours=2)
    payment = Payment.objects.create(engagement=engagement, amount=500, currency="USD")
    review = Review.objects.create(
        engagement=engagement, side=ReviewSide.STUDENT, author=student.user, rating=5
    )
    request = UniversityRequest.objects.create(
        requested_by=UserFactory(email=f"asker@{label}-college.example"),
        name=f"College {label}",
        domain=f"{label}-college.example",
    )
    side = Side(university, staff, student, employer, project, application, engagement, milestone)
    side.rows = {
        University: [university],
        UniversityDomain: list(university.domains.all()),
        CareerStaffMembership: [staff],
        Partnership: [partnership],
        StudentProfile: [student],
        Employer: [employer],
        EmployerMember: [member],
        EmployerInvitation: [invitation],
        Project: [project],
        SavedProject: [saved],
        ProjectAudienceMember: [audience],
        Report: [report],
        Application: [application],
        ApplicationEvent: [event],
        Engagement: [engagement],
        Milestone: [milestone],
        DeliverableSubmission: [submission],
        Message: [message],
        MessageReport: [message_report],
        EngagementReadMark: [read_mark],
        HoursLog: [hours],
        Payment: [payment],
        Review: [review],
        User: [student.user, staff_user, member.user],
        UniversityRequest: [request],
    }
    return side


@pytest.fixture
def side_a() -> Side:
    return build_side("a")


@pytest.fixture
def side_b() -> Side:
    return build_side("b")


@pytest.fixture
def superuser() -> User:
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def grant_every_view_permission(user: User) -> None:
    """As if a site admin widened the group: scoping must still hold on its own."""
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))


def in_career_office_group(model: type[Model]) -> bool:
    return (model._meta.app_label, f"view_{model._meta.model_name}") in CAREER_OFFICE_PERMISSIONS


def changelist_url(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj: Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def shown_pks(client, model: type[Model]) -> set[int]:
    response = client.get(changelist_url(model) + "?all=")
    assert response.status_code == 200, response
    return {row.pk for row in response.context["cl"].result_list}


def model_id(model: type[Model]) -> str:
    return model._meta.label


MODELS_WITH_SIDES = [model for model in ADMIN_MODELS if model is not Skill]


# --- Every model is in the scoped admin ---------------------------------------------------------------------


def test_every_model_of_the_marketplace_is_registered_with_a_scoped_admin():
    for model in ADMIN_MODELS:
        assert isinstance(admin.site._registry.get(model), CareerOfficeScopedAdmin), model


# --- Changelists --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS_WITH_SIDES, ids=model_id)
def test_staff_see_their_universitys_rows_and_not_the_others(client, side_a, side_b, model):
    client.force_login(side_a.staff.user)
    if not in_career_office_group(model):
        assert client.get(changelist_url(model)).status_code == 403
        return
    shown = shown_pks(client, model)
    assert shown == side_a.visible_to_its_staff(model)
    assert not shown & side_b.all_rows(model)


@pytest.mark.parametrize("model", MODELS_WITH_SIDES, ids=model_id)
def test_scoping_holds_even_with_every_view_permission(client, side_a, side_b, model):
    grant_every_view_permission(side_a.staff.user)
    client.force_login(side_a.staff.user)
    shown = shown_pks(client, model)
    assert shown == side_a.visible_to_its_staff(model)
    assert not shown & side_b.all_rows(model)


def test_the_skills_taxonomy_is_shared(client, side_a):
    SkillFactory.create_batch(3)
    grant_every_view_permission(side_a.staff.user)
    client.force_login(side_a.staff.user)
    response = client.get(changelist_url(Skill))
    assert response.context["cl"].result_count == Skill.objects.count()


def test_the_career_office_group_may_not_browse_the_taxonomy(client, side_a):
    client.force_login(side_a.staff.user)
    assert client.get(changelist_url(Skill)).status_code == 403


@pytest.mark.parametrize("model", MODELS_WITH_SIDES, ids=model_id)
def test_the_superuser_sees_both_universities(client, side_a, side_b, superuser, model):
    client.force_login(superuser)
    shown = shown_pks(client, model)
    assert side_a.all_rows(model) <= shown
    assert side_b.all_rows(model) <= shown


def test_staff_without_a_membership_see_nothing(client, side_a):
    loose = UserFactory(role=Role.CAREER_STAFF, is_staff=True)
    grant_every_view_permission(loose)
    client.force_login(loose)
    for model in ADMIN_MODELS:
        assert shown_pks(client, model) == set(), model


# --- Change pages -------------------------------------------------------------------------------------------


def assert_not_shown(client, obj: Model) -> None:
    response = client.get(change_url(obj))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        # Django's admin answers a row outside the queryset like a missing one.
        assert response.url == reverse("admin:index")
        followed = client.get(response.url)
        assert "doesn\u2019t exist" in followed.content.decode()
    history = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])
    assert client.get(history).status_code in (302, 403, 404)


@pytest.mark.parametrize("model", MODELS_WITH_SIDES, ids=model_id)
def test_staff_opening_another_universitys_row_are_not_shown_it(client, side_a, side_b, model):
    grant_every_view_permission(side_a.staff.user)
    client.force_login(side_a.staff.user)
    for obj in side_b.rows[model]:
        assert_not_shown(client, obj)


@pytest.mark.parametrize("model", MODELS_WITH_SIDES, ids=model_id)
def test_staff_open_their_own_rows_and_the_superuser_opens_any(client, side_a, side_b, superuser, model):
    client.force_login(side_a.staff.user)
    mine = [row for row in side_a.rows[model] if row.pk in side_a.visible_to_its_staff(model)]
    for obj in mine:
        expected = 200 if in_career_office_group(model) else 403
        assert client.get(change_url(obj)).status_code == expected, obj
    client.force_login(superuser)
    for obj in side_a.rows[model] + side_b.rows[model]:
        assert client.get(change_url(obj)).status_code == 200, obj


# --- Query budgets ------------------------------------------------------------------------------------------


def add_rows(model: type[Model], side: Side, n: int) -> None:
    """`n` more rows of `model` that A's staff (and the superuser) see."""
    university = side.university

    def engagements() -> list[Engagement]:
        return EngagementFactory.create_batch(
            n, application__student__university=university, application__project=side.project
        )

    if model is University:
        UniversityFactory.create_batch(n)
    elif model is UniversityDomain:
        UniversityDomainFactory.create_batch(n, university=university)
    elif model is CareerStaffMembership:
        CareerStaffFactory.create_batch(n, university=university)
    elif model is Partnership:
        PartnershipFactory.create_batch(n, university=university)
    elif model in (StudentProfile, User):
        StudentProfileFactory.create_batch(n, university=university)
    elif model is Employer:
        for employer in EmployerFactory.create_batch(n):
            PartnershipFactory(employer=employer, university=university)
    elif model is EmployerMember:
        EmployerMemberFactory.create_batch(n, employer=side.employer)
    elif model is EmployerInvitation:
        EmployerInvitationFactory.create_batch(n, employer=side.employer)
    elif model is Skill:
        SkillFactory.create_batch(n)
    elif model is Project:
        ProjectFactory.create_batch(n, employer=side.employer, published=True, visibility=Visibility.PARTNERS)
    elif model is SavedProject:
        for project in ProjectFactory.create_batch(n, employer=side.employer, published=True):
            SavedProject.objects.create(student=side.student, project=project)
    elif model is Report:
        for reporter in UserFactory.create_batch(n):
            Report.objects.create(project=side.project, reporter=reporter, reason=ReportReason.SCAM)
    elif model is Application:
        for student in StudentProfileFactory.create_batch(n, university=university):
            ApplicationFactory(project=side.project, student=student)
    elif model is ApplicationEvent:
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(application=side.application, status=ApplicationStatus.SHORTLISTED)
            for _ in range(n)
        )
    elif model is Engagement:
        engagements()
    elif model is Milestone:
        MilestoneFactory.create_batch(n, engagement=side.engagement)
    elif model is DeliverableSubmission:
        DeliverableSubmission.objects.bulk_create(
            DeliverableSubmission(milestone=side.milestone, link=f"https://example.com/{i}") for i in range(n)
        )
    elif model is Message:
        Message.objects.bulk_create(Message(engagement=side.engagement, body=f"m{i}") for i in range(n))
    elif model is MessageReport:
        for i, reporter in enumerate(UserFactory.create_batch(n)):
            message = Message.objects.create(
                application=side.application, sender=side.student.user, body=f"r{i}"
            )
            MessageReport.objects.create(message=message, reporter=reporter, reason=MessageReportReason.OTHER)
    elif model is EngagementReadMark:
        EngagementReadMark.objects.bulk_create(
            EngagementReadMark(engagement=side.engagement, user=user, last_read_at=side.engagement.created_at)
            for user in UserFactory.create_batch(n)
        )
    elif model is HoursLog:
        HoursLog.objects.bulk_create(
            HoursLog(engagement=side.engagement, date=dt.date(2026, 2, 1), hours=1) for _ in range(n)
        )
    elif model is Payment:
        for engagement in engagements():
            Payment.objects.create(engagement=engagement, amount=100, currency="USD")
    elif model is Review:
        for engagement in engagements():
            Review.objects.create(engagement=engagement, side=ReviewSide.EMPLOYER, rating=4)
    elif model is ProjectAudienceMember:
        ProjectAudienceMember.objects.bulk_create(
            ProjectAudienceMember(project=side.project, student=student)
            for student in StudentProfileFactory.create_batch(n, university=side.university)
        )
    elif model is UniversityRequest:
        UniversityRequest.objects.bulk_create(
            UniversityRequest(requested_by=user, name="A college", domain=f"college{i % 3}.example")
            for i, user in enumerate(UserFactory.create_batch(n))
        )
    else:  # pragma: no cover - a new model needs a line here
        raise AssertionError(f"no row maker for {model}")


QUERY_BUDGET_CASES = [(model, "superuser") for model in ADMIN_MODELS] + [
    (model, "staff")
    for model in ADMIN_MODELS
    if model not in HIDDEN_FROM_CAREER_OFFICES and model is not University
]


@pytest.mark.parametrize(
    ("model", "viewer"), QUERY_BUDGET_CASES, ids=[f"{m._meta.label}-{v}" for m, v in QUERY_BUDGET_CASES]
)
def test_changelists_run_the_same_queries_with_1_and_50_rows(
    client, side_a, superuser, django_assert_num_queries, model, viewer
):
    if viewer == "staff":
        grant_every_view_permission(side_a.staff.user)
        client.force_login(side_a.staff.user)
    else:
        client.force_login(superuser)
    if model is Skill:
        Skill.objects.all().delete()  # the seeded taxonomy, so that the first measure is of one row
        SkillFactory()
    url = changelist_url(model)
    client.get(url)  # warm up whatever is cached per process (content types, templates)

    with CaptureQueriesContext(connection) as one_row:
        response = client.get(url)
    before = response.context["cl"].result_count

    add_rows(model, side_a, 49)
    with django_assert_num_queries(len(one_row.captured_queries)):
        response = client.get(url)
    assert response.context["cl"].result_count == before + 49
