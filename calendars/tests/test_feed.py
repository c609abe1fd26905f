"""The feed as calendar apps fetch it: parsed back with the icalendar parser, whose events, UIDs and times
must be right, scoped to the feed's owner, revocable, and read in a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.factories import UserFactory
from accounts.models import Role
from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from calendars.services import calendar_feed_ensure, calendar_feed_reset
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import Engagement, EngagementStatus, Milestone
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, SavedProject
from students.factories import StudentProfileFactory
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
DOMAIN = "calendar.example.org"


@pytest.fixture(autouse=True)
def _calendar_uid_domain(settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "SITE_URL": f"https://{DOMAIN}"}


def feed_path(user) -> str:
    return reverse("calendars:feed", kwargs={"token": calendar_feed_ensure(user=user).token})


def fetch(client, user) -> dict[str, object]:
    """The user's feed, parsed: each event by its UID."""
    response = client.get(feed_path(user))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT")), "two events share a UID"
    return events


def uid(kind: str, public_id, suffix: str = "") -> str:
    return f"{kind}-{public_id}{suffix}@{DOMAIN}"


def save(profile, project) -> None:
    SavedProject.objects.create(student=profile, project=project)


def test_a_students_feed_has_their_deadlines_kickoff_milestones_and_due_date(client):
    world = make_engagement_world(milestones=2)
    engagement = world.engagement
    engagement.due_date = timezone.localdate() + dt.timedelta(days=20)
    engagement.save(update_fields=["due_date"])
    profile = engagement.student
    saved = ProjectFactory(published=True, title="Saved one")
    save(profile, saved)
    applied = ApplicationFactory(
        student=profile, project=ProjectFactory(published=True, title="Applied")
    ).project
    save(profile, applied)  # saved and applied to: one event, which says they applied
    rejected = ApplicationFactory(
        student=profile, project=ProjectFactory(published=True), status=ApplicationStatus.REJECTED
    ).project
    closed = ProjectFactory(published=True, status=ProjectStatus.IN_PROGRESS)
    save(profile, closed)
    undated = ProjectFactory(published=True, application_deadline=None)
    save(profile, undated)

    events = fetch(client, world.student)

    expected = {
        uid("project", saved.public_id, "-deadline"),
        uid("project", applied.public_id, "-deadline"),
        uid("engagement", engagement.public_id, "-kickoff"),
        uid("engagement", engagement.public_id, "-due"),
        *(uid("milestone", engagement.public_id, f"-{m.pk}") for m in world.milestones),
    }
    assert set(events) == expected
    assert rejected.public_id and closed.public_id and undated.public_id  # present, but not in the feed
    deadline = events[uid("project", saved.public_id, "-deadline")]
    assert str(deadline["SUMMARY"]) == "Applications close: Saved one"
    assert deadline.start == saved.application_deadline.replace(microsecond=0)  # iCalendar keeps seconds
    assert str(deadline["URL"]) == f"http://testserver/projects/{saved.public_id}/"
    assert "You saved this project." in str(deadline["DESCRIPTION"])
    assert "You applied" in str(events[uid("project", applied.public_id, "-deadline")]["DESCRIPTION"])
    kickoff = events[uid("engagement", engagement.public_id, "-kickoff")]
    assert kickoff.start == engagement.started_at.replace(microsecond=0)
    assert str(kickoff["URL"]).endswith(f"/engagements/{engagement.public_id}/#kickoff")
    due = events[uid("engagement", engagement.public_id, "-due")]
    assert due.start == engagement.due_date
    assert str(due["STATUS"]) == "CONFIRMED"


def test_a_deadline_set_in_berlin_time_is_the_same_moment_in_the_feed(client):
    """Stored in UTC, written in UTC: 17:00 in Berlin is 16:00Z in winter and 15:00Z in summer."""
    profile = StudentProfileFactory(time_zone="America/New_York")
    winter = ProjectFactory(
        published=True, application_deadline=dt.datetime(2031, 1, 15, 17, 0, tzinfo=BERLIN)
    )
    summer = ProjectFactory(
        published=True, application_deadline=dt.datetime(2031, 7, 15, 17, 0, tzinfo=BERLIN)
    )
    save(profile, winter)
    save(profile, summer)

    response = client.get(feed_path(profile.user))
    text = response.content.decode()
    assert "DTSTART:20310115T160000Z" in text
    assert "DTSTART:20310715T150000Z" in text
    events = fetch(client, profile.user)
    start = events[uid("project", winter.public_id, "-deadline")].start
    assert start.utcoffset() == dt.timedelta(0)
    assert start.astimezone(BERLIN) == dt.datetime(2031, 1, 15, 17, 0, tzinfo=BERLIN)
    assert events[uid("project", summer.public_id, "-deadline")].start.astimezone(BERLIN).hour == 17


def test_due_dates_are_all_day_events(client):
    world = make_engagement_world(milestones=1)
    milestone = world.milestones[0]
    text = client.get(feed_path(world.student)).content.decode()
    day = milestone.due_date
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in text
    assert f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}" in text
    event = fetch(client, world.student)[uid("milestone", world.engagement.public_id, f"-{milestone.pk}")]
    assert event.start == day and not isinstance(event.start, dt.datetime)
    assert event.end == day + dt.timedelta(days=1)
    assert str(event["URL"]).endswith(f"#milestone-{milestone.pk}")


