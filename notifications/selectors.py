"""Reading notifications: the centre's list, the unread badge, what the daily digest is made of."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from notifications.models import EmailState, Notification, NotificationKind

CENTRE_PAGE_SIZE = 25

# The kinds each role can receive, so the settings page does not offer choices that never apply
# (students are never told about applicants waiting; employers are never matched to projects).
KINDS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.STUDENT: (
        NotificationKind.NEW_MATCH,
        NotificationKind.APPLICATION_STATUS,
        NotificationKind.MESSAGE,
        NotificationKind.DELIVERABLE,
        NotificationKind.PAYMENT,
        NotificationKind.DEADLINE,
        NotificationKind.REVIEW_OWED,
    ),
    Role.EMPLOYER: (
        NotificationKind.APPLICATION_RECEIVED,
        NotificationKind.APPLICANTS_WAITING,
        NotificationKind.MESSAGE,
        NotificationKind.DELIVERABLE,
        NotificationKind.PAYMENT,
        NotificationKind.DEADLINE,
        NotificationKind.REVIEW_OWED,
    ),
    Role.CAREER_STAFF: (),
}


def notification_unread_count(*, user: User) -> int:
    """One COUNT on the partial index of unread rows (notification_user_unread): cheap at any volume."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list_for_user(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (the (user, -created_at) index); nothing else is joined, so a
    page of them is one query whatever its length."""
    notifications = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def notification_get_for_user(*, user: User, public_id: object) -> Notification:
    """The user's own notification; anyone else's answers 404, exactly like one that does not exist."""
    notification = Notification.objects.filter(user=user, public_id=public_id).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification


def notification_kinds_for_user(*, user: User) -> list[str]:
    """The kinds this user may set a preference for: those of their role, plus any kind they have actually
    been sent (so whatever reaches them can always be turned off), in the order of NotificationKind."""
    relevant = set(KINDS_BY_ROLE.get(user.role, NotificationKind.values))
    relevant.update(Notification.objects.filter(user=user).values_list("kind", flat=True).distinct())
    return [kind for kind in NotificationKind.values if kind in relevant]


def notification_digest_user_ids(*, after_user_id: int, limit: int) -> list[int]:
    """The next ``limit`` users (by id, after ``after_user_id``) with notices waiting for the digest; an index
    scan of notification_email_waiting (email_state, user), so each batch costs the same."""
    return list(
        Notification.objects.filter(email_state=EmailState.DIGEST, user_id__gt=after_user_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[:limit]
    )
