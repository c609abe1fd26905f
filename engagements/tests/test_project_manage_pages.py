"""The employer's project pages: choose a template, the editor, the overview and the lifecycle actions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.blueprints import BLUEPRINTS
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(employer, member):
    return ProjectFactory(employer=employer, created_by=member)


@pytest.fixture
def open_project(employer, member):
    return ProjectFactory(employer=employer, created_by=member, published=True, openings=2)


def _deadline() -> dt.datetime:
    return timezone.localtime() + dt.timedelta(days=10)


def editor_data(**overrides) -> dict[str, str]:
    deadline = _deadline()
    data = {
        "title": "Competitor analysis for our booking app",
        "summary": "Compare us with six competitors.",
        "description": "Goal\nKnow how we compare.",
        "deliverables": "A comparison table\n\nA 3-page summary\n",
        "field": "research",
        "required_skills": "Market research, excel",
        "nice_to_have_skills": "",
        "estimated_hours": "12",
        "fee": "300.00",
        "currency": "USD",
        "location_type": "remote",
        "location": "",
        "application_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "due_date": (deadline + dt.timedelta(days=20)).date().isoformat(),
        "openings": "1",
        "screening_questions": "Why this project?",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def login(client, user):
    client.force_login(user)
    return client


# --- Choosing a template ---


def test_new_page_offers_scratch_and_every_template(client, member):
    response = login(client, member).get(reverse("manage:new"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("manage:create", args=["blank"]) in body
    for blueprint in BLUEPRINTS:
        assert blueprint.name in body
        assert reverse("manage:create", args=[blueprint.slug]) in body


def test_new_page_sends_a_user_without_an_organisation_to_create_one(client):
    loner = UserFactory(employer=True)
    response = login(client, loner).get(reverse("manage:new"), follow=False)
    assert response.status_code == 302
    assert response.url == reverse("employers:org_create")
    response = client.get(reverse("manage:create", args=["blank"]))
    assert response.url == reverse("employers:org_create")


def test_new_page_runs_the_same_queries_for_one_or_many_organisations(
    client, member, django_assert_num_queries
):
    login(client, member)
    client.get(reverse("manage:new"))
    with django_assert_num_queries(3):
        client.get(reverse("manage:new"))
    for _ in range(5):
        EmployerMemberFactory(user=member)
    with django_assert_num_queries(3):
        client.get(reverse("manage:new"))


def test_an_unknown_template_is_a_404(client, member):
    assert login(client, member).get(reverse("manage:create", args=["no-such-thing"])).status_code == 404


# --- Creating ---


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda blueprint: blueprint.slug)
def test_a_draft_from_each_template_can_be_saved_and_published(client, member, employer, blueprint):
    login(client, member)
    url = reverse("manage:create", args=[blueprint.slug])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert blueprint.title in body
    assert blueprint.tips[0] in body
    assert page.context["form"]["fee"].value() == blueprint.suggested_fee

    data = editor_data(
        title=blueprint.title,
        summary=blueprint.summary,
        description=blueprint.description,
        deliverables="\n".join(blueprint.deliverables),
        field=blueprint.field,
        required_skills=", ".join(blueprint.required_skills),
        nice_to_have_skills=", ".join(blueprint.nice_to_have_skills),
        estimated_hours=str(blueprint.estimated_hours),
        fee=str(blueprint.suggested_fee),
        screening_questions="\n".join(blueprint.screening_questions),
    )
    response = client.post(url, data)
    project = Project.objects.get(employer=employer)
    assert response.status_code == 302
    assert response.url == reverse("manage:detail", args=[project.public_id])
    assert project.status == ProjectStatus.DRAFT
    assert project.created_by == member
    assert project.deliverables == list(blueprint.deliverables)
    assert {skill.slug for skill in project.required_skills.all()} == set(blueprint.required_skills)
    assert project.screening_questions == list(blueprint.screening_questions)

    client.post(reverse("manage:publish", args=[project.public_id]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN


def test_a_draft_from_scratch_keeps_every_field(client, member, employer):
    login(client, member)
    response = client.post(reverse("manage:create", args=["blank"]), editor_data())
    project = Project.objects.get(employer=employer)
    assert response.url == reverse("manage:detail", args=[project.public_id])
    assert project.title == "Competitor analysis for our booking app"
    assert project.deliverables == ["A comparison table", "A 3-page summary"]
    assert sorted(skill.name for skill in project.required_skills.all()) == ["Excel", "Market research"]
    assert project.fee == Decimal("300.00")
    assert project.estimated_hours == 12
    assert project.application_deadline.strftime("%Y-%m-%dT%H:%M") == editor_data()["application_deadline"]
    assert project.screening_questions == ["Why this project?"]
    follow = client.get(response.url)
    assert "Draft saved" in follow.content.decode()


def test_the_scratch_editor_starts_blank_with_sensible_defaults(client, member):
    response = login(client, member).get(reverse("manage:create", args=["blank"]))
    form = response.context["form"]
    assert form["title"].value() in (None, "")
    assert form["currency"].value() == "USD"
    assert form["location_type"].value() == "remote"
    assert "employer" not in form.fields


def test_a_bad_draft_re_renders_with_every_value_kept(client, member, employer):
    login(client, member)
    data = editor_data(title="", estimated_hours="lots", required_skills="Pythn, Excel")
    response = client.post(reverse("manage:create", args=["blank"]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"title", "estimated_hours", "required_skills"}
    body = response.content.decode()
    assert "lots" in body
    assert "Pythn, Excel" in body
    assert "A comparison table" in body
    assert "Why this project?" in body
    assert not Project.objects.filter(employer=employer).exists()


def test_a_member_of_several_organisations_chooses_one(client, member, employer):
    other = EmployerMemberFactory(user=member).employer
    foreign = EmployerMemberFactory().employer
    login(client, member)
    page = client.get(reverse("manage:create", args=["blank"]))
    assert "employer" in page.context["form"].fields
    refused = client.post(reverse("manage:create", args=["blank"]), editor_data(employer=foreign.pk))
    assert refused.status_code == 200
    assert "employer" in refused.context["form"].errors
    assert not Project.objects.exists()
    client.post(reverse("manage:create", args=["blank"]), editor_data(employer=other.pk))
    assert Project.objects.get().employer == other


# --- Editing ---


def test_the_editor_shows_the_project_and_saves_changes(client, member, draft):
    skill = SkillFactory(name="Survey design")
    draft.required_skills.set([skill])
    login(client, member)
    url = reverse("manage:edit", args=[draft.public_id])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["title"].value() == draft.title
    assert "A 5-page brief\nA 10-minute presentation" in page.content.decode()
    assert "Survey design" in page.content.decode()
    response = client.post(url, editor_data(title="A sharper title", openings="3"))
    assert response.url == reverse("manage:detail", args=[draft.public_id])
    draft.refresh_from_db()
    assert (draft.title, draft.openings) == ("A sharper title", 3)


def test_the_editor_keeps_values_when_the_service_refuses(client, member, open_project):
    """An open project must stay publishable: a fee below the minimum lands on the fee field."""
    login(client, member)
    url = reverse("manage:edit", args=[open_project.public_id])
    response = client.post(url, editor_data(title="Kept title", fee="10.00"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "fee" in form.errors
    assert "Offer at least" in str(form.errors["fee"])
    body = response.content.decode()
    assert "Kept title" in body
    assert 'value="10.00"' in body
    open_project.refresh_from_db()
    assert open_project.title != "Kept title"


def test_a_project_past_open_cannot_be_edited(client, member, employer):
    project = ProjectFactory(employer=employer, status=ProjectStatus.IN_PROGRESS)
    login(client, member)
    url = reverse("manage:edit", args=[project.public_id])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("manage:detail", args=[project.public_id])
    assert "only drafts and open projects can be edited" in response.content.decode()
    assert url not in response.content.decode()
    client.post(url, editor_data(title="Changed"))
    project.refresh_from_db()
    assert project.title != "Changed"


# --- The overview ---


def test_the_overview_of_a_draft_lists_each_failed_check_with_a_link_to_its_field(client, member, employer):
    project = ProjectFactory(
        employer=employer, deliverables=[], estimated_hours=60, fee=Decimal("10"), application_deadline=None
    )
    response = login(client, member).get(reverse("manage:detail", args=[project.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    edit = reverse("manage:edit", args=[project.public_id])
    assert "List at least one deliverable" in body
    assert f"{edit}#id_deliverables" in body
    assert f"{edit}#id_estimated_hours" in body
    assert f"{edit}#id_fee" in body
    assert f"{edit}#id_application_deadline" in body
    assert "Preview — this is exactly what students see" in body
    assert body.count("<h1") == 1


def test_the_overview_shows_only_the_actions_of_the_status(client, member, draft, open_project, employer):
    login(client, member)
    body = client.get(reverse("manage:detail", args=[draft.public_id])).content.decode()
    assert reverse("manage:publish", args=[draft.public_id]) in body
    assert reverse("manage:close", args=[draft.public_id]) not in body
    body = client.get(reverse("manage:detail", args=[open_project.public_id])).content.decode()
    assert reverse("manage:publish", args=[open_project.public_id]) not in body
    assert reverse("manage:close", args=[open_project.public_id]) in body
    assert reverse("manage:applicants", args=[open_project.public_id]) in body
    cancelled = ProjectFactory(employer=employer, status=ProjectStatus.CANCELLED)
    body = client.get(reverse("manage:detail", args=[cancelled.public_id])).content.decode()
    assert reverse("manage:edit", args=[cancelled.public_id]) not in body
    assert reverse("manage:cancel", args=[cancelled.public_id]) not in body
    assert reverse("manage:duplicate", args=[cancelled.public_id]) in body


def test_the_overview_counts_applicants_by_status(client, member, open_project):
    ApplicationFactory.create_batch(2, project=open_project)
    ApplicationFactory(project=open_project, status=ApplicationStatus.SHORTLISTED)
    ApplicationFactory(project=open_project, status=ApplicationStatus.WITHDRAWN)
    response = login(client, member).get(reverse("manage:detail", args=[open_project.public_id]))
    assert response.context["counts"]["submitted"] == 2
    assert response.context["counts"]["all"] == 4
    assert "View all 4 applicants" in response.content.decode()


def test_the_overview_runs_the_same_queries_with_few_or_many_applicants_and_skills(
    client, member, open_project, django_assert_num_queries
):
    login(client, member)
    open_project.required_skills.set([SkillFactory()])
    ApplicationFactory(project=open_project)
    url = reverse("manage:detail", args=[open_project.public_id])
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)
    open_project.required_skills.set(SkillFactory.create_batch(8))
    open_project.nice_to_have_skills.set(SkillFactory.create_batch(5))
    ApplicationFactory.create_batch(49, project=open_project)
    with django_assert_num_queries(7):
        client.get(url)


# --- Lifecycle actions ---


def test_publish_refused_lists_every_problem_then_publishes_once_fixed(client, member, employer):
    project = ProjectFactory(employer=employer, deliverables=[], fee=Decimal("1"), due_date=None)
    login(client, member)
    response = client.post(reverse("manage:publish", args=[project.public_id]), follow=True)
    body = response.content.decode()
    assert "Not published yet: 3 things to fix first" in body
    assert "List at least one deliverable" in body
    assert "Offer at least 300.00 USD" in body
    assert "Set a due date for the work." in body
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT

    client.post(reverse("manage:edit", args=[project.public_id]), editor_data())
    response = client.post(reverse("manage:publish", args=[project.public_id]), follow=True)
    assert "Published. Students can now find your project" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN


def test_publishing_an_open_project_again_changes_nothing(client, member, open_project):
    login(client, member)
    response = client.post(reverse("manage:publish", args=[open_project.public_id]))
    assert response.status_code == 302
    open_project.refresh_from_db()
    assert open_project.status == ProjectStatus.OPEN


def test_close_stops_applications(client, member, open_project):
    login(client, member)
    response = client.post(reverse("manage:close", args=[open_project.public_id]), follow=True)
    assert "Applications are closed" in response.content.decode()
    open_project.refresh_from_db()
    assert open_project.status == ProjectStatus.IN_PROGRESS


def test_closing_a_draft_is_refused_with_the_reason(client, member, draft):
    login(client, member)
    response = client.post(reverse("manage:close", args=[draft.public_id]), follow=True)
    assert "only open projects can be closed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ProjectStatus.DRAFT


def test_actions_answer_get_with_method_not_allowed(client, member, open_project):
    login(client, member)
    for name in ("manage:publish", "manage:close", "manage:duplicate", "manage:cancel"):
        assert client.get(reverse(name, args=[open_project.public_id])).status_code == 405


def test_duplicate_opens_the_new_drafts_editor(client, member, open_project, employer):
    login(client, member)
    response = client.post(reverse("manage:duplicate", args=[open_project.public_id]), follow=True)
    copy = Project.objects.exclude(pk=open_project.pk).get(employer=employer)
    assert response.redirect_chain[-1][0] == reverse("manage:edit", args=[copy.public_id])
    assert copy.status == ProjectStatus.DRAFT
    assert copy.title == f"{open_project.title} (copy)"
    assert "This is a new draft copied from" in response.content.decode()


def test_cancel_tells_waiting_applicants_with_the_note(client, member, open_project):
    waiting = ApplicationFactory(project=open_project)
    login(client, member)
    response = client.post(
        reverse("manage:cancel", args=[open_project.public_id]), {"note": "Funding fell through, sorry."}
    )
    assert response.status_code == 302
    open_project.refresh_from_db()
    waiting.refresh_from_db()
    assert open_project.status == ProjectStatus.CANCELLED
    assert waiting.status == ApplicationStatus.REJECTED
    assert waiting.decision_note == "Funding fell through, sorry."


def test_cancel_is_refused_while_work_is_under_way(client, member, open_project):
    EngagementFactory(application__project=open_project, status=EngagementStatus.ACTIVE)
    login(client, member)
    response = client.post(reverse("manage:cancel", args=[open_project.public_id]), follow=True)
    assert "Work on this project is under way" in response.content.decode()
    open_project.refresh_from_db()
    assert open_project.status == ProjectStatus.OPEN


# --- Access ---


def _pages(project) -> list[str]:
    return [
        reverse("manage:detail", args=[project.public_id]),
        reverse("manage:edit", args=[project.public_id]),
    ]


@pytest.mark.parametrize("visitor", ["other_employer", "student", "career_staff"])
def test_outsiders_get_a_404_on_every_page(client, draft, visitors, visitor):
    login(client, visitors[visitor])
    for url in _pages(draft):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("visitor", ["student", "career_staff"])
def test_other_roles_cannot_open_the_template_pages(client, visitors, visitor):
    login(client, visitors[visitor])
    assert client.get(reverse("manage:new")).status_code == 404
    assert client.get(reverse("manage:create", args=["blank"])).status_code == 404


def test_the_anonymous_are_sent_to_log_in(client, draft):
    urls = [*_pages(draft), reverse("manage:new"), reverse("manage:create", args=["blank"])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(reverse("manage:publish", args=[draft.public_id]))
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("visitor", ["other_employer", "student", "career_staff"])
def test_outsiders_cannot_act_on_a_project(client, open_project, visitors, visitor):
    ApplicationFactory(project=open_project)
    login(client, visitors[visitor])
    before = Project.objects.count()
    for name, data in [
        ("manage:edit", editor_data(title="Taken over")),
        ("manage:publish", {}),
        ("manage:close", {}),
        ("manage:duplicate", {}),
        ("manage:cancel", {"note": "Gone"}),
    ]:
        assert client.post(reverse(name, args=[open_project.public_id]), data).status_code == 404, name
    open_project.refresh_from_db()
    assert open_project.status == ProjectStatus.OPEN
    assert open_project.title != "Taken over"
    assert Project.objects.count() == before


def test_a_filled_project_asks_to_answer_those_still_waiting(client, member, employer):
    project = ProjectFactory(
        employer=employer, status=ProjectStatus.IN_PROGRESS, openings=1, accepted_count=1
    )
    ApplicationFactory.create_batch(2, project=project)
    body = login(client, member).get(reverse("manage:detail", args=[project.public_id])).content.decode()
    assert "Every opening is filled, and 2 applicants are still waiting." in body