def test_a_changed_milestone_keeps_its_uid_and_is_marked_modified(client):
    world = make_engagement_world(milestones=1)
    milestone = world.milestones[0]
    key = uid("milestone", world.engagement.public_id, f"-{milestone.pk}")
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Milestone.objects.filter(pk=milestone.pk).update(updated_at=an_hour_ago)
    Engagement.objects.filter(pk=world.engagement.pk).update(updated_at=an_hour_ago)
    before = fetch(client, world.student)[key]
    assert before["DTSTAMP"].dt == before["LAST-MODIFIED"].dt

    milestone.title = "Final report"
    milestone.due_date += dt.timedelta(days=3)
    milestone.save()
    after = fetch(client, world.student)[key]

    assert str(after["SUMMARY"]).startswith("Milestone due: Final report")
    assert after.start == before.start + dt.timedelta(days=3)
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt


def test_a_cancelled_engagement_shows_its_events_cancelled(client):
    world = make_engagement_world(status=EngagementStatus.CANCELLED, ended_days_ago=2, milestones=1)
    events = fetch(client, world.student)
    assert events
    assert {str(event["STATUS"]) for event in events.values()} == {"CANCELLED"}
    assert all(str(event["SUMMARY"]).startswith("Cancelled: ") for event in events.values())


def test_engagements_that_ended_long_ago_drop_out(client):
    world = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=400, milestones=1)
    assert fetch(client, world.student) == {}


def test_an_employer_member_sees_their_organisations_deadlines_and_engagements(client):
    world = make_engagement_world(milestones=1)
    employer = world.engagement.employer
    open_project = ProjectFactory(employer=employer, published=True, title="Open posting")
    draft = ProjectFactory(employer=employer, title="Draft")

    events = fetch(client, world.employer)

    engagement = world.engagement
    assert set(events) == {
        uid("project", open_project.public_id, "-deadline"),
        uid("project", engagement.project.public_id, "-deadline"),
        uid("engagement", engagement.public_id, "-kickoff"),
        uid("engagement", engagement.public_id, "-due"),
        uid("milestone", engagement.public_id, f"-{world.milestones[0].pk}"),
    }
    assert draft.public_id
    kickoff = events[uid("engagement", engagement.public_id, "-kickoff")]
    assert str(kickoff["SUMMARY"]) == f"Kickoff: {engagement.project.title} with Sam Student"
    deadline = events[uid("project", open_project.public_id, "-deadline")]
    assert str(deadline["URL"]) == f"http://testserver/manage/projects/{open_project.public_id}/"


def test_nobody_sees_anyone_elses_items(client):
    world = make_engagement_world(milestones=2)
    other = StudentProfileFactory()
    secret = ProjectFactory(published=True, title="Only for the other student")
    save(other, secret)
    ApplicationFactory(student=other)

    mine = fetch(client, world.student)
    theirs = fetch(client, other.user)

    assert uid("project", secret.public_id, "-deadline") not in mine
    assert not any(str(world.engagement.public_id) in key for key in theirs)
    assert fetch(client, world.other_employer) == {}
    assert fetch(client, world.outsider) == {}


def test_a_reset_revokes_the_old_address_at_once(client):
    world = make_engagement_world(milestones=1)
    old = feed_path(world.student)
    assert client.get(old).status_code == 200

    calendar_feed_reset(user=world.student)

    assert client.get(old).status_code == 404
    assert client.get(feed_path(world.student)).status_code == 200


@pytest.mark.parametrize("token", ["x" * 43, "not-a-token", "a" * 200])
def test_a_wrong_token_is_a_404(client, token):
    make_engagement_world(milestones=1)
    assert client.get(reverse("calendars:feed", kwargs={"token": token})).status_code == 404


def test_a_deactivated_account_or_another_role_has_no_feed(client):
    world = make_engagement_world(milestones=1)
    path = feed_path(world.student)
    world.student.role = Role.CAREER_STAFF
    world.student.save(update_fields=["role"])
    assert client.get(path).status_code == 404
    world.student.role = Role.STUDENT
    world.student.is_active = False
    world.student.save(update_fields=["role", "is_active"])
    assert client.get(path).status_code == 404


def test_revalidation_answers_304_until_something_changes(client):
    world = make_engagement_world(milestones=1)
    path = feed_path(world.student)
    first = client.get(path)
    assert "private" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert first["X-Robots-Tag"] == "noindex, nofollow"

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""

    milestone = world.milestones[0]
    milestone.title = "Renamed"
    milestone.save()
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def _busy_student(count: int):
    """A student with `count` saved projects, `count` engagements and `count` milestones in each."""
    profile = StudentProfileFactory()
    for _ in range(count):
        save(profile, ProjectFactory(published=True))
        engagement = EngagementFactory(
            application__student=profile, started_at=timezone.now(), status=EngagementStatus.ACTIVE
        )
        for _ in range(count):
            MilestoneFactory(engagement=engagement, due_date=timezone.localdate())
    return profile.user


def _busy_member(count: int):
    member = EmployerMemberFactory()
    for _ in range(count):
        project = ProjectFactory(employer=member.employer, published=True)
        engagement = EngagementFactory(application__project=project)
        for _ in range(count):
            MilestoneFactory(engagement=engagement, due_date=timezone.localdate())
    return member.user


@pytest.mark.parametrize("busy", [_busy_student, _busy_member], ids=["student", "member"])
def test_the_feed_reads_a_fixed_number_of_queries(client, django_assert_num_queries, busy):
    """The feed row with its user, then projects, engagements and milestones: four, with 1 or 8 of each."""
    for count in (1, 8):
        user = busy(count)
        path = feed_path(user)
        with django_assert_num_queries(4):
            response = client.get(path)
        assert len(Calendar.from_ical(response.content).walk("VEVENT")) >= count * count


def test_an_employer_without_an_organisation_gets_an_empty_calendar(client):
    user = UserFactory(employer=True)
    response = client.get(feed_path(user))
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []
