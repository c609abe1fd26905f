"""Writes for universities: partnerships with employers, the career-office staff, email domains and the
students' requests for a university to be added."""

import re

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from employers.models import Employer
from universities import notices
from universities.career_office import CAREER_OFFICE_GROUP, CAREER_OFFICE_PERMISSIONS
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipSide,
    PartnershipStatus,
    University,
    UniversityDomain,
    UniversityRequest,
    UniversityRequestStatus,
)
from universities.permissions import (
    is_employer_owner,
    require_partnership_decider,
    require_university_manager,
)
from universities.selectors import LIVE_STATUSES as LIVE_PARTNERSHIP_STATUSES
from universities.selectors import email_domain_claimed_q


def _live_partnership_exists_error(status: str) -> ValidationError:
    if status == PartnershipStatus.ACTIVE:
        message = "This employer and university are already partners."
    else:
        message = "A partnership request between this employer and university is already waiting."
    return ValidationError(message, code="partnership_exists")


def _live_status(*, employer: Employer, university: University) -> str | None:
    return (
        Partnership.objects.filter(
            employer=employer, university=university, status__in=LIVE_PARTNERSHIP_STATUSES
        )
        .values_list("status", flat=True)
        .first()
    )


def partnership_request(
    *,
    employer: Employer,
    university: University,
    by: User,
    side: PartnershipSide,
    message: str = "",
) -> Partnership:
    """Ask for a partnership, on behalf of the employer (an owner) or the university (its career staff).

    The other side decides. Refused while a request is waiting or a partnership is active; a declined or
    ended one may be asked again. The partial unique constraint settles two simultaneous requests. The
    other side is told.
    """
    if side == PartnershipSide.EMPLOYER:
        if not is_employer_owner(user=by, employer=employer):
            raise PermissionDenied(
                "Only an owner of the organisation may ask for a partnership on its behalf."
            )
    elif side == PartnershipSide.UNIVERSITY:
        require_university_manager(
            user=by, university_id=university.pk, action="ask for a partnership on its behalf"
        )
    else:
        raise ValidationError(
            "A partnership is requested by the employer or the university.", code="invalid_side"
        )

    live = _live_status(employer=employer, university=university)
    if live is not None:
        raise _live_partnership_exists_error(live)
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                employer=employer,
                university=university,
                requested_by_side=side,
                requested_by=by,
                message=message.strip(),
            )
            notices.partnership_requested(partnership=partnership)
    except IntegrityError:
        live = _live_status(employer=employer, university=university)
        raise _live_partnership_exists_error(live or PartnershipStatus.REQUESTED) from None
    return partnership


def _partnership_decide(
    *, partnership: Partnership, by: User, target: PartnershipStatus, verb: str, present: str
) -> Partnership:
    require_partnership_decider(partnership=partnership, user=by, verb=present)
    with transaction.atomic():
        locked = (
            Partnership.objects.select_for_update(of=("self",))
            .select_related("employer", "university")
            .get(pk=partnership.pk)
        )
        if locked.status == target:
            return locked
        if locked.status != PartnershipStatus.REQUESTED:
            raise ValidationError(
                f"Only a waiting request can be {verb}; this partnership is "
                f"{locked.get_status_display().lower()}.",
                code="invalid_transition",
            )
        locked.status = target
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        notices.partnership_decided(partnership=locked, by=by)
    return locked


def partnership_approve(*, partnership: Partnership, by: User) -> Partnership:
    """requested → active, by the side that did not ask. Approving an active partnership again changes
    nothing."""
    return _partnership_decide(
        partnership=partnership, by=by, target=PartnershipStatus.ACTIVE, verb="approved", present="approve"
    )


def partnership_decline(*, partnership: Partnership, by: User) -> Partnership:
    """requested → declined, by the side that did not ask. Either side may ask again later."""
    return _partnership_decide(
        partnership=partnership, by=by, target=PartnershipStatus.DECLINED, verb="declined", present="decline"
    )


