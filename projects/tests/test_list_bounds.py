"""A project's lists are bounded (deliverables, screening questions, skills): the service refuses more, and
the API and the editor page show the refusal on the field, never a 500 or a project with 1,000 questions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engagements.tests.test_api_projects_employer import LIST, draft_body
from engagements.tests.test_project_manage_pages import editor_data
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Project
from projects.services import (
    MAX_DELIVERABLES,
    MAX_SCREENING_QUESTIONS,
    MAX_SKILLS,
    project_create,
    project_update,
)

pytestmark = pytest.mark.django_db


def test_the_service_refuses_more_questions_and_deliverables_than_the_bounds(employer, member):
    with pytest.raises(ValidationError) as refused:
        project_create(
            user=member,
            employer=employer,
            title="Too much",
            deliverables=[f"Part {n}" for n in range(MAX_DELIVERABLES + 1)],
            screening_questions=[f"Question {n}?" for n in range(MAX_SCREENING_QUESTIONS + 1)],
        )
    assert set(refused.value.message_dict) == {"deliverables", "screening_questions"}
    assert not Project.objects.exists()


def test_the_service_accepts_exactly_the_bounds(employer, member):
    project = project_create(
        user=member,
        employer=employer,
        title="Just enough",
        deliverables=[f"Part {n}" for n in range(MAX_DELIVERABLES)],
        screening_questions=[f"Question {n}?" for n in range(MAX_SCREENING_QUESTIONS)],
        required_skills=SkillFactory.create_batch(MAX_SKILLS),
    )
    assert len(project.screening_questions) == MAX_SCREENING_QUESTIONS
    assert project.required_skills.count() == MAX_SKILLS


def test_the_service_refuses_too_many_skills_on_create_and_update(employer, member):
    skills = SkillFactory.create_batch(MAX_SKILLS + 1)
    with pytest.raises(ValidationError) as refused:
        project_create(user=member, employer=employer, title="Skills", nice_to_have_skills=skills)
    assert set(refused.value.message_dict) == {"nice_to_have_skills"}
    project = ProjectFactory(employer=employer, created_by=member)
    with pytest.raises(ValidationError) as refused:
        project_update(project=project, user=member, data={"required_skills": skills})
    assert set(refused.value.message_dict) == {"required_skills"}
    assert project.required_skills.count() == 0


def test_the_api_refuses_a_project_with_1000_screening_questions(api, member, employer):
    api.force_login(member)
    body = draft_body(employer=employer.slug, screening_questions=[f"Q{n}?" for n in range(1000)])
    response = api.post(LIST, body)
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert "screening_questions" in response.json()["errors"]
    assert not Project.objects.exists()


def test_the_api_refuses_too_many_deliverables_on_an_update(api, member, employer):
    api.force_login(member)
    project = ProjectFactory(employer=employer, created_by=member)
    response = api.patch(
        reverse("api-employer-project-detail", kwargs={"public_id": project.public_id}),
        {"deliverables": [f"Part {n}" for n in range(MAX_DELIVERABLES + 1)]},
    )
    assert response.status_code == 400
    assert "deliverables" in response.json()["errors"]


def test_the_schema_documents_the_bounds(api):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    fields = schema["components"]["schemas"]["ProjectCreateRequest"]["properties"]
    assert fields["screening_questions"]["maxItems"] == MAX_SCREENING_QUESTIONS
    assert fields["deliverables"]["maxItems"] == MAX_DELIVERABLES


def test_the_editor_page_shows_the_bound_on_the_field(client, member, employer):
    client.force_login(member)
    questions = "\n".join(f"Question {n}?" for n in range(MAX_SCREENING_QUESTIONS + 1))
    response = client.post(
        reverse("manage:create", args=["blank"]), editor_data(screening_questions=questions)
    )
    assert response.status_code == 200
    assert f"at most {MAX_SCREENING_QUESTIONS} screening questions" in response.content.decode()
    assert not Project.objects.exists()
