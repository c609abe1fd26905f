"""The thread before the decision, for both sides of an application, and the student's application page
(it lives here because it shows the thread, an engagements read; see tests/test_architecture.py).

The employer's applicant page (`matching.views_applicants`) and the student's application page include
the thread card (`engagements/_application_messages.html`, context from
`engagements.forms.application_thread`). Without
JavaScript the forms post and redirect back to the page they came from (#messages); a form with errors is
shown on the thread's own page. With htmx the views answer the card alone, which replaces itself.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import role_page
from applications.models import PENDING_APPLICATION_STATUSES, Application
from applications.selectors import application_get_for_student
from engagements.access import ApplicationSide, application_get_for_party
from engagements.forms.activity import MessageForm, MessageReportForm
from engagements.forms.application_thread import application_page_url, application_thread_context
from engagements.models import Message
from engagements.services.application_messages import application_message_send, message_report
from engagements.views.common import party_page
from marketplace.forms import add_service_errors
from students.selectors import student_profile_get_for_user
from students.timezones import student_time_zone

CARD_TEMPLATE = "engagements/_application_messages.html"
PAGE_TEMPLATE = "engagements/application_messages.html"


def _render(
    request: HttpRequest, application: Application, side: ApplicationSide, **overrides
) -> HttpResponse:
    htmx = bool(request.headers.get("HX-Request"))
    context = {
        "application": application,
        **application_thread_context(request, application, side, **overrides),
    }
    template = CARD_TEMPLATE if htmx else PAGE_TEMPLATE
    if side == "employer":  # the applicant page is in the viewer's zone, the student's pages in theirs
        return render(request, template, context)
    with student_time_zone(application.student):
        return render(request, template, context)


@require_GET
@party_page
def thread(request: HttpRequest, public_id) -> HttpResponse:
    """The thread on its own page (and the card alone for htmx)."""
    application, side = application_get_for_party(user=request.user, public_id=public_id)
    return _render(request, application, side)


@require_POST
@party_page
def send(request: HttpRequest, public_id) -> HttpResponse:
    application, side = application_get_for_party(user=request.user, public_id=public_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            application_message_send(application=application, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        response = _render(request, application, side, thread_message_form=form)
        response.status_code = 429 if form.has_error(NON_FIELD_ERRORS, "rate_limited") else 200
        return response
    if request.headers.get("HX-Request"):
        return _render(request, application, side, thread_sent=True)
    messages.success(request, "Message sent.")
    return redirect(application_page_url(application, side) + "#messages")


@require_POST
@party_page
def report(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    application, side = application_get_for_party(user=request.user, public_id=public_id)
    message = Message.objects.filter(application=application, pk=pk).select_related("sender").first()
    if message is None:
        raise Http404("No such message.")
    form = MessageReportForm(request.POST)
    if form.is_valid():
        try:
            message_report(application=application, message=message, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else ValidationError(str(error)))
    if form.errors:
        return _render(request, application, side, thread_report_form=form, thread_report_of=message.pk)
    confirmation = "Thank you: the message was reported to the site's staff, who will look into it."
    if request.headers.get("HX-Request"):
        return _render(request, application, side, thread_reported=confirmation)
    messages.success(request, confirmation)
    return redirect(application_page_url(application, side) + "#messages")


@role_page(Role.STUDENT)
def application_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The student's page of one application: status, timeline, what they sent, and the employer's thread."""
    profile = student_profile_get_for_user(user=request.user)  # without a profile, no applications: 404
    application = application_get_for_student(student=profile, public_id=public_id)
    context = {
        "profile": profile,
        "application": application,
        "project": application.project,
        "events": list(application.events.all()),
        "can_withdraw": application.status in PENDING_APPLICATION_STATUSES,
        **application_thread_context(request, application, "student"),
    }
    with student_time_zone(profile):
        return render(request, "applications/detail.html", context)
