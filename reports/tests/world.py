"""A hand-built world whose report figures are known, for the spring term of 2026 (Jan 1 to May 31).

North University has six students: s1 to s5 signed up in the term, s6 the autumn before. South University
has one student, s7, who applies to the same project and works on it; none of it may show in North's
reports.

    student major     year verified  complete applications (created; answer)          engagement
    s1      Economics 2027 yes       yes      P1 Feb 1 (accepted Feb 5)               completed Mar 10
                                              P2 Mar 1 (accepted Mar 3)               completed Apr 10
    s2      Physics   2028 yes       yes      P1 Feb 2 (shortlisted Feb 3, acc. Feb 4) cancelled Mar 15
    s3      Economics 2027 yes       yes      P2 Mar 2 (rejected Mar 12)
    s4      Economics 2027 yes       no CV    P1 Mar 5 (submitted, no answer)
    s5      Physics   2028 no        no       P1 Mar 6 (closed unanswered)
    s6      Economics 2027 Oct 2025  yes      P1 Feb 10 (accepted Feb 16)             completed Mar 20

P1 (field data) is Employer One's, a partner since Feb 1 2026; P2 (field design) Employer Two's, not a
partner of North (but of South); Employer Three has been a partner since 2025 and posted nothing this term.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from employers.factories import EmployerFactory
from employers.models import Employer
from engagements.factories import EngagementFactory
from engagements.models import (
    Engagement,
    EngagementStatus,
    HoursLog,
    Payment,
    PaymentStatus,
    Review,
    ReviewSide,
)
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Project, SkillCategory
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus, University

START = dt.date(2026, 1, 1)
END = dt.date(2026, 5, 31)


def at(month: int, day: int, year: int = 2026, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@dataclass
class World:
    north: University
    south: University
    students: dict[str, StudentProfile]
    employers: dict[str, Employer]
    projects: dict[str, Project]
    engagements: dict[str, Engagement]


def _student(
    university: University,
    *,
    joined: dt.datetime,
    verified: dt.datetime | None,
    complete: bool,
    major: str,
    year: int,
    email: str,
    skill,
) -> StudentProfile:
    profile = StudentProfileFactory(
        university=university,
        verified_at=verified,
        major=major,
        graduation_year=year,
        bio="I like real projects." if complete else "",
        resume="resumes/cv.pdf" if complete else "",
        user__email=email,
        skills=[skill],
    )
    StudentProfile.objects.filter(pk=profile.pk).update(created_at=joined)
    return profile


def _apply(
    student: StudentProfile,
    project: Project,
    *,
    on: dt.datetime,
    status: str,
    events: list[tuple[str, dt.datetime]] = (),
) -> Application:
    application = ApplicationFactory(student=student, project=project, status=status)
    Application.objects.filter(pk=application.pk).update(created_at=on)
    for event_status, when in events:
        event = ApplicationEvent.objects.create(application=application, status=event_status)
        ApplicationEvent.objects.filter(pk=event.pk).update(created_at=when)
    application.refresh_from_db()
    return application


def _engage(
    application: Application, *, accepted: dt.datetime, status: str, ended: dt.datetime | None
) -> Engagement:
    fields = {}
    if status == EngagementStatus.COMPLETED:
        fields["completed_at"] = ended
    elif status == EngagementStatus.CANCELLED:
        fields["cancelled_at"] = ended
    engagement = EngagementFactory(application=application, status=status, **fields)
    Engagement.objects.filter(pk=engagement.pk).update(created_at=accepted)
    return engagement


def _hours(engagement: Engagement, day: dt.date, hours: str) -> None:
    HoursLog.objects.create(engagement=engagement, date=day, hours=Decimal(hours))


def _review(engagement: Engagement, side: str, rating: int, on: dt.datetime) -> None:
    review = Review.objects.create(engagement=engagement, side=side, rating=rating)
    Review.objects.filter(pk=review.pk).update(created_at=on)


def make_world() -> World:
    north = UniversityFactory(name="North University", slug="north")
    south = UniversityFactory(name="South University", slug="south")
    skill = SkillFactory()
    one = EmployerFactory(name="Employer One")
    two = EmployerFactory(name="Employer Two")
    three = EmployerFactory(name="Employer Three")
    PartnershipFactory(employer=one, university=north, status=PartnershipStatus.ACTIVE, decided_at=at(2, 1))
    PartnershipFactory(
        employer=three, university=north, status=PartnershipStatus.ACTIVE, decided_at=at(1, 1, 2025)
    )
    PartnershipFactory(employer=two, university=south, status=PartnershipStatus.ACTIVE, decided_at=at(3, 1))
    p1 = ProjectFactory(employer=one, field=SkillCategory.DATA, published=True, published_at=at(1, 15))
    p2 = ProjectFactory(employer=two, field=SkillCategory.DESIGN, published=True, published_at=at(1, 20))
    p3 = ProjectFactory(
        employer=three, field=SkillCategory.DATA, published=True, published_at=at(12, 1, 2025)
    )

    def student(name, university, joined, verified, complete, major, year):
        return _student(
            university,
            joined=joined,
            verified=verified,
            complete=complete,
            major=major,
            year=year,
            email=f"{name}@{university.slug}.edu",
            skill=skill,
        )

    s1 = student("s1", north, at(1, 10), at(1, 11), True, "Economics", 2027)
    s2 = student("s2", north, at(1, 20), at(1, 21), True, "Physics", 2028)
    s3 = student("s3", north, at(2, 5), at(2, 6), True, "Economics", 2027)
    s4 = student("s4", north, at(3, 1), at(3, 2), False, "Economics", 2027)
    s5 = student("s5", north, at(4, 1), None, False, "Physics", 2028)
    s6 = student("s6", north, at(10, 1, 2025), at(10, 2, 2025), True, "Economics", 2027)
    s7 = student("s7", south, at(1, 5), at(1, 6), True, "Economics", 2027)
    # Complete profiles need a bio and a résumé: s4 has a bio but no résumé.
    StudentProfile.objects.filter(pk=s4.pk).update(bio="Almost there.")

    accepted, rejected = ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED
    a11 = _apply(s1, p1, on=at(2, 1), status=accepted, events=[(accepted, at(2, 5))])
    a12 = _apply(s1, p2, on=at(3, 1), status=accepted, events=[(accepted, at(3, 3))])
    a21 = _apply(
        s2,
        p1,
        on=at(2, 2),
        status=accepted,
        events=[(ApplicationStatus.SHORTLISTED, at(2, 3)), (accepted, at(2, 4))],
    )
    _apply(s3, p2, on=at(3, 2), status=rejected, events=[(rejected, at(3, 12))])
    _apply(s4, p1, on=at(3, 5), status=ApplicationStatus.SUBMITTED)
    _apply(
        s5, p1, on=at(3, 6), status=ApplicationStatus.CLOSED, events=[(ApplicationStatus.CLOSED, at(3, 27))]
    )
    a61 = _apply(s6, p1, on=at(2, 10), status=accepted, events=[(accepted, at(2, 16))])
    a71 = _apply(s7, p1, on=at(2, 1), status=accepted, events=[(accepted, at(2, 2))])

    completed, cancelled = EngagementStatus.COMPLETED, EngagementStatus.CANCELLED
    e11 = _engage(a11, accepted=at(2, 5), status=completed, ended=at(3, 10))
    e12 = _engage(a12, accepted=at(3, 3), status=completed, ended=at(4, 10))
    e21 = _engage(a21, accepted=at(2, 4), status=cancelled, ended=at(3, 15))
    e61 = _engage(a61, accepted=at(2, 16), status=completed, ended=at(3, 20))
    e71 = _engage(a71, accepted=at(2, 2), status=completed, ended=at(3, 1))

    _hours(e11, dt.date(2026, 2, 20), "4")
    _hours(e11, dt.date(2026, 3, 5), "6")
    _hours(e21, dt.date(2026, 3, 1), "2.5")
    _hours(e12, dt.date(2026, 6, 5), "3")  # after the term
    _hours(e71, dt.date(2026, 2, 20), "7")

    paid = PaymentStatus.PAID
    Payment.objects.create(
        engagement=e11,
        amount=Decimal("200"),
        currency="USD",
        status=paid,
        due_at=at(3, 20),
        paid_at=at(3, 12),
    )
    Payment.objects.create(
        engagement=e12,
        amount=Decimal("150"),
        currency="EUR",
        status=paid,
        due_at=at(4, 20),
        paid_at=at(4, 30),
    )
    Payment.objects.create(
        engagement=e61, amount=Decimal("80"), currency="USD", status=PaymentStatus.PENDING, due_at=at(4, 1)
    )
    Payment.objects.create(
        engagement=e71, amount=Decimal("999"), currency="USD", status=paid, due_at=at(3, 10), paid_at=at(3, 5)
    )

    _review(e11, ReviewSide.EMPLOYER, 5, at(3, 12))
    _review(e12, ReviewSide.EMPLOYER, 4, at(4, 12))
    _review(e11, ReviewSide.STUDENT, 3, at(3, 12))
    _review(e71, ReviewSide.EMPLOYER, 1, at(3, 2))
    _review(e71, ReviewSide.STUDENT, 1, at(3, 2))

    return World(
        north=north,
        south=south,
        students={"s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5, "s6": s6, "s7": s7},
        employers={"one": one, "two": two, "three": three},
        projects={"p1": p1, "p2": p2, "p3": p3},
        engagements={"e11": e11, "e12": e12, "e21": e21, "e61": e61, "e71": e71},
    )
