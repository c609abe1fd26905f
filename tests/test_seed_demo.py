"""`manage.py seed_demo` and the skills taxonomy it loads.

The command runs at a tenth of its default size here (`--scale 0.1`); `make run` uses the full size.
"""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Role, User
from applications.models import Application, ApplicationStatus
from courses.models import Course, CourseProjectOrigin, CourseProjectStatus, CreditRequest, CreditStatus
from credentials.models import Credential
from demo import data
from demo.builder import DemoBuilder
from demo.builder.term import TERM_PROJECTS, TERM_STUDENTS, term_window_start
from employers.models import Employer, EmployerMember, MemberRole
from engagements.models import (
    Engagement,
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentStatus,
    Review,
    ReviewSide,
)
from exploration.models import FutureHire
from projects.models import Project, ProjectStatus, Skill, SkillCategory, Visibility
from projects.skills_taxonomy import SKILLS, skill_taxonomy_sync
from reports.filters import ReportFilters, term_containing
from reports.selectors import funnel_report
from students.models import StudentProfile
from universities.models import CareerStaffMembership, Partnership, PartnershipStatus, University

SCALE = "0.1"
DEMO_APPS = {
    "accounts",
    "universities",
    "employers",
    "students",
    "projects",
    "applications",
    "engagements",
    "account",
    "auth",
    "notifications",
}


