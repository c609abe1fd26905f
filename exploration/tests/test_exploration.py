"""Career exploration: the student's page and API (fields, hours, skills over time, paths not tried), the
future-hire mark, the talent list and its invitations, who may see and do what, and the query budgets."""

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from applications.factories import ApplicationFactory
from engagements.models import Engagement, EngagementStatus
from exploration.models import FutureHire, InvitationStatus, TalentInvitation
from exploration.selectors import exploration_for_student, unexplored_matches_for_student, unexplored_q
from exploration.services import future_hire_mark
from exploration.tests.world import ExplorationWorld, make_exploration_world
from matching import ranking
from notifications.models import Notification, NotificationKind
from projects.factories import ProjectFactory, SkillFactory
from projects.models import SavedProject, SkillCategory
from students.factories import StudentProfileFactory
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db

PAGE = reverse("exploration:page")


@pytest.fixture
def xw() -> ExplorationWorld:
    return make_exploration_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _mark(xw: ExplorationWorld) -> FutureHire:
    return future_hire_mark(engagement_public_id=xw.world.engagement.public_id, by=xw.world.employer)[0]


# --- What the student has explored -------------------------------------------------------------------------


def test_it_counts_fields_worked_applied_saved_and_hours(xw):
    exploration = exploration_for_student(student=xw.world.engagement.student)
    rows = {row.field: row for row in exploration.fields}
    assert set(rows) == {SkillCategory.DATA, SkillCategory.MARKETING, SkillCategory.DESIGN}
    assert (rows["data"].worked, rows["data"].applied, rows["data"].saved) == (1, 1, 0)
    assert str(rows["data"].hours) == "7.50"
    assert (rows["marketing"].worked, rows["marketing"].applied) == (0, 1)
    assert rows["design"].saved == 1
    assert exploration.fields[0].field == SkillCategory.DATA  # most worked first
    assert SkillCategory.SOFTWARE in dict(exploration.unexplored_fields)


def test_it_lists_skills_from_approved_work_and_unblinded_reviews_over_time(xw):
    exploration = exploration_for_student(student=xw.world.engagement.student)
    skills = {row.name: (row.from_work, row.from_reviews) for row in exploration.skills}
    assert skills == {"Python": (1, 0), "SQL": (1, 0), "Communication": (0, 1)}
    counts = [count for _, count in exploration.skills_by_month]
    assert counts == sorted(counts) and counts[0] == 2 and counts[-1] == 3


def test_a_review_still_blind_shows_no_endorsed_skill(xw):
    # Only the employer has written, and the review window is still open: their review is blind.
    xw.world.engagement.reviews.filter(side="student").delete()
    Engagement.objects.filter(pk=xw.world.engagement.pk).update(completed_at=timezone.now())
    exploration = exploration_for_student(student=xw.world.engagement.student)
    assert "Communication" not in {row.name for row in exploration.skills}


def test_paths_not_tried_are_open_matching_projects_in_new_fields_with_reasons(xw):
    paths = unexplored_matches_for_student(student=xw.world.engagement.student)
    assert [project.pk for project, _ in paths] == [xw.unexplored.pk]
    match = paths[0][1]
    assert match.reasons[0].startswith("1 of 1 required skill (Python)")


def test_the_field_exclusion_is_each_students_own(xw):
    """The ranking statement is compiled once per process: a second student with another history gets
    their own exclusions, not the first one's."""
    unexplored_matches_for_student(student=xw.world.engagement.student)
    other = StudentProfileFactory(skills=list(xw.world.engagement.student.skills.all()))
    SavedProject.objects.create(student=other, project=xw.unexplored)  # software is explored for them
    shown = {project.pk for project, _ in unexplored_matches_for_student(student=other)}
    assert xw.unexplored.pk not in shown
    assert {xw.explored.pk, xw.saved_field.pk} <= shown
    # And the statement was compiled once and reused with each student's own values.
    compiled = [template for key, template in ranking._templates.items() if key[0] is unexplored_q]
    assert compiled and all(template.trusted for template in compiled)


def test_the_page_shows_charts_with_tables_and_paths(xw):
    response = _client(xw.world.student).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]  # the header has icons of its own
    assert main.count("<svg") == 4 and main.count("<table") == 4
    assert "Data &amp; analytics" in html and "Inventory scripts" in html
    assert "1 of 1 required skill (Python)" in html


@pytest.mark.parametrize("who", ["employer", "other_employer"])
def test_the_page_is_for_students_only(xw, who):
    assert _client(getattr(xw.world, who)).get(PAGE).status_code == 404


def test_another_student_sees_only_their_own_exploration(xw):
    response = _client(StudentProfileFactory().user).get(PAGE)
    assert response.status_code == 200
    assert "Data &amp; analytics" not in response.content.decode()


