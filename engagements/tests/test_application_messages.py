"""The thread before the decision: an employer member writes to an applicant, the student answers, and the
messages carry over to the engagement on acceptance; rate limits, reports, access, notices, the API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import reauthenticate
from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from employers.factories import EmployerMemberFactory
from engagements.models import Message, MessageReport
from engagements.services import application_accept
from engagements.services.account_deletion import account_delete
from engagements.services.application_messages import (
    MessageRateLimited,
    application_message_send,
    message_report,
)
from notifications.models import Notification, NotificationKind
from projects.factories import ProjectFactory


def _send(application, by, body="Could we have a short call on Tuesday?"):
    return application_message_send(application=application, by=by, body=body)


def _thread_url(application, suffix=""):
    return reverse(f"applications:{suffix or 'messages'}", kwargs={"public_id": application.public_id})


def _api_url(application):
    return reverse("api-application-message-list", kwargs={"public_id": application.public_id})


# The rules ---------------------------------------------------------------------------------------------


def test_a_member_writes_and_the_student_answers(application, member):
    _send(application, member)
    answer = _send(application, application.student.user, "Tuesday at 10 works for me.")
    assert answer.engagement is None and answer.application == application
    bodies = list(Message.objects.filter(application=application).values_list("body", flat=True))
    assert bodies == ["Could we have a short call on Tuesday?", "Tuesday at 10 works for me."]


def test_the_student_cannot_open_a_thread(application):
    with pytest.raises(ValidationError) as refusal:
        _send(application, application.student.user)
    assert refusal.value.code == "thread_closed"
    assert not Message.objects.exists()


def test_outsiders_cannot_write(application, other_member, visitors):
    for outsider in (other_member, visitors["student"], visitors["career_staff"]):
        with pytest.raises(PermissionDenied):
            _send(application, outsider)
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "status", [ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.CLOSED]
)
def test_a_decided_application_has_a_read_only_thread(application, member, status):
    _send(application, member)
    application.status = status
    application.save(update_fields=["status"])
    for who in (member, application.student.user):
        with pytest.raises(ValidationError) as refusal:
            _send(application, who, "One more thing.")
        assert refusal.value.code == "thread_closed"
    assert Message.objects.count() == 1


def test_acceptance_carries_the_thread_over_to_the_engagement(application, member):
    _send(application, member)
    _send(application, application.student.user, "Happy to talk.")
    other = ApplicationFactory(project=application.project)
    _send(other, member, "A question for someone else.")
    application_accept(application=application, by=member)
    engagement = application.engagement
    assert list(engagement.messages.values_list("body", flat=True)) == [
        "Could we have a short call on Tuesday?",
        "Happy to talk.",
    ]
    assert Message.objects.get(application=other).engagement is None
    with pytest.raises(ValidationError):  # after acceptance the engagement's thread is the place
        _send(application, member, "Welcome!")


def test_the_daily_limit_per_applicant(application, member, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "APPLICATION_MESSAGES_PER_DAY": 2}
    _send(application, member)
    _send(application, member, "And another thing.")
    with pytest.raises(MessageRateLimited) as refusal:
        _send(application, member, "A third.")
    assert 0 < refusal.value.retry_after <= 86400
    # Messages older than a day no longer count.
    Message.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    _send(application, member, "A day later.")


def test_two_tabs_cannot_both_take_the_last_message(run_overlapping, application, member, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "APPLICATION_MESSAGES_PER_DAY": 1}

    def attempt(now):
        try:
            _send(application, member)
        except MessageRateLimited:
            return "limited"
        return "sent"

    assert run_overlapping(attempt, timezone.now()) == ["sent", "limited"]
    assert Message.objects.count() == 1


def test_the_hourly_limit_on_new_threads(member, employer, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "APPLICATION_THREADS_PER_HOUR": 2}
    project = ProjectFactory(employer=employer, published=True, openings=5)
    first, second, third = ApplicationFactory.create_batch(3, project=project)
    _send(first, member)
    _send(second, member)
    _send(first, member, "Following up is not a new thread.")
    with pytest.raises(MessageRateLimited):
        _send(third, member)
    # A teammate has their own allowance.
    teammate = EmployerMemberFactory(employer=employer).user
    _send(third, teammate)


def test_the_student_reports_a_message_once(application, member):
    message = _send(application, member)
    student = application.student.user
    report = message_report(application=application, message=message, by=student, reason="spam")
    again = message_report(application=application, message=message, by=student, reason="other")
    assert again == report and MessageReport.objects.count() == 1
    own = _send(application, student, "My answer.")
    with pytest.raises(ValidationError):
        message_report(application=application, message=own, by=student, reason="spam")
    with pytest.raises(ValidationError):
        message_report(application=application, message=message, by=student, reason="nonsense")


def test_the_student_is_told_once_per_burst(application, member):
    _send(application, member)
    _send(application, member, "Also: do you know Figma?")
    notices = Notification.objects.filter(user=application.student.user, kind=NotificationKind.MESSAGE)
    assert notices.count() == 1
    assert reverse("applications:detail", kwargs={"public_id": application.public_id}) in notices.get().url
    _send(application, application.student.user, "I do.")
    assert Notification.objects.filter(user=member, kind=NotificationKind.MESSAGE).count() == 1
    _send(application, member, "Great, thanks.")
    assert notices.count() == 2


# The pages ---------------------------------------------------------------------------------------------


def test_the_employer_messages_from_the_applicant_page_without_js(client, application, member):
    client.force_login(member)
    page = reverse("manage:applicant", kwargs={"public_id": application.public_id})
    assert "Send a message" in client.get(page).content.decode()
    response = client.post(_thread_url(application, "message_send"), {"message-body": "Hello there"})
    assert response.status_code == 302 and response.url == page + "#messages"
    assert "Hello there" in client.get(page).content.decode()


def test_the_thread_has_a_page_of_its_own_for_both_sides(client, application, member):
    _send(application, member)
    for who, heading in ((member, "Messages with"), (application.student.user, "Messages with")):
        client.force_login(who)
        response = client.get(_thread_url(application))
        html = response.content.decode()
        assert response.status_code == 200 and heading in html and "Could we have a short call" in html


def test_htmx_answers_the_card(client, application, member):
    client.force_login(member)
    response = client.post(
        _thread_url(application, "message_send"), {"message-body": "Hello there"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="messages"' in html and "<html" not in html
    assert "Message sent." in html


def test_the_student_replies_and_reports_on_their_application_page(client, application, member):
    message = _send(application, member)
    client.force_login(application.student.user)
    page = reverse("applications:detail", kwargs={"public_id": application.public_id})
    html = client.get(page).content.decode()
    assert "Could we have a short call" in html and "Report this message" in html
    response = client.post(_thread_url(application, "message_send"), {"message-body": "Sure!"})
    assert response.status_code == 302 and response.url == page + "#messages"
    report_url = reverse(
        "applications:message_report", kwargs={"public_id": application.public_id, "pk": message.pk}
    )
    response = client.post(report_url, {"report-reason": "scam", "report-details": "Asked for my bank."})
    assert response.status_code == 302
    assert MessageReport.objects.get().details == "Asked for my bank."
    assert "You reported this message." in client.get(page).content.decode()


def test_the_page_shows_the_refusal_with_429(client, application, member, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "APPLICATION_MESSAGES_PER_DAY": 1}
    _send(application, member)
    client.force_login(member)
    response = client.post(_thread_url(application, "message_send"), {"message-body": "Again"})
    assert response.status_code == 429
    assert "in the last 24 hours" in response.content.decode()
    assert Message.objects.count() == 1


def test_an_empty_message_re_renders_with_the_error(client, application, member):
    client.force_login(member)
    response = client.post(_thread_url(application, "message_send"), {"message-body": "  "})
    assert response.status_code == 200
    assert "Write a message first." in response.content.decode()


def test_outsiders_get_404_on_the_pages(client, application, other_member, visitors):
    message = _send(application, EmployerMemberFactory(employer=application.project.employer).user)
    report_url = reverse(
        "applications:message_report", kwargs={"public_id": application.public_id, "pk": message.pk}
    )
    for outsider in (other_member, visitors["student"], visitors["career_staff"]):
        client.force_login(outsider)
        assert client.get(_thread_url(application)).status_code == 404
        assert client.post(_thread_url(application, "message_send"), {"message-body": "x"}).status_code == 404
        assert client.post(report_url, {"report-reason": "spam"}).status_code == 404
    client.logout()
    assert client.get(_thread_url(application)).status_code == 302  # to the login page
    assert Message.objects.count() == 1 and not MessageReport.objects.exists()


def test_the_employer_page_query_count_does_not_grow_with_the_thread(client, application, member):
    client.force_login(member)
    page = reverse("manage:applicant", kwargs={"public_id": application.public_id})
    _send(application, member)
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for i in range(20):
        Message.objects.create(application=application, sender=application.student.user, body=f"Answer {i}")
        Message.objects.create(application=application, sender=member, body=f"Question {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)
    assert "Question 19" in response.content.decode()
    assert len(many) == len(one)


def test_the_student_page_query_count_does_not_grow_with_the_thread(client, application, member):
    client.force_login(application.student.user)
    page = reverse("applications:detail", kwargs={"public_id": application.public_id})
    _send(application, member)
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for i in range(20):
        Message.objects.create(application=application, sender=member, body=f"Question {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)
    assert "Question 19" in response.content.decode()
    assert len(many) == len(one)


# The API -----------------------------------------------------------------------------------------------


def test_the_api_lists_and_sends_for_both_sides(api, application, member):
    api.force_login(member)
    response = api.post(_api_url(application), {"body": "Hello from the API"}, format="json")
    assert response.status_code == 201 and response.json()["side"] == "employer"
    api.force_login(application.student.user)
    assert api.post(_api_url(application), {"body": "Hi!"}, format="json").status_code == 201
    listed = api.get(_api_url(application)).json()
    assert [row["body"] for row in listed["results"]] == ["Hi!", "Hello from the API"]
    assert listed["results"][0]["is_mine"] is True


def test_the_api_refuses_with_field_errors_and_429(api, application, member, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "APPLICATION_MESSAGES_PER_DAY": 1}
    api.force_login(member)
    response = api.post(_api_url(application), {"body": ""}, format="json")
    assert response.status_code == 400 and "body" in response.json()["errors"]
    assert api.post(_api_url(application), {"body": "One"}, format="json").status_code == 201
    response = api.post(_api_url(application), {"body": "Two"}, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["type"] == "throttled"
    api.force_login(application.student.user)
    application.status = ApplicationStatus.REJECTED
    application.save(update_fields=["status"])
    assert api.post(_api_url(application), {"body": "Late"}, format="json").status_code == 400


def test_the_api_reports_a_message(api, application, member):
    message = _send(application, member)
    api.force_login(application.student.user)
    url = reverse(
        "api-application-message-report", kwargs={"public_id": application.public_id, "pk": message.pk}
    )
    response = api.post(url, {"reason": "inappropriate"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "open"
    assert api.post(url, {"reason": "bogus"}, format="json").status_code == 400


def test_the_api_hides_the_thread_from_outsiders(api, application, member, other_member, visitors):
    message = _send(application, member)
    report = reverse(
        "api-application-message-report", kwargs={"public_id": application.public_id, "pk": message.pk}
    )
    assert api.get(_api_url(application)).status_code in (401, 403)
    for outsider, code in ((other_member, 404), (visitors["student"], 404), (visitors["career_staff"], 403)):
        api.force_login(outsider)
        assert api.get(_api_url(application)).status_code == code
        assert api.post(_api_url(application), {"body": "x"}, format="json").status_code == code
        assert api.post(report, {"reason": "spam"}, format="json").status_code == code
    assert Message.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 30])
def test_the_api_list_runs_a_constant_number_of_queries(
    api, application, member, rows, django_assert_num_queries
):
    for i in range(rows):
        Message.objects.create(application=application, sender=member, body=f"Question {i}")
    api.force_login(member)
    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        assert api.get(_api_url(application)).status_code == 200


QUERIES_FOR_THE_LIST = 5


# The student's data -------------------------------------------------------------------------------------


def test_the_data_export_holds_the_thread_before_a_decision(client, application, member):
    _send(application, member)
    _send(application, application.student.user, "Tuesday works.")
    client.force_login(application.student.user)
    reauthenticate(client)
    response = client.get(reverse("students:export"))
    [exported] = response.json()["marketplace"]["applications"]
    assert [(m["from"], m["body"]) for m in exported["messages"]] == [
        (member.get_full_name(), "Could we have a short call on Tuesday?"),
        ("you", "Tuesday works."),
    ]


def test_deleting_the_account_erases_the_students_answers_in_open_threads(application, member):
    _send(application, member)
    _send(application, application.student.user, "My phone number is 555-0100.")
    account_delete(user=application.student.user)
    assert list(Message.objects.values_list("body", flat=True)) == ["Could we have a short call on Tuesday?"]
