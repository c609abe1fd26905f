"""The thread card's context before the decision: the thread as the reader sees it and its empty forms.

Here, with the forms, rather than in `engagements.views`, because two apps' pages show the card: the
student's application page (`engagements.views.application_messages`) and the employer's applicant page
(`matching.views_applicants`), and an interface never imports another app's views.
"""

from django.http import HttpRequest
from django.urls import reverse

from applications.models import Application
from engagements.access import ApplicationSide
from engagements.forms.activity import MessageForm, MessageReportForm
from engagements.selectors_application import application_thread


def application_page_url(application: Application, side: ApplicationSide) -> str:
    """The page each side reads the thread on: the applicant page, or the student's application page."""
    name = "manage:applicant" if side == "employer" else "applications:detail"
    return reverse(name, kwargs={"public_id": application.public_id})


def application_thread_context(
    request: HttpRequest, application: Application, side: ApplicationSide, **overrides
) -> dict:
    """What `engagements/_application_messages.html` shows: three queries whatever the thread's length."""
    thread = application_thread(application=application, user=request.user, side=side)
    return {
        "thread_side": side,
        "thread": thread,
        "thread_message_form": MessageForm(),
        "thread_report_form": MessageReportForm(),
        "thread_page_url": application_page_url(application, side),
        **overrides,
    }