def test_the_anonymous_are_sent_to_log_in():
    response = Client().get(PAGE)
    assert response.status_code == 302 and "login" in response.url


def _page_queries(client, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured.captured_queries)


def test_the_page_runs_the_same_queries_however_long_the_history(xw, django_assert_max_num_queries):
    client = _client(xw.world.student)
    client.get(PAGE)  # compile the ranking statement once
    before = _page_queries(client, django_assert_max_num_queries, 30)
    student = xw.world.engagement.student
    for field in (SkillCategory.FINANCE, SkillCategory.RESEARCH, SkillCategory.BUSINESS):
        ApplicationFactory(student=student, project=ProjectFactory(published=True, field=field))
        SavedProject.objects.create(student=student, project=ProjectFactory(published=True, field=field))
    second = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=5)
    FutureHire.objects.create(
        employer=second.engagement.employer, student=student, engagement=second.engagement
    )
    TalentInvitation.objects.create(employer=second.engagement.employer, student=student, project=xw.explored)
    assert _page_queries(client, django_assert_max_num_queries, 30) == before


# --- The future-hire mark ----------------------------------------------------------------------------------


def test_a_member_marks_a_completed_engagements_student_once(xw):
    url = reverse("exploration:future_hire", args=[xw.world.engagement.public_id])
    client = _client(xw.world.employer)
    assert "Would you work with" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("exploration:talent", args=[xw.world.engagement.employer.slug])
    client.post(url)
    mark = FutureHire.objects.get()
    assert (mark.student, mark.marked_by) == (xw.world.engagement.student, xw.world.employer)


def test_the_engagement_page_offers_the_mark_to_members_once_completed(xw):
    url = reverse("engagements:detail", args=[xw.world.engagement.public_id])
    mark_url = reverse("exploration:future_hire", args=[xw.world.engagement.public_id])
    assert mark_url in _client(xw.world.employer).get(url).content.decode()
    assert mark_url not in _client(xw.world.student).get(url).content.decode()


@pytest.mark.parametrize("who", ["student", "outsider", "other_employer"])
def test_nobody_else_can_mark(xw, who):
    url = reverse("exploration:future_hire", args=[xw.world.engagement.public_id])
    assert _client(getattr(xw.world, who)).post(url).status_code == 404
    assert not FutureHire.objects.exists()


def test_an_engagement_under_way_cannot_be_marked(w):
    url = reverse("exploration:future_hire", args=[w.engagement.public_id])
    response = _client(w.employer).post(url, follow=True)
    assert "once the engagement is completed" in response.content.decode()
    assert not FutureHire.objects.exists()


def test_the_student_chooses_to_show_the_mark_on_the_portfolio(xw):
    mark = _mark(xw)
    portfolio = reverse("students:portfolio", args=[xw.world.engagement.student.public_id])
    student = _client(xw.world.student)
    assert "would hire or work with them again" not in student.get(portfolio).content.decode()
    assert "would hire you again" in student.get(PAGE).content.decode()
    student.post(reverse("exploration:mark_show", args=[mark.pk]), {"shown": "1"})
    assert "would hire or work with them again" in student.get(portfolio).content.decode()
    # Nobody else can flip it.
    assert (
        _client(xw.world.outsider).post(reverse("exploration:mark_show", args=[mark.pk])).status_code == 404
    )


# --- The talent list and its invitations -------------------------------------------------------------------


def _talent_url(xw) -> str:
    return reverse("exploration:talent", args=[xw.world.engagement.employer.slug])


def _invite(xw, client=None, **data):
    client = client or _client(xw.world.employer)
    url = reverse("exploration:talent_invite", args=[xw.world.engagement.employer.slug])
    return client.post(
        url, {"student": xw.world.engagement.student.pk, "project": xw.employer_open.pk, **data}
    )


def test_the_talent_list_is_for_members_only(xw):
    _mark(xw)
    assert "Sam Student" in _client(xw.world.employer).get(_talent_url(xw)).content.decode()
    for who in (xw.world.other_employer, xw.world.outsider, xw.world.student):
        assert _client(who).get(_talent_url(xw)).status_code == 404


def test_the_talent_list_runs_the_same_queries_for_one_or_many(xw, django_assert_max_num_queries):
    _mark(xw)
    client = _client(xw.world.employer)
    with django_assert_max_num_queries(20) as one:
        client.get(_talent_url(xw))
    employer = xw.world.engagement.employer
    for _ in range(5):
        other = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=3)
        FutureHire.objects.create(
            employer=employer, student=other.engagement.student, engagement=other.engagement
        )
        TalentInvitation.objects.create(
            employer=employer, student=other.engagement.student, project=xw.employer_open
        )
    with django_assert_max_num_queries(20) as many:
        html = client.get(_talent_url(xw)).content.decode()
    assert html.count("Invited</span>") == 5
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_member_invites_a_marked_student_who_is_told(xw):
    _mark(xw)
    response = _invite(xw, message="We loved your churn work.")
    assert response.status_code == 302
    invitation = TalentInvitation.objects.get()
    assert (invitation.status, invitation.project) == (InvitationStatus.OPEN, xw.employer_open)
    notice = Notification.objects.get(user=xw.world.student)
    assert notice.kind == NotificationKind.TALENT_INVITATION and "Annual report copy" in notice.title
    assert "Annual report copy" in _client(xw.world.student).get(PAGE).content.decode()