def seed(*extra: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--scale", SCALE, *extra, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table the demo data touches, many-to-many tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in DEMO_APPS:
            counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.fixture
def seeded(db) -> str:
    return seed()


# ---------------------------------------------------------------- taxonomy


def test_taxonomy_is_about_200_well_formed_skills():
    assert 190 <= len(SKILLS) <= 240
    names = [name for name, _, _ in SKILLS]
    slugs = [slugify(name) for name in names]
    assert len(set(names)) == len(names)
    assert len(set(slugs)) == len(slugs) and all(slugs)
    assert {category for _, category, _ in SKILLS} == set(SkillCategory.values)
    synonyms = [s for _, _, group in SKILLS for s in group]
    assert all(s == s.lower() and s.strip() == s and s for s in synonyms)
    assert [s for s, n in Counter(synonyms).items() if n > 1] == [], "a synonym belongs to two skills"
    lowered_names = {name.lower() for name in names}
    assert [s for s in synonyms if s in lowered_names] == [], "a synonym repeats a skill's name"
    assert ("Machine learning", "data", ["ml", "scikit-learn"]) in SKILLS


def test_demo_templates_only_use_taxonomy_skills():
    names = {name for name, _, _ in SKILLS}
    for template in data.PROJECT_TEMPLATES:
        assert set(template.required) | set(template.nice) <= names, template.key
        assert template.field in SkillCategory.values
        assert 5 <= template.hours[0] <= template.hours[1] <= 40
        assert template.deliverables
    assert {t.field for t in data.PROJECT_TEMPLATES} == set(SkillCategory.values)


@pytest.mark.django_db
def test_skill_taxonomy_sync_adds_and_updates_and_is_idempotent():
    assert Skill.objects.count() == len(SKILLS)  # the data migration loaded the list
    assert skill_taxonomy_sync() == (0, 0)
    Skill.objects.filter(name="Search engine optimisation").delete()
    Skill.objects.filter(name="Python").update(synonyms=["snake"], category="other")
    Skill.objects.create(name="Basket weaving", slug="basket-weaving")  # hand-made skills are kept

    assert skill_taxonomy_sync() == (1, 1)
    assert Skill.objects.get(slug="search-engine-optimisation").synonyms == [
        "seo",
        "search engine optimization",
    ]
    python = Skill.objects.get(name="Python")
    assert (python.category, python.synonyms) == ("software", ["python3", "py"])
    assert Skill.objects.filter(name="Basket weaving").exists()
    assert skill_taxonomy_sync() == (0, 0)


# ---------------------------------------------------------------- seed_demo


def test_seed_demo_builds_a_world_of_the_expected_size(seeded):
    assert "Demo data loaded" in seeded and "student@demo.test" in seeded
    assert University.objects.count() == 6
    assert all(u.domains.exists() for u in University.objects.all())
    for university in University.objects.annotate(n=Count("staff_memberships")):
        assert 1 <= university.n <= 2
    assert 4 <= Employer.objects.count() <= 6
    for employer in Employer.objects.annotate(n=Count("memberships")):
        assert 1 <= employer.n <= 3
        assert employer.memberships.filter(role=MemberRole.OWNER).count() == 1
    assert 90 + TERM_STUDENTS <= StudentProfile.objects.count() <= 110 + TERM_STUDENTS
    assert (
        StudentProfile.objects.filter(verified_at__isnull=False).count()
        > 0.7 * StudentProfile.objects.count()
    )
    assert StudentProfile.objects.filter(verified_at__isnull=True).exists()
    assert 25 + len(TERM_PROJECTS) <= Project.objects.count() <= 40 + len(TERM_PROJECTS)
    assert Application.objects.count() >= 60
    assert Skill.objects.count() == len(SKILLS)


def test_every_status_is_present(seeded):
    def statuses(model):
        return set(model.objects.values_list("status", flat=True))

    assert statuses(Project) == set(ProjectStatus.values)
    assert statuses(Application) == set(ApplicationStatus.values)
    assert statuses(Partnership) == set(PartnershipStatus.values)
    assert statuses(Engagement) == set(EngagementStatus.values)
    assert statuses(Milestone) == set(MilestoneStatus.values)
    assert statuses(Payment) == set(PaymentStatus.values)
    assert Project.objects.filter(visibility=Visibility.PARTNERS).exists()


def test_the_seeded_state_is_consistent(seeded):
    now = timezone.now()
    for project in Project.objects.all():
        assert (
            project.accepted_count == project.applications.filter(status=ApplicationStatus.ACCEPTED).count()
        )
        assert project.accepted_count <= project.openings
        assert 5 <= project.estimated_hours <= 40
        assert project.fee >= 15 * project.estimated_hours
        assert project.deliverables and project.required_skills.exists()
        if project.status == ProjectStatus.OPEN:
            assert project.application_deadline > now and project.accepted_count < project.openings
    for application in Application.objects.prefetch_related("events"):
        events = [e.status for e in application.events.all()]
        assert events[0] == ApplicationStatus.SUBMITTED and events[-1] == application.status
        if application.status == ApplicationStatus.REJECTED:
            assert application.decision_note
    for engagement in Engagement.objects.select_related("project", "application"):
        project = engagement.project
        assert engagement.application.status == ApplicationStatus.ACCEPTED
        assert (engagement.fee, engagement.currency, engagement.estimated_hours, engagement.due_date) == (
            project.fee,
            project.currency,
            project.estimated_hours,
            project.due_date,
        )
        assert engagement.milestones.count() == len(project.deliverables)
        if engagement.status == EngagementStatus.COMPLETED:
            assert engagement.payment.amount == engagement.fee
            assert not engagement.milestones.exclude(status=MilestoneStatus.APPROVED).exists()
    reviews_per_completed = Counter(
        Engagement.objects.filter(status=EngagementStatus.COMPLETED)
        .annotate(n=Count("reviews"))
        .values_list("n", flat=True)
    )
    assert reviews_per_completed[2] and reviews_per_completed[1]
    assert Review.objects.filter(rating__gte=1, rating__lte=5).count() == Review.objects.count()
    for profile in StudentProfile.objects.annotate(n=Count("skills")):
        assert 3 <= profile.n <= 8 and 5 <= profile.weekly_hours_available <= 25
    # Everything has happened already, except what is meant to lie ahead.
    assert not Application.objects.filter(created_at__gt=now).exists()
    assert not Payment.objects.filter(paid_at__gt=now).exists()
    # Every account can log in: a confirmed, primary email address each.
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()


def test_demo_logins_authenticate_and_are_wired_in(seeded):
    for account in data.DEMO_ACCOUNTS:
        user = authenticate(email=account.email, password=data.DEMO_PASSWORD)
        assert user is not None and user.email == account.email
    anyone = User.objects.filter(role=Role.STUDENT).exclude(email__endswith="@demo.test").first()
    assert authenticate(email=anyone.email, password=data.DEMO_PASSWORD) == anyone

    first_university = University.objects.get(slug=data.UNIVERSITIES[0].slug)
    ada = StudentProfile.objects.get(user__email="student@demo.test")
    assert ada.is_verified and ada.university == first_university and ada.skills.count() >= 3
    assert set(ada.applications.values_list("status", flat=True)) >= {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
    }
    assert ada.engagements.filter(
        status=EngagementStatus.COMPLETED, payment__status=PaymentStatus.PAID
    ).exists()

    owner = EmployerMember.objects.get(user__email="employer@demo.test")
    assert owner.role == MemberRole.OWNER and owner.employer.name == data.EMPLOYERS[0].name
    assert Application.objects.filter(project__employer=owner.employer).count() >= 5
    assert (
        EmployerMember.objects.get(user__email="employer2@demo.test").employer.name == data.EMPLOYERS[1].name
    )

    career = User.objects.get(email="career@demo.test")
    assert career.is_staff and career.career_staff.university == first_university
    assert Partnership.objects.filter(
        university=first_university, status=PartnershipStatus.REQUESTED
    ).exists()
    group = Group.objects.filter(name=data.CAREER_OFFICE_GROUP).first()
    if group is not None:
        staff_ids = set(CareerStaffMembership.objects.values_list("user_id", flat=True))
        assert staff_ids <= set(group.user_set.values_list("id", flat=True))
    assert User.objects.get(email="admin@demo.test").is_superuser


def test_the_career_office_has_a_term_of_activity_to_report_on(seeded):
    """career@demo.test's university: a cohort signing up over the current term, applying week after week,
    engagements completed and cancelled with hours, payments on time and late, reviews both ways."""
    university = User.objects.get(email="career@demo.test").career_staff.university
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(term_window_start(today), dt.time()))
    assert term_window_start(today) <= term_containing(today).start
    assert (today - term_window_start(today)).days >= 14 * 7

    cohort = StudentProfile.objects.filter(university=university, created_at__gte=start)
    assert cohort.count() >= TERM_STUDENTS
    assert cohort.values("major").distinct().count() >= 5
    assert cohort.values("graduation_year").distinct().count() >= 3
    assert 0 < cohort.filter(verified_at__isnull=False).count() < cohort.count()
    # Everything the profile wizard asks for (students.selectors.student_profile_progress), résumé included.
    complete = (
        cohort.exclude(major="")
        .exclude(bio="")
        .exclude(resume="")
        .filter(graduation_year__isnull=False, skills__isnull=False, verified_at__isnull=False)
        .distinct()
    )
    assert complete.exists()
    assert all(profile.resume.storage.exists(profile.resume.name) for profile in complete)
    signup_weeks = {day.isocalendar()[:2] for day in cohort.values_list("created_at", flat=True)}
    assert len(signup_weeks) >= 10

    applications = Application.objects.filter(student__university=university, created_at__gte=start)
    assert applications.count() >= 40
    assert len({a.isocalendar()[:2] for a in applications.values_list("created_at", flat=True)}) >= 8
    assert applications.filter(status=ApplicationStatus.ACCEPTED).exists()
    assert applications.filter(status=ApplicationStatus.REJECTED).exists()

    engagements = Engagement.objects.filter(student__university=university)
    completed = engagements.filter(status=EngagementStatus.COMPLETED, completed_at__gte=start)
    cancelled = engagements.filter(status=EngagementStatus.CANCELLED, cancelled_at__gte=start)
    assert completed.count() >= 3 and cancelled.exists()
    assert HoursLog.objects.filter(engagement__in=completed).exists()
    assert HoursLog.objects.filter(engagement__in=cancelled).exists()
    payments = Payment.objects.filter(engagement__student__university=university, created_at__gte=start)
    assert payments.filter(status=PaymentStatus.PAID, paid_at__lte=F("due_at")).exists()  # on time
    assert payments.filter(status=PaymentStatus.PAID, paid_at__gt=F("due_at")).exists()  # late
    reviews = Review.objects.filter(engagement__in=completed)
    assert set(reviews.values_list("side", flat=True)) == {ReviewSide.STUDENT, ReviewSide.EMPLOYER}

    partners = Partnership.objects.filter(university=university, status=PartnershipStatus.ACTIVE)
    posted = Project.objects.filter(
        employer__in=partners.values("employer"), published_at__gte=start
    ).exclude(status=ProjectStatus.DRAFT)
    assert posted.values("employer").distinct().count() >= 2
    assert posted.values("field").distinct().count() >= 5