def partnership_end(*, partnership: Partnership, by: User) -> Partnership:
    """active → ended. Partners-only postings of the employer stop being visible to the students at once."""
    require_university_manager(user=by, university_id=partnership.university_id, action="end a partnership")
    with transaction.atomic():
        locked = (
            Partnership.objects.select_for_update(of=("self",))
            .select_related("employer", "university")
            .get(pk=partnership.pk)
        )
        if locked.status == PartnershipStatus.ENDED:
            return locked
        if locked.status != PartnershipStatus.ACTIVE:
            raise ValidationError(
                "Only an active partnership can be ended; this one is "
                f"{locked.get_status_display().lower()}.",
                code="invalid_transition",
            )
        locked.status = PartnershipStatus.ENDED
        locked.ended_by = by
        locked.ended_at = timezone.now()
        locked.save(update_fields=["status", "ended_by", "ended_at", "updated_at"])
        notices.partnership_ended(partnership=locked, by=by)
    return locked


def career_office_group() -> Group:
    """The "Career office" group. The data migration creates it; this recreates it on a flushed database."""
    group, created = Group.objects.get_or_create(name=CAREER_OFFICE_GROUP)
    if created:
        condition = Q(pk__in=[])
        for app_label, codename in CAREER_OFFICE_PERMISSIONS:
            condition |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(condition))
    return group


def career_staff_add(*, user: User, university: University) -> CareerStaffMembership:
    """Make `user` career-office staff of `university`: membership, admin access and the group's permissions.

    The account must already be a career-staff account (students and employer members are refused, so
    nobody changes sides by accident). Adding the same person again changes nothing.
    """
    if user.role != Role.CAREER_STAFF:
        raise ValidationError(
            "Only a career-staff account can join a career office; this account is a "
            f"{user.get_role_display().lower()} account.",
            code="not_career_staff_account",
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        membership = CareerStaffMembership.objects.filter(user=locked).select_related("university").first()
        if membership is not None and membership.university_id != university.pk:
            raise ValidationError(
                f"{user.email} is already career staff of {membership.university}.",
                code="staff_of_other_university",
            )
        if membership is None:
            membership = CareerStaffMembership.objects.create(user=locked, university=university)
        if not locked.is_staff:
            locked.is_staff = True
            locked.save(update_fields=["is_staff", "updated_at"])
        locked.groups.add(career_office_group())
    user.is_staff = True
    return membership


# --- Email domains ------------------------------------------------------------------------------------------

_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def university_domain_normalise(domain: str) -> str:
    """`domain` in the form it is stored (lower case, no @ or trailing dot); ValidationError when it is no
    domain, or a bare top-level one (`edu`) that would match half the world."""
    value = (domain or "").strip().lower().lstrip("@").rstrip(".")
    labels = value.split(".")
    if len(value) > 253 or len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        raise ValidationError(
            {"domain": ["Give an email domain such as uni.edu (no @, at least one dot)."]},
            code="invalid_domain",
        )
    return value


def university_domain_add(*, university: University, domain: str) -> UniversityDomain:
    """Give `university` the email domain; adding it again changes nothing, and a domain another university
    holds is refused. Call `students.services.university_domain_claim`, which also verifies the students
    already on the domain, rather than this alone."""
    value = university_domain_normalise(domain)
    existing = UniversityDomain.objects.filter(domain=value).select_related("university").first()
    if existing is None:
        try:
            with transaction.atomic():
                return UniversityDomain.objects.create(university=university, domain=value)
        except IntegrityError:
            existing = UniversityDomain.objects.select_related("university").get(domain=value)
    if existing.university_id != university.pk:
        raise ValidationError(
            {"domain": [f"{value} is already an email domain of {existing.university}."]}, code="domain_taken"
        )
    return existing


def university_requests_mark_added(*, claimed: UniversityDomain) -> int:
    """Mark the waiting requests on the claimed domain (or a sub-domain it owns) added; how many were."""
    now = timezone.now()
    return (
        UniversityRequest.objects.filter(status=UniversityRequestStatus.PENDING)
        .filter(email_domain_claimed_q(field="domain", claimed=claimed, email=False))
        .update(
            status=UniversityRequestStatus.ADDED,
            university_id=claimed.university_id,
            handled_at=now,
            updated_at=now,
        )
    )


def university_requests_decline(*, requests: QuerySet[UniversityRequest]) -> int:
    """Site staff turn waiting requests down (not a university, a public mail domain...); how many were."""
    now = timezone.now()
    return requests.filter(status=UniversityRequestStatus.PENDING).update(
        status=UniversityRequestStatus.DECLINED, handled_at=now, updated_at=now
    )
