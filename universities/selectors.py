"""Reads for universities: whose career office a user belongs to, which university an email domain names,
and what a career office sees of its own university.

Each `*_for_university` queryset is the whole of what that university's career office may see of one
model, and it lives in the selectors of the app that owns the model (`students.selectors`,
`projects.selectors` (postings, and the employers it deals with), `applications.selectors`,
`engagements.selectors`), so no app reads the apps above it. The scoped admin
(`universities.admin_scoping`) builds on them, so a scoping rule is written once and holds everywhere those
rows are listed.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404

from accounts.models import User
from employers.models import Employer
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipStatus,
    University,
    UniversityDomain,
    UniversityRequest,
    UniversityRequestStatus,
)

LIVE_STATUSES = [PartnershipStatus.REQUESTED, PartnershipStatus.ACTIVE]


def university_for_staff(*, user: User) -> University | None:
    """The university whose career office `user` belongs to, or None."""
    if not user.is_authenticated:
        return None
    return University.objects.filter(staff_memberships__user_id=user.pk).first()


def universities_for_emails(*, emails: Iterable[str]) -> dict[str, University]:
    """For each address, the university owning its domain or closest parent domain (as
    `university_for_email_domain` decides for one), in one query for them all; addresses of no university
    are left out."""
    candidates: dict[str, list[str]] = {}
    for email in emails:
        labels = email.rpartition("@")[2].rstrip(".").split(".")
        candidates[email] = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    wanted = {domain for domains in candidates.values() for domain in domains}
    owners = {
        row.domain: row.university
        for row in UniversityDomain.objects.filter(domain__in=wanted).select_related("university")
    }
    found = {}
    for email, domains in candidates.items():
        owner = next((owners[domain] for domain in domains if domain in owners), None)
        if owner is not None:
            found[email] = owner
    return found


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


def users_for_university(*, university: University, staff_user: User | None = None) -> QuerySet[User]:
    """Accounts of the university's students, plus the staff member's own."""
    condition = Q(student_profile__university=university)
    if staff_user is not None:
        condition |= Q(pk=staff_user.pk)
    return User.objects.filter(condition)


def partnerships_for_university(*, university: University) -> QuerySet[Partnership]:
    return Partnership.objects.filter(university=university)


def partnership_list_for_employer(*, employer: Employer) -> QuerySet[Partnership]:
    """The organisation's current partnership with each university (the latest row of each pair: older
    declined or ended ones are history), by university name, with the university loaded."""
    latest = (
        Partnership.objects.filter(employer=employer)
        .order_by("university_id", "-created_at", "-pk")
        .distinct("university_id")
        .values("pk")
    )
    return (
        Partnership.objects.filter(pk__in=latest)
        .select_related("university")
        .order_by("university__name", "pk")
    )


def partnership_get_for_employer(*, employer: Employer, pk: int) -> Partnership:
    """One of the organisation's partnerships; 404 for any other (the caller has checked membership)."""
    partnership = (
        Partnership.objects.filter(employer=employer, pk=pk).select_related("employer", "university").first()
    )
    if partnership is None:
        raise Http404("No such partnership.")
    return partnership


def universities_open_to_employer(*, employer: Employer) -> QuerySet[University]:
    """The universities the organisation may ask for a partnership: all but those it has a waiting
    request or an active partnership with."""
    live = Partnership.objects.filter(employer=employer, status__in=LIVE_STATUSES).values("university_id")
    return University.objects.exclude(pk__in=live).order_by("name")


def email_domain_q(*, field: str, domain: str, email: bool) -> Q:
    """Rows whose `field` is on `domain` or one of its sub-domains: an email address (`email=True`:
    `a@uni.edu`, `a@cs.uni.edu`) or a bare domain (`uni.edu`, `cs.uni.edu`), never `evil-uni.edu`."""
    exact = {f"{field}__iendswith": f"@{domain}"} if email else {f"{field}__iexact": domain}
    return Q(**exact) | Q(**{f"{field}__iendswith": f".{domain}"})


def email_domain_claimed_q(*, field: str, claimed: UniversityDomain, email: bool) -> Q:
    """Rows whose `field` belongs to `claimed` by the rule of `university_for_email_domain`: on it or a
    sub-domain of it, unless a longer claimed domain (`cs.uni.edu` beside `uni.edu`) is closer."""
    condition = email_domain_q(field=field, domain=claimed.domain, email=email)
    closer = UniversityDomain.objects.filter(domain__endswith=f".{claimed.domain}").values_list(
        "domain", flat=True
    )
    for domain in closer:
        condition &= ~email_domain_q(field=field, domain=domain, email=email)
    return condition


def university_request_latest_for_user(*, user: User) -> UniversityRequest | None:
    """The student's latest request for a university to be added (waiting, added or declined), or None."""
    if not user.is_authenticated:
        return None
    return (
        UniversityRequest.objects.filter(requested_by_id=user.pk)
        .select_related("university")
        .order_by("-created_at", "-pk")
        .first()
    )


def university_requests_waiting() -> QuerySet[UniversityRequest]:
    return UniversityRequest.objects.filter(status=UniversityRequestStatus.PENDING)