def test_the_demo_student_holds_a_credential_for_each_completed_project(seeded):
    student = User.objects.get(email="student@demo.test")
    completed = Engagement.objects.filter(student__user=student, status=EngagementStatus.COMPLETED)

    assert completed.exists()
    assert set(Credential.objects.filter(student__user=student).values_list("engagement", flat=True)) == set(
        completed.values_list("pk", flat=True)
    )


def test_the_career_office_reports_show_the_term_right_after_seeding(seeded):
    """The reports read rollups that beat refreshes every few minutes: seeding builds them, so the demo career
    account's funnel is full on its first visit."""
    university = User.objects.get(email="career@demo.test").career_staff.university
    today = timezone.localdate()
    filters = ReportFilters(university=university, start=term_window_start(today), end=today)

    steps = {step.key: step.count for step in funnel_report(university=university, filters=filters).steps}

    assert steps["signed_up"] >= TERM_STUDENTS
    assert 0 < steps["applied"] < steps["signed_up"]


def test_the_demo_accounts_have_a_few_unread_notices_and_nobody_is_emailed(seeded, mailoutbox):
    from notifications.models import EmailState, Notification

    for email in ("student@demo.test", "employer@demo.test"):
        notices = Notification.objects.filter(user__email=email)
        assert notices.exists(), email
        assert 1 <= notices.filter(read_at__isnull=True).count() <= 3
    assert not Notification.objects.exclude(email_state=EmailState.NONE).exists()
    assert mailoutbox == []