def test_an_unmarked_student_cannot_be_invited(xw):
    response = _invite(xw)
    assert response.status_code == 400
    assert "marked as a future hire" in response.content.decode()
    assert not TalentInvitation.objects.exists()


def test_another_organisation_cannot_invite_the_student(xw):
    _mark(xw)
    response = _invite(xw, client=_client(xw.world.other_employer))
    assert response.status_code == 404
    assert not TalentInvitation.objects.exists()


def test_only_one_open_invitation_per_student_per_organisation(xw):
    _mark(xw)
    _invite(xw)
    second = ProjectFactory(published=True, employer=xw.world.engagement.employer)
    response = _invite(xw, project=second.pk)
    assert response.status_code == 400 and "already has an open invitation" in response.content.decode()
    assert TalentInvitation.objects.count() == 1
    with pytest.raises(IntegrityError):
        TalentInvitation.objects.create(
            employer=xw.world.engagement.employer, student=xw.world.engagement.student, project=second
        )


def test_declining_closes_it_and_accepting_leads_to_apply(xw):
    _mark(xw)
    _invite(xw)
    invitation = TalentInvitation.objects.get()
    student = _client(xw.world.student)
    decline = reverse("exploration:invitation_answer", args=[invitation.public_id, "decline"])
    assert _client(xw.world.outsider).post(decline).status_code == 404
    assert student.post(decline).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and invitation.responded_at
    accept_old = reverse("exploration:invitation_answer", args=[invitation.public_id, "accept"])
    assert "already answered" in student.post(accept_old, follow=True).content.decode()
    _invite(xw)  # a new invitation is allowed once the first is answered
    again = TalentInvitation.objects.get(status=InvitationStatus.OPEN)
    response = student.post(reverse("exploration:invitation_answer", args=[again.public_id, "accept"]))
    assert response.url == reverse("projects:apply", args=[xw.employer_open.public_id])


# --- The API -----------------------------------------------------------------------------------------------


def test_the_api_gives_the_student_their_exploration(xw):
    response = _api(xw.world.student).get("/api/v1/exploration/")
    assert response.status_code == 200
    data = response.json()
    assert {row["field"] for row in data["fields"]} == {"data", "marketing", "design"}
    assert [path["project"]["title"] for path in data["paths"]] == ["Inventory scripts"]
    assert data["paths"][0]["reasons"]
    assert _api(xw.world.employer).get("/api/v1/exploration/").status_code == 403
    assert APIClient().get("/api/v1/exploration/").status_code == 401


def test_the_api_marks_lists_invites_and_answers(xw):
    member = _api(xw.world.employer)
    mark_url = f"/api/v1/engagements/{xw.world.engagement.public_id}/future-hire/"
    assert _api(xw.world.other_employer).post(mark_url).status_code == 404
    assert member.post(mark_url).status_code == 201
    assert member.post(mark_url).status_code == 200
    slug = xw.world.engagement.employer.slug
    talent = member.get(f"/api/v1/employers/{slug}/talent/").json()
    assert [row["name"] for row in talent] == ["Sam Student"]
    assert _api(xw.world.other_employer).get(f"/api/v1/employers/{slug}/talent/").status_code == 404
    invite_url = f"/api/v1/employers/{slug}/talent/invitations/"
    payload = {"student": talent[0]["student"], "project": str(xw.employer_open.public_id)}
    assert member.post(invite_url, payload, format="json").status_code == 201
    again = member.post(invite_url, payload, format="json")
    assert again.status_code == 400 and "student" in again.json()["errors"]
    stranger = StudentProfileFactory()
    refused = member.post(invite_url, {**payload, "student": stranger.pk}, format="json")
    assert refused.status_code == 400
    public_id = TalentInvitation.objects.get().public_id
    answer = _api(xw.world.student).post(
        f"/api/v1/talent-invitations/{public_id}/answer/", {"accept": False}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "declined"
    assert (
        _api(stranger.user).post(
            f"/api/v1/talent-invitations/{public_id}/answer/", {"accept": True}, format="json"
        )
    ).status_code == 404


def test_skills_are_required_for_paths():
    student = StudentProfileFactory()
    ProjectFactory(published=True, required_skills=[SkillFactory(name="Go")])
    assert unexplored_matches_for_student(student=student) == []
