"""The employers' projects API: their postings listed, created, edited and taken through their lifecycle."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from employers.factories import EmployerFactory, EmployerMemberFactory
from employers.models import MemberRole
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.factories import ProjectFactory, SkillFactory
from projects.models import CloseReason, Project, ProjectStatus
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api-employer-project-list")


def url(name: str, project) -> str:
    return reverse(f"api-employer-project-{name}", kwargs={"public_id": project.public_id})


@pytest.fixture
def as_member(api, member):
    api.force_login(member)
    return member


def draft_body(**overrides) -> dict:
    body = {
        "title": "Competitor analysis for our booking app",
        "summary": "Who else does this, and how we compare.",
        "deliverables": ["A 5-page brief", " ", "A comparison table"],
        "required_skills": ["python", "Data cleaning"],
        "estimated_hours": 20,
        "fee": "400.00",
        "application_deadline": (timezone.now() + dt.timedelta(days=10)).isoformat(),
        "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "screening_questions": ["Which tools would you use?"],
    }
    return {**body, **overrides}


# --- Who may use it -----------------------------------------------------------------------------------------


def test_the_anonymous_get_a_401(api):
    assert api.get(LIST).status_code == 401
    assert api.post(LIST, draft_body()).status_code == 401


@pytest.mark.parametrize("kind", ["student", "career_staff"])
def test_other_roles_get_a_403_and_nothing_changes(api, employer, kind):
    project = ProjectFactory(employer=employer)
    api.force_login(StudentProfileFactory().user if kind == "student" else UserFactory(career_staff=True))
    responses = [
        api.get(LIST),
        api.post(LIST, draft_body(employer=employer.slug)),
        api.get(url("detail", project)),
        api.patch(url("detail", project), {"title": "Mine now"}),
        api.post(url("publish", project)),
        api.post(url("close", project)),
        api.post(url("cancel", project)),
        api.post(url("duplicate", project)),
    ]
    assert {response.status_code for response in responses} == {403}
    assert {response.json()["type"] for response in responses} == {"permission_denied"}
    assert Project.objects.get() == project
    assert Project.objects.get().status == ProjectStatus.DRAFT


def test_another_organisations_project_is_a_404_and_nothing_changes(api, other_member, employer):
    project = ProjectFactory(employer=employer, published=True)
    api.force_login(other_member)
    assert api.get(url("detail", project)).status_code == 404
    assert api.patch(url("detail", project), {"title": "Taken"}).status_code == 404
    for action in ("publish", "close", "cancel", "duplicate"):
        response = api.post(url(action, project))
        assert response.status_code == 404
        assert response.json()["type"] == "not_found"
    project.refresh_from_db()
    assert (project.title, project.status) != ("Taken", ProjectStatus.CANCELLED)
    assert project.status == ProjectStatus.OPEN
    assert Project.objects.count() == 1


def test_a_plain_member_may_manage_the_organisations_projects(api, employer):
    colleague = EmployerMemberFactory(employer=employer, role=MemberRole.MEMBER).user
    project = ProjectFactory(employer=employer)
    api.force_login(colleague)
    assert api.post(url("publish", project)).json()["status"] == "open"


# --- The list -----------------------------------------------------------------------------------------------


def test_the_list_has_every_project_of_the_users_organisations_with_applicant_counts(
    api, as_member, employer
):
    second = EmployerMemberFactory(user=as_member).employer
    open_one = ProjectFactory(employer=employer, published=True, title="Open")
    ProjectFactory(employer=second, title="Draft elsewhere")
    ProjectFactory(title="Not ours")
    ApplicationFactory(project=open_one)
    ApplicationFactory(project=open_one, status=ApplicationStatus.SHORTLISTED)
    ApplicationFactory(project=open_one, status=ApplicationStatus.REJECTED)
    body = api.get(LIST).json()
    assert [item["title"] for item in body["results"]] == ["Open", "Draft elsewhere"]
    first = body["results"][0]
    assert first["employer"]["slug"] == employer.slug
    assert first["applicants"] == {
        **dict.fromkeys(ApplicationStatus.values, 0),
        "submitted": 1,
        "shortlisted": 1,
        "rejected": 1,
        "waiting": 2,
    }
    assert first["url"].endswith(reverse("manage:detail", args=[open_one.public_id]))


def test_the_list_filters_by_status_and_organisation(api, as_member, employer):
    second = EmployerMemberFactory(user=as_member).employer
    ProjectFactory(employer=employer, published=True, title="Open here")
    ProjectFactory(employer=employer, title="Draft here")
    ProjectFactory(employer=second, published=True, title="Open there")
    other = ProjectFactory(published=True, title="Not ours")

    def listed(**params) -> list[str]:
        return sorted(item["title"] for item in api.get(LIST, params).json()["results"])

    assert listed(status="open") == ["Open here", "Open there"]
    assert listed(employer=employer.slug) == ["Draft here", "Open here"]
    assert listed(employer=second.slug, status="open") == ["Open there"]
    assert listed(employer=other.employer.slug) == []
    response = api.get(LIST, {"status": "lost"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_the_same_queries_for_one_or_fifty(
    api, as_member, employer, django_assert_num_queries, count
):
    for project in ProjectFactory.create_batch(count, employer=employer, published=True):
        ApplicationFactory(project=project)
    # session, user, the count, the page (counts annotated, employer joined).
    with django_assert_num_queries(4):
        response = api.get(LIST, {"page_size": 100})
    assert response.json()["count"] == count


# --- Create and edit ----------------------------------------------------------------------------------------


def test_creating_a_draft_resolves_skills_and_answers_with_the_publish_checklist(api, as_member, employer):
    response = api.post(LIST, draft_body(fee="10.00"))
    assert response.status_code == 201
    body = response.json()
    project = Project.objects.get(public_id=body["public_id"])
    assert project.employer == employer
    assert project.created_by == as_member
    assert project.status == ProjectStatus.DRAFT
    assert project.deliverables == ["A 5-page brief", "A comparison table"]
    assert [skill["slug"] for skill in body["required_skills"]] == ["data-cleaning", "python"]
    assert body["actions"] == ["cancel", "duplicate", "edit", "publish"]
    assert [problem["code"] for problem in body["publish_problems"]] == ["fee_too_low"]


def test_a_member_of_several_organisations_names_the_one_to_post_for(api, as_member, employer):
    second = EmployerMemberFactory(user=as_member).employer
    response = api.post(LIST, draft_body())
    assert response.status_code == 400
    assert response.json()["errors"] == {"employer": ["Choose the organisation to post for."]}
    response = api.post(LIST, draft_body(employer=second.slug))
    assert response.status_code == 201
    assert response.json()["employer"]["slug"] == second.slug


def test_posting_for_an_organisation_one_is_not_a_member_of_is_a_404(api, as_member):
    response = api.post(LIST, draft_body(employer=EmployerFactory().slug))
    assert response.status_code == 404
    assert not Project.objects.exists()


def test_an_employer_account_without_an_organisation_is_told_to_create_one(api):
    api.force_login(UserFactory(employer=True))
    response = api.post(LIST, draft_body())
    assert response.status_code == 400
    assert "Create your organisation first" in response.json()["errors"]["employer"][0]


def test_bad_values_are_field_errors_and_nothing_is_created(api, as_member):
    response = api.post(
        LIST,
        draft_body(
            title="", estimated_hours="lots", currency="XXX", required_skills=["Klingon"], field="astrology"
        ),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "title",
        "estimated_hours",
        "currency",
        "required_skills",
        "field",
    }
    assert not Project.objects.exists()


def test_patch_changes_only_the_fields_sent(api, as_member, employer):
    project = ProjectFactory(employer=employer, title="Old title", fee=Decimal("500.00"))
    response = api.patch(url("detail", project), {"title": "New title", "nice_to_have_skills": ["sql"]})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "New title"
    assert project.fee == Decimal("500.00")
    assert [skill.slug for skill in project.nice_to_have_skills.all()] == ["sql"]


def test_patch_refuses_fields_that_cannot_be_changed(api, as_member, employer):
    project = ProjectFactory(employer=employer)
    response = api.patch(url("detail", project), {"status": "completed", "title": "Sneaky"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ["This field cannot be changed."]}
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert project.title != "Sneaky"


def test_an_open_project_must_stay_well_scoped(api, as_member, employer):
    project = ProjectFactory(employer=employer, published=True)
    response = api.patch(url("detail", project), {"deliverables": [], "estimated_hours": 60})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"deliverables", "estimated_hours", "fee"}
    project.refresh_from_db()
    assert project.deliverables


def test_a_project_past_open_cannot_be_edited(api, as_member, employer):
    project = ProjectFactory(employer=employer, status=ProjectStatus.COMPLETED)
    response = api.patch(url("detail", project), {"title": "Again"})
    assert response.status_code == 400
    assert "only drafts and open projects can be edited" in response.json()["errors"]["non_field_errors"][0]


# --- The lifecycle ------------------------------------------------------------------------------------------


def test_publishing_a_draft_that_fails_the_checks_lists_every_problem_by_field(api, as_member, employer):
    project = ProjectFactory(employer=employer, deliverables=[], fee=Decimal("10"), application_deadline=None)
    response = api.post(url("publish", project))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"deliverables", "fee", "application_deadline"}
    assert errors["deliverables"] == ["List at least one deliverable: what the student will hand in."]
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_publish_then_close_then_duplicate(api, as_member, employer):
    project = ProjectFactory(employer=employer)
    published = api.post(url("publish", project)).json()
    assert published["status"] == "open"
    assert published["published_at"]
    assert published["actions"] == ["applicants", "cancel", "close", "duplicate", "edit"]
    assert api.post(url("publish", project)).status_code == 200

    closed = api.post(url("close", project)).json()
    assert (closed["status"], closed["close_reason"]) == ("in_progress", CloseReason.EMPLOYER)
    assert api.post(url("close", project)).status_code == 200

    response = api.post(url("duplicate", project))
    assert response.status_code == 201
    copy = response.json()
    assert copy["status"] == "draft"
    assert copy["title"] == f"{project.title} (copy)"
    assert copy["public_id"] != str(project.public_id)


def test_closing_a_draft_is_refused(api, as_member, employer):
    response = api.post(url("close", ProjectFactory(employer=employer)))
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "This project is still a draft; only open projects can be closed."
    ]


def test_cancelling_turns_waiting_applicants_down_with_the_note(api, as_member, employer):
    project = ProjectFactory(employer=employer, published=True)
    waiting = ApplicationFactory(project=project)
    response = api.post(url("cancel", project), {"note": "Budget cut, sorry."})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["applicants"]["rejected"] == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decision_note) == (ApplicationStatus.REJECTED, "Budget cut, sorry.")


def test_cancelling_once_work_is_under_way_is_refused(api, as_member, employer):
    project = ProjectFactory(employer=employer, status=ProjectStatus.IN_PROGRESS)
    EngagementFactory(application__project=project, status=EngagementStatus.ACTIVE)
    response = api.post(url("cancel", project))
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS


def test_the_detail_shows_the_applicant_counts(api, as_member, employer):
    project = ProjectFactory(employer=employer, published=True, required_skills=[SkillFactory(name="Python")])
    ApplicationFactory(project=project)
    body = api.get(url("detail", project)).json()
    assert body["applicants"]["waiting"] == 1
    assert body["required_skills"] == [{"slug": "python", "name": "Python"}]
    assert body["publish_problems"] == []
