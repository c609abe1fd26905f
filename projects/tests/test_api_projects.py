"""The students' projects API: search (as the search page), a project's page, saving and reporting, skills."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from employers.factories import EmployerFactory, EmployerMemberFactory
from projects.factories import ProjectFactory, SkillFactory
from projects.models import LocationType, ProjectStatus, Report, SavedProject, Visibility
from projects.selectors_search import trigram_search_available
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db

SEARCH = reverse("api-project-list")
SAVED = reverse("api-project-saved-list")


def detail_url(project) -> str:
    return reverse("api-project-detail", kwargs={"public_id": project.public_id})


def save_url(project) -> str:
    return reverse("api-project-save", kwargs={"public_id": project.public_id})


def report_url(project) -> str:
    return reverse("api-project-report", kwargs={"public_id": project.public_id})


@pytest.fixture
def api_searcher(api, student_profile):
    """`student_profile`, signed in on the `api` client."""
    api.force_login(student_profile.user)
    return student_profile


def open_project(**kwargs):
    return ProjectFactory(published=True, **kwargs)


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def other_roles() -> list[str]:
    return ["employer", "career_staff"]


def user_of_role(kind: str):
    return EmployerMemberFactory().user if kind == "employer" else UserFactory(career_staff=True)


# --- Who may use it -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["api-project-list", "api-project-saved-list"])
def test_the_anonymous_get_a_401_in_the_one_error_format(api, url_name):
    response = api.get(reverse(url_name))
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


@pytest.mark.parametrize("kind", other_roles())
def test_other_roles_get_a_403_for_the_students_endpoints(api, kind):
    project = open_project()
    api.force_login(user_of_role(kind))
    for response in (
        api.get(SEARCH),
        api.get(SAVED),
        api.get(detail_url(project)),
        api.post(save_url(project)),
        api.post(report_url(project), {"reason": "scam"}),
    ):
        assert response.status_code == 403
        assert response.json()["type"] == "permission_denied"
    assert not SavedProject.objects.exists()
    assert not Report.objects.exists()


def test_a_student_without_a_profile_yet_can_search(api, student):
    open_project(title="Churn analysis")
    api.force_login(student)
    assert titles(api.get(SEARCH)) == ["Churn analysis"]
    assert StudentProfile.objects.filter(user=student).exists()


# --- Search -------------------------------------------------------------------------------------------------


def test_only_open_projects_the_student_may_see_are_listed(api, api_searcher):
    open_project(title="Open one")
    ProjectFactory(title="A draft")
    open_project(title="Deadline passed", application_deadline=timezone.now() - dt.timedelta(hours=1))
    ProjectFactory(title="Closed", status=ProjectStatus.IN_PROGRESS, published_at=timezone.now())
    open_project(title="Partners of another university", visibility=Visibility.PARTNERS)
    partner = open_project(title="Partners of mine", visibility=Visibility.PARTNERS)
    PartnershipFactory(
        employer=partner.employer, university=api_searcher.university, status=PartnershipStatus.ACTIVE
    )
    assert sorted(titles(api.get(SEARCH))) == ["Open one", "Partners of mine"]


def test_an_item_has_what_a_card_shows_and_the_students_state(api, api_searcher):
    python = SkillFactory(name="Python")
    sql = SkillFactory(name="SQL")
    employer = EmployerFactory(name="Acme Analytics", slug="acme")
    project = open_project(
        title="Churn dashboard",
        employer=employer,
        required_skills=[python],
        nice_to_have_skills=[sql],
        fee=Decimal("450.00"),
        estimated_hours=18,
        location_type=LocationType.HYBRID,
        location="Lyon",
        openings=2,
    )
    SavedProject.objects.create(student=api_searcher, project=project)
    ApplicationFactory(student=api_searcher, project=project)
    item = api.get(SEARCH).json()["results"][0]
    assert item["public_id"] == str(project.public_id)
    assert item["employer"]["name"] == "Acme Analytics"
    assert item["employer"]["slug"] == "acme"
    assert item["required_skills"] == [{"slug": "python", "name": "Python"}]
    assert item["nice_to_have_skills"] == [{"slug": "sql", "name": "SQL"}]
    assert item["fee"] == "450.00"
    assert item["estimated_hours"] == 18
    assert item["location_type"] == "hybrid"
    assert item["location"] == "Lyon"
    assert item["openings_left"] == 2
    assert item["is_saved"] is True
    assert item["has_applied"] is True
    assert item["url"] == f"http://testserver{reverse('projects:detail', args=[project.public_id])}"


def test_filters_and_sort_work_as_on_the_page(api, api_searcher):
    python = SkillFactory(name="Python")
    open_project(title="Cheap python", fee=Decimal("300"), required_skills=[python])
    open_project(title="Dear python", fee=Decimal("600"), nice_to_have_skills=[python])
    open_project(title="Dear onsite", fee=Decimal("700"), location_type=LocationType.ONSITE, location="Paris")
    response = api.get(SEARCH, {"skills": "python", "sort": "fee", "remote": "true", "fee_min": "250"})
    assert titles(response) == ["Dear python", "Cheap python"]
    assert response.json()["fuzzy"] is False


def test_text_search_uses_the_full_text_index(api, api_searcher):
    open_project(title="Data cleaning for a charity")
    open_project(title="Social media content plan")
    assert titles(api.get(SEARCH, {"q": "cleaning"})) == ["Data cleaning for a charity"]


def test_invalid_filters_are_a_400_with_the_forms_messages_by_field(api, api_searcher):
    response = api.get(
        SEARCH, {"hours_min": "many", "fee_min": "50", "fee_max": "10", "skills": "Klingon", "sort": "x"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert set(body["errors"]) == {"hours_min", "fee_max", "skills", "sort"}
    assert body["errors"]["fee_max"] == ["The most fee must not be below the least fee."]
    assert "“Klingon” is not a skill we know." in body["errors"]["skills"][0]


def test_an_employer_without_open_projects_is_an_invalid_filter(api, api_searcher):
    EmployerFactory(slug="quiet")
    response = api.get(SEARCH, {"employer": "quiet"})
    assert response.status_code == 400
    assert response.json()["errors"]["employer"] == ["That employer has no open projects right now."]


def test_a_page_past_the_end_is_a_404(api, api_searcher):
    open_project()
    assert api.get(SEARCH, {"page": 5}).status_code == 404


def test_a_typo_falls_back_to_close_matches_with_a_suggestion(api, api_searcher):
    if not trigram_search_available():
        pytest.skip("pg_trgm is not installed in this PostgreSQL (the embedded one lacks it; CI has it)")
    SkillFactory(name="Python", synonyms=["python3"])
    open_project(title="Python scraper")
    body = api.get(SEARCH, {"q": "pyton"}).json()
    assert [item["title"] for item in body["results"]] == ["Python scraper"]
    assert body["fuzzy"] is True
    assert body["suggestion"] == "Python"


def seed(count: int, student: StudentProfile) -> None:
    skills = [SkillFactory(name=f"Budget skill {n}") for n in range(3)]
    employers = [EmployerFactory() for _ in range(3)]
    for n in range(count):
        project = open_project(
            title=f"Dashboard project {n}",
            employer=employers[n % 3],
            required_skills=skills[:2],
            nice_to_have_skills=skills[2:],
        )
        if n % 2:
            SavedProject.objects.create(student=student, project=project)


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("params", [{}, {"q": "dashboard", "skills": "Budget skill 1", "sort": "fee"}])
def test_the_search_runs_the_same_queries_for_one_or_fifty_projects(
    api, api_searcher, django_assert_num_queries, count, params
):
    seed(count, api_searcher)
    # session, user, profile and its skills, the page (with the count), the page's skills (both lists); a
    # text query adds the check for exact matches (before the typo fallback), a skills filter the lookup.
    with django_assert_num_queries(8 if params else 6):
        response = api.get(SEARCH, {**params, "page_size": 100})
    assert response.json()["count"] == count


# --- A project's page ---------------------------------------------------------------------------------------


def test_the_detail_has_the_whole_posting_and_what_the_student_may_do(api, api_searcher):
    project = open_project(screening_questions=["Why this project?"], nice_to_have_skills=[SkillFactory()])
    body = api.get(detail_url(project)).json()
    assert body["title"] == project.title
    assert body["description"] == project.description
    assert body["deliverables"] == ["A 5-page brief", "A 10-minute presentation"]
    assert body["screening_questions"] == ["Why this project?"]
    assert body["status"] == "open"
    assert body["refusal"] is None
    assert body["application"] is None
    assert body["weekly_budget"]["available"] == 15
    assert body["actions"] == ["apply", "save", "report"]


def test_an_unverified_student_may_apply_to_a_public_project(api, unverified_student_profile):
    api.force_login(unverified_student_profile.user)
    body = api.get(detail_url(open_project())).json()
    assert body["refusal"] is None
    assert "apply" in body["actions"]


def test_after_applying_the_detail_points_to_the_application(api, api_searcher):
    project = open_project()
    application = ApplicationFactory(student=api_searcher, project=project)
    SavedProject.objects.create(student=api_searcher, project=project)
    Report.objects.create(project=project, reporter=api_searcher.user, reason="other")
    body = api.get(detail_url(project)).json()
    assert body["refusal"]["code"] == "already_applied"
    assert body["application"] == str(application.public_id)
    assert body["has_applied"] is True
    assert body["is_saved"] is True
    assert body["reported"] is True
    assert body["actions"] == ["view_application", "unsave"]


def test_a_closed_project_stays_readable_with_the_reason(api, api_searcher):
    project = ProjectFactory(
        status=ProjectStatus.IN_PROGRESS, published_at=timezone.now(), close_reason="filled"
    )
    body = api.get(detail_url(project)).json()
    assert body["refusal"] == {
        "code": "project_not_open",
        "message": "Applications are closed: all openings have been filled.",
    }


@pytest.mark.parametrize("hidden", ["draft", "other_partners", "unknown"])
def test_projects_the_student_may_not_see_are_a_404(api, api_searcher, hidden):
    if hidden == "unknown":
        url = reverse("api-project-detail", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"})
    elif hidden == "draft":
        url = detail_url(ProjectFactory())
    else:
        url = detail_url(open_project(visibility=Visibility.PARTNERS))
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "detail": "Not found.", "errors": {}}


# --- Saving -------------------------------------------------------------------------------------------------


def test_saving_is_idempotent_and_unsaving_removes_the_bookmark(api, api_searcher):
    project = open_project()
    assert api.post(save_url(project)).json() == {"project": str(project.public_id), "is_saved": True}
    assert api.post(save_url(project)).status_code == 200
    assert SavedProject.objects.filter(student=api_searcher, project=project).count() == 1
    assert api.delete(save_url(project)).json() == {"project": str(project.public_id), "is_saved": False}
    assert api.delete(save_url(project)).status_code == 200
    assert not SavedProject.objects.exists()


def test_a_project_the_student_may_not_see_cannot_be_saved(api, api_searcher):
    response = api.post(save_url(open_project(visibility=Visibility.PARTNERS)))
    assert response.status_code == 404
    assert not SavedProject.objects.exists()


def test_the_saved_list_lists_the_students_own_bookmarks_newest_first(api, api_searcher):
    first, second = open_project(title="First"), open_project(title="Second")
    SavedProject.objects.create(student=api_searcher, project=first)
    SavedProject.objects.create(student=api_searcher, project=second)
    SavedProject.objects.create(student=StudentProfileFactory(), project=open_project(title="Not mine"))
    body = api.get(SAVED).json()
    assert [item["title"] for item in body["results"]] == ["Second", "First"]
    assert body["results"][0]["status"] == "open"
    assert body["results"][0]["saved_at"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_saved_list_runs_the_same_queries_for_one_or_fifty(
    api, api_searcher, django_assert_num_queries, count
):
    for project in ProjectFactory.create_batch(count, published=True):
        SavedProject.objects.create(student=api_searcher, project=project)
    # session, user, profile and its skills, the count, the page.
    with django_assert_num_queries(6):
        response = api.get(SAVED, {"page_size": 100})
    assert response.json()["count"] == count


# --- Reporting ----------------------------------------------------------------------------------------------


def test_a_report_is_made_once(api, api_searcher):
    project = open_project()
    response = api.post(report_url(project), {"reason": "scam", "details": "They asked for a deposit."})
    assert response.status_code == 201
    assert response.json()["reason"] == "scam"
    assert response.json()["status"] == "open"
    again = api.post(report_url(project), {"reason": "other"})
    assert again.status_code == 200
    assert again.json()["reason"] == "scam"
    assert Report.objects.get().details == "They asked for a deposit."


def test_a_report_needs_a_known_reason(api, api_searcher):
    response = api.post(report_url(open_project()), {"reason": "boring"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    assert not Report.objects.exists()


# --- Skills -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["student", "employer", "career_staff"])
def test_any_signed_in_user_may_look_up_skills(api, kind):
    user = UserFactory(student=True) if kind == "student" else user_of_role(kind)
    api.force_login(user)
    body = api.get(reverse("api-skill-list"), {"q": "python"}).json()
    # The taxonomy's exact name first, then the skills that have it as a synonym.
    assert body["results"][0] == {"slug": "python", "name": "Python", "category": "software"}
    assert 1 < body["count"] <= 10


def test_skills_need_a_sign_in(api):
    assert api.get(reverse("api-skill-list"), {"q": "py"}).status_code == 401
