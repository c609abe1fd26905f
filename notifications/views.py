"""Notification pages: the centre, the header badge, the settings, and the one-click unsubscribe.

Every page but the unsubscribe one is the logged-in user's own; notifications are looked up through the
user-scoped selector, so someone else's answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.forms import add_service_errors
from notifications.forms import NotificationPreferencesForm
from notifications.models import NotificationKind
from notifications.selectors import (
    CENTRE_PAGE_SIZE,
    notification_kinds_for_user,
    notification_list_for_user,
    notification_unread_count,
)
from notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_for_user,
    notification_preferences_set,
    notification_resubscribe,
    notification_unsubscribe,
    notification_unsubscribe_link_read,
)

# The header badge listens for this event (see templates/partials/nav.html) and fetches the count again.
CHANGED_EVENT = "notifications-changed"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    # A path on this site only: anything else (e.g. "-1") would be taken by redirect() for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        return target
    return fallback


# --- The centre ------------------------------------------------------------------------------------------


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(
        notification_list_for_user(user=request.user, unread_only=unread_only), CENTRE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {
            "page": page,
            "notifications": page.object_list,
            "unread_only": unread_only,
            "unread_count": notification_unread_count(user=request.user),
        },
    )


@login_required
@require_POST
def open_notification(request: HttpRequest, public_id) -> HttpResponse:
    """Mark the notice read and go where it leads (a path on this site; anything else stays here)."""
    notification = notification_mark_read(user=request.user, public_id=public_id)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:centre")


@login_required
@require_POST
def read(request: HttpRequest, public_id) -> HttpResponse:
    notification = notification_mark_read(user=request.user, public_id=public_id)
    if _is_htmx(request):
        response = render(
            request,
            "notifications/partials/item.html",
            {"notification": notification, "next": _safe_next(request, reverse("notifications:centre"))},
        )
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect(_safe_next(request, reverse("notifications:centre")))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    marked = notification_mark_all_read(user=request.user)
    if marked:
        messages.success(request, f"Marked {marked} notification{'' if marked == 1 else 's'} as read.")
    return redirect(_safe_next(request, reverse("notifications:centre")))


@never_cache
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the header, fetched by htmx so that no page pays a query for it. The anonymous
    get 204, which htmx leaves alone."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request, "notifications/partials/badge.html", {"count": notification_unread_count(user=request.user)}
    )


# --- Settings --------------------------------------------------------------------------------------------


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    kinds = notification_kinds_for_user(user=request.user)
    form = NotificationPreferencesForm(
        request.POST or None, preferences=notification_preferences_for_user(user=request.user, kinds=kinds)
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_preferences_set(user=request.user, deliveries=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# --- Unsubscribe (from an email, often logged out) -------------------------------------------------------


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners fetch links, and must not unsubscribe anyone); POST unsubscribes: the page's
    button, or a mail client's RFC 8058 one-click POST. CSRF does not apply: the signed token is the proof,
    and a mail client has no CSRF cookie. ``action=resubscribe`` undoes it."""
    try:
        if request.method == "GET":
            link = notification_unsubscribe_link_read(token=token)
            return render(request, "notifications/unsubscribe.html", {"link": link, "token": token})
        if request.POST.get("action") == "resubscribe":
            deliveries = {kind: request.POST.get(kind, "") for kind in NotificationKind.values}
            link = notification_resubscribe(token=token, deliveries=deliveries)
            return render(request, "notifications/unsubscribe_undone.html", {"link": link})
        done = notification_unsubscribe(token=token)
    except ValidationError as error:
        return render(
            request,
            "notifications/unsubscribe_invalid.html",
            {"message": " ".join(error.messages), "expired": getattr(error, "code", None) == "expired"},
            status=400,
        )
    return render(
        request,
        "notifications/unsubscribe_done.html",
        {"link": done.link, "previous": done.previous, "token": token},
    )
