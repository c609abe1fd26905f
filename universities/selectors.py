"""Reads for universities, and everything a career office may see of the marketplace.

Each `*_for_university` queryset is the whole of what that university's career office may see of one
model. The scoped admin (`universities.admin_scoping`) and the reporting pages build on these, so a
scoping rule is written once, here, and holds everywhere those rows are listed.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length

from accounts.models import User
from applications.models import Application, ApplicationEvent
from employers.models import Employer
from engagements.models import DeliverableSubmission, Engagement, HoursLog, Milestone, Payment, Review
from projects.models import Project, ProjectStatus, SavedProject
from projects.selectors import project_audience_q
from students.models import StudentProfile
from universities.models import (
    CareerStaffMembership,
    Partnership,
    University,
    UniversityDomain,
)

# A career office sees postings once they are live, and keeps seeing them while its students work on them.
VISIBLE_PROJECT_STATUSES = [ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED]


def university_for_staff(*, user: User) -> University | None:
    """The university whose career office `user` belongs to, or None."""
    if not user.is_authenticated:
        return None
    return University.objects.filter(staff_memberships__user_id=user.pk).first()


def university_for_email_domain(*, domain: str) -> University | None:
    """The university owning `domain` or its closest parent domain (`cs.uni.edu` → `uni.edu`).

    Bare top-level domains (`edu`) never match: a row like that would verify half the world.
    """
    labels = domain.strip().lower().rstrip(".").split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    if not candidates:
        return None
    best = (
        UniversityDomain.objects.filter(domain__in=candidates)
        .select_related("university")
        .order_by(Length("domain").desc())
        .first()
    )
    return best.university if best else None


def universities_for_staff_view(*, university: University) -> QuerySet[University]:
    return University.objects.filter(pk=university.pk)


def domains_for_university(*, university: University) -> QuerySet[UniversityDomain]:
    return UniversityDomain.objects.filter(university=university)


def staff_for_university(*, university: University) -> QuerySet[CareerStaffMembership]:
    return CareerStaffMembership.objects.filter(university=university)


def students_for_university(*, university: University) -> QuerySet[StudentProfile]:
    """Students linked to the university, verified or not (the office verifies the others)."""
    return StudentProfile.objects.filter(university=university)


def users_for_university(*, university: University, staff_user: User | None = None) -> QuerySet[User]:
    """Accounts of the university's students, plus the staff member's own."""
    condition = Q(student_profile__university=university)
    if staff_user is not None:
        condition |= Q(pk=staff_user.pk)
    return User.objects.filter(condition)


def partnerships_for_university(*, university: University) -> QuerySet[Partnership]:
    return Partnership.objects.filter(university=university)


def employers_for_university(*, university: University) -> QuerySet[Employer]:
    """Employers the office deals with: any partnership (past or present) or a posting its students see."""
    partnership = Partnership.objects.filter(employer=OuterRef("pk"), university=university)
    visible_project = projects_visible_to_university(university=university).filter(employer=OuterRef("pk"))
    return Employer.objects.filter(Exists(partnership) | Exists(visible_project))


def projects_visible_to_university(*, university: University) -> QuerySet[Project]:
    """Live postings open to all students, or to partners only while the partnership is active."""
    return Project.objects.filter(status__in=VISIBLE_PROJECT_STATUSES).filter(
        project_audience_q(university_id=university.pk)
    )


def saved_projects_for_university(*, university: University) -> QuerySet[SavedProject]:
    return SavedProject.objects.filter(student__university=university)


def applications_for_university(*, university: University) -> QuerySet[Application]:
    """Every application its students made, whatever the posting."""
    return Application.objects.filter(student__university=university)


def application_events_for_university(*, university: University) -> QuerySet[ApplicationEvent]:
    return ApplicationEvent.objects.filter(application__student__university=university)


def engagements_for_university(*, university: University) -> QuerySet[Engagement]:
    return Engagement.objects.filter(student__university=university)


def milestones_for_university(*, university: University) -> QuerySet[Milestone]:
    return Milestone.objects.filter(engagement__student__university=university)


def submissions_for_university(*, university: University) -> QuerySet[DeliverableSubmission]:
    return DeliverableSubmission.objects.filter(milestone__engagement__student__university=university)


def hours_logs_for_university(*, university: University) -> QuerySet[HoursLog]:
    return HoursLog.objects.filter(engagement__student__university=university)


def payments_for_university(*, university: University) -> QuerySet[Payment]:
    return Payment.objects.filter(engagement__student__university=university)


def reviews_for_university(*, university: University) -> QuerySet[Review]:
    return Review.objects.filter(engagement__student__university=university)
