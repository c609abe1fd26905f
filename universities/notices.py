"""Who hears of a partnership's moves: one function per event.

A partnership has two sides. The employer's members hear of what the career office does (asks, approves,
declines, ends); the university's career staff hear of what the employer does (asks, confirms, declines).
Nobody hears of what they did themselves, and nobody outside the two sides hears at all. Call these inside
the service's transaction, after the state change: the notices commit with it, their emails leave after.
A key names each event per partnership row, so a repeated call tells nobody twice.

Links go to each side's own place: the organisation page for the employer, the partnership's admin page for
the career office.
"""

from django.urls import reverse

from accounts.models import User
from employers.selectors import employer_member_ids
from notifications.models import NotificationKind
from notifications.services import Notice, notify_others
from notifications.text import excerpt
from universities.models import CareerStaffMembership, Partnership, PartnershipSide, PartnershipStatus


def career_staff_ids(*, university_id: int) -> list[int]:
    """The user ids of the university's active career staff, in a stable order."""
    memberships = CareerStaffMembership.objects.filter(university_id=university_id, user__is_active=True)
    return list(memberships.order_by("user_id").values_list("user_id", flat=True))


def _employer_url(partnership: Partnership) -> str:
    return reverse("employers:org_detail", kwargs={"slug": partnership.employer.slug}) + "#partnerships"


def _admin_url(partnership: Partnership) -> str:
    return reverse("admin:universities_partnership_change", args=[partnership.pk])


def _actor_id(by: User | None) -> int | None:
    return by.pk if by is not None else None


def _with_message(text: str, message: str) -> str:
    return f"{text}\n\nTheir message: {excerpt(message)}" if message else text


def partnership_requested(*, partnership: Partnership) -> int:
    """The side that did not ask learns of the request: the career staff of an employer's request, the
    members of the organisation of a university's."""
    employer, university = partnership.employer, partnership.university
    if partnership.requested_by_side == PartnershipSide.EMPLOYER:
        recipients = career_staff_ids(university_id=university.pk)
        title = f"{employer.name} asks {university.name} for a partnership"
        body = "Approve or decline the request in the admin's partnerships."
        url = _admin_url(partnership)
    else:
        recipients = employer_member_ids(employer_id=employer.pk)
        title = f"{university.name} invites {employer.name} to a partnership"
        body = (
            "As partners, your projects can be shown to its students only. An owner of your organisation "
            "confirms or declines the invitation on the organisation page."
        )
        url = _employer_url(partnership)
    return notify_others(
        user_ids=recipients,
        actor_id=_actor_id(partnership.requested_by),
        notice=Notice(
            kind=NotificationKind.PARTNERSHIP,
            key=f"partnership:{partnership.pk}:requested",
            title=title,
            body=_with_message(body, partnership.message),
            url=url,
        ),
    )


def partnership_decided(*, partnership: Partnership, by: User) -> int:
    """The side that asked learns of the other side's answer."""
    employer, university = partnership.employer, partnership.university
    approved = partnership.status == PartnershipStatus.ACTIVE
    if partnership.requested_by_side == PartnershipSide.EMPLOYER:
        recipients = employer_member_ids(employer_id=employer.pk)
        verb = "approved" if approved else "declined"
        title = f"{university.name} {verb} the partnership with {employer.name}"
        body = (
            f"{employer.name} and {university.name} are partners: projects for partner universities are now "
            f"shown to its students."
            if approved
            else f"You may ask {university.name} again later."
        )
        url = _employer_url(partnership)
    else:
        recipients = career_staff_ids(university_id=university.pk)
        verb = "confirmed" if approved else "declined"
        title = f"{employer.name} {verb} the partnership with {university.name}"
        body = (
            f"{employer.name} and {university.name} are partners."
            if approved
            else f"{employer.name} declined the invitation; you may ask again later."
        )
        url = _admin_url(partnership)
    return notify_others(
        user_ids=recipients,
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.PARTNERSHIP,
            key=f"partnership:{partnership.pk}:{partnership.status}",
            title=title,
            body=body,
            url=url,
        ),
    )


def partnership_ended(*, partnership: Partnership, by: User) -> int:
    """The employer's members learn that the career office ended the partnership."""
    employer, university = partnership.employer, partnership.university
    return notify_others(
        user_ids=employer_member_ids(employer_id=employer.pk),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.PARTNERSHIP,
            key=f"partnership:{partnership.pk}:ended",
            title=f"{university.name} ended the partnership with {employer.name}",
            body=(
                f"Projects for partner universities are no longer shown to {university.name}'s students. "
                "You may ask for a partnership again from the organisation page."
            ),
            url=_employer_url(partnership),
        ),
    )