def test_a_second_run_changes_nothing(seeded):
    before = row_counts()
    skills_before = list(Skill.objects.values_list("name", "category", "synonyms").order_by("name"))
    output = seed()
    assert "already loaded" in output
    assert row_counts() == before
    assert list(Skill.objects.values_list("name", "category", "synonyms").order_by("name")) == skills_before


def test_a_deleted_demo_login_comes_back(seeded):
    User.objects.filter(email="employer2@demo.test").delete()
    seed()
    assert authenticate(email="employer2@demo.test", password=data.DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_demo_accounts_from_an_earlier_version_are_reused():
    """An older seed_demo made the bare demo logins; the new one builds the world around them."""
    from accounts.services import user_create_verified

    earlier = user_create_verified(email="student@demo.test", password="old", role=Role.STUDENT)
    StudentProfile.objects.create(user=earlier, major="History")
    seed()
    profile = StudentProfile.objects.get(user__email="student@demo.test")
    assert profile.user_id == earlier.pk and profile.major == "Economics" and profile.is_verified
    assert EmailAddress.objects.filter(email="student@demo.test").count() == 1


@pytest.mark.django_db
def test_the_plan_is_the_same_every_time():
    now = timezone.now() - dt.timedelta(days=3)

    def plan() -> tuple:
        builder = DemoBuilder(scale=0.1, now=now)
        builder.plan()
        return (
            [u.email for u in builder.users],
            [(r.project.title, r.project.status, r.project.accepted_count) for r in builder.projects],
            [(a.student.user.email, a.status, a.created_at) for a in builder.applications],
        )

    assert plan() == plan()


def test_seed_demo_refuses_a_site_that_sends_real_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with pytest.raises(CommandError, match="real email"):
        call_command("seed_demo", "--scale", "0.1")


def test_the_demo_faculty_teaches_a_course_with_ada_enrolled(seeded, client):
    faculty = User.objects.get(email="faculty@demo.test")
    course = Course.objects.get(instructors__user=faculty)
    assert faculty.faculty.is_confirmed and faculty.faculty.university.slug == data.UNIVERSITIES[0].slug
    assert course.enrolments.filter(student__user__email="student@demo.test").exists()
    assert course.enrolments.count() >= 5
    client.force_login(faculty)
    page = client.get(reverse("courses:detail", args=[course.public_id]))
    assert page.status_code == 200 and "Ada Student" in page.text


def test_the_demo_course_has_credit_at_every_stage(seeded):
    course = Course.objects.get(instructors__user__email="faculty@demo.test")
    assert course.term_end > timezone.localdate()  # always in progress
    credits = list(
        CreditRequest.objects.filter(course=course).select_related("engagement", "evaluation", "reflection")
    )
    stages = {
        (
            c.status,
            c.engagement.status,
            hasattr(c, "evaluation"),
            hasattr(c, "reflection"),
        )
        for c in credits
    }
    assert {
        (CreditStatus.REQUESTED, EngagementStatus.ACTIVE, False, False),
        (CreditStatus.APPROVED, EngagementStatus.ACTIVE, False, False),
        (CreditStatus.APPROVED, EngagementStatus.COMPLETED, False, False),
        (CreditStatus.APPROVED, EngagementStatus.COMPLETED, True, False),
        (CreditStatus.APPROVED, EngagementStatus.COMPLETED, False, True),
        (CreditStatus.APPROVED, EngagementStatus.COMPLETED, True, True),
        (CreditStatus.SIGNED_OFF, EngagementStatus.COMPLETED, True, True),
        (CreditStatus.DECLINED, EngagementStatus.ACTIVE, False, False),
    } <= stages
    enrolled = set(course.enrolments.values_list("student_id", flat=True))
    assert {c.student_id for c in credits} <= enrolled
    assert all(c.engagement.student_id == c.student_id for c in credits)
    assert {c.result for c in credits if c.status == CreditStatus.SIGNED_OFF} == {"pass", "grade"}
    for credit in credits:
        if hasattr(credit, "reflection"):
            assert len(credit.reflection.outcome_answers) == len(credit.required_outcomes)
    # Brightlane (employer@demo.test) owes an evaluation, has a course-only project and a proposal waiting.
    assert any(
        c.engagement.employer.memberships.filter(user__email="employer@demo.test").exists()
        and c.status == CreditStatus.APPROVED
        and c.engagement.status == EngagementStatus.COMPLETED
        and not hasattr(c, "evaluation")
        for c in credits
    )
    links = {(link.status, link.origin, link.project.visibility) for link in course.course_projects.all()}
    assert links == {
        (CourseProjectStatus.PROPOSED, CourseProjectOrigin.PROPOSAL, Visibility.PUBLIC),
        (CourseProjectStatus.ACCEPTED, CourseProjectOrigin.PROPOSAL, Visibility.COURSE),
        (CourseProjectStatus.ACCEPTED, CourseProjectOrigin.ADOPTION, Visibility.PUBLIC),
    }
    course_only = course.course_projects.get(project__visibility=Visibility.COURSE).project
    assert set(course_only.audience_members.values_list("student_id", flat=True)) == enrolled
    assert course_only.application_deadline.date() <= course.term_end
    assert course_only.due_date <= course.term_end
    window = (course_only.dates_window_start, course_only.dates_window_end)
    assert window == (course.term_start, course.term_end)


def test_the_demo_employer_has_a_talent_list_with_ada_on_it(seeded):
    marks = FutureHire.objects.filter(employer__memberships__user__email="employer@demo.test")
    assert marks.count() >= 2
    ada = marks.get(student__user__email="student@demo.test")
    assert ada.shown_on_portfolio and ada.engagement.status == EngagementStatus.COMPLETED


def test_nothing_waits_past_the_auto_close_and_no_thread_repeats_a_line(seeded, settings):
    close_days = settings.MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"]
    cutoff = timezone.now() - dt.timedelta(days=close_days)
    waiting = [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED]
    pending = Application.objects.filter(status__in=waiting)
    assert pending.exists() and not pending.filter(created_at__lte=cutoff).exists()
    repeated = (
        Message.objects.filter(engagement__isnull=False)
        .values("engagement_id", "body")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not repeated.exists()
