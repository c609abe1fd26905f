"""The applications API: students apply, follow and withdraw; employer members review applicants and decide.

Every endpoint as its owner, as another student or another organisation's member, as career staff and as
the anonymous; list endpoints run the same number of queries for 1 and for 50 rows.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import DEFAULT_REJECTION_NOTE
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import Engagement
from projects.factories import ProjectFactory, SkillFactory
from projects.models import ProjectStatus
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def apply_url(project) -> str:
    return reverse("api-project-apply", args=[project.public_id])


def applicants_url(project) -> str:
    return reverse("api-applicant-list", args=[project.public_id])


def applicant_url(application, action: str = "") -> str:
    name = f"api-applicant-{action}" if action else "api-applicant-detail"
    return reverse(name, args=[application.public_id])


# --- Students: their list and one application ------------------------------------------------------------


def test_a_student_lists_only_their_own_applications_by_group(dana, dana_application):
    withdrawn = ApplicationFactory(student=dana, status=ApplicationStatus.WITHDRAWN)
    ApplicationFactory()  # someone else's
    client = api(dana.user)

    every = client.get(reverse("api-application-list")).json()
    closed = client.get(reverse("api-application-list"), {"status": "closed"}).json()

    assert every["count"] == 2
    assert {row["public_id"] for row in every["results"]} == {
        str(dana_application.public_id),
        str(withdrawn.public_id),
    }
    assert [row["public_id"] for row in closed["results"]] == [str(withdrawn.public_id)]
    row = next(row for row in every["results"] if row["public_id"] == str(dana_application.public_id))
    assert row["project"]["title"] == dana_application.project.title
    assert row["project"]["employer_name"] == dana_application.project.employer.name
    assert row["can_withdraw"] is True
    assert row["engagement"] is None


def test_an_unknown_group_is_a_clear_400(dana):
    response = api(dana.user).get(reverse("api-application-list"), {"status": "everything"})
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert "status" in response.json()["errors"]


def test_the_counts_give_each_group(dana, dana_application):
    ApplicationFactory(student=dana, status=ApplicationStatus.ACCEPTED)
    ApplicationFactory(student=dana, status=ApplicationStatus.REJECTED)
    counts = api(dana.user).get(reverse("api-application-counts")).json()
    assert counts == {"all": 3, "active": 1, "accepted": 1, "closed": 1}


def test_the_student_list_runs_the_same_queries_for_1_and_50_applications(
    dana, dana_application, django_assert_num_queries
):
    client = api(dana.user)
    url = reverse("api-application-list") + "?page_size=100"
    client.get(url)
    with django_assert_num_queries(STUDENT_LIST_QUERIES):
        client.get(url)
    for index in range(49):  # half of them accepted, with an engagement
        if index % 2:
            ApplicationFactory(student=dana)
        else:
            EngagementFactory(application__student=dana)
    with django_assert_num_queries(STUDENT_LIST_QUERIES):
        response = client.get(url)
    assert response.json()["count"] == 50


# profile (+ its skills), count, page
STUDENT_LIST_QUERIES = 4


def test_a_student_reads_their_application_with_its_timeline(dana, dana_application, member):
    from applications.services.applications import application_shortlist

    application_shortlist(application=dana_application, by=member)
    body = api(dana.user).get(reverse("api-application-detail", args=[dana_application.public_id])).json()
    assert body["status"] == "shortlisted"
    assert body["answers"] == [{"question": "Which tools would you use?", "answer": "Python and pandas."}]
    assert [event["status"] for event in body["events"]] == ["shortlisted"]
    assert body["cover_note"] == "I cleaned data for my student union."


def test_another_students_application_is_not_found(dana_application):
    other = StudentProfileFactory()
    for name in ("api-application-detail", "api-application-withdraw"):
        client = api(other.user)
        url = reverse(name, args=[dana_application.public_id])
        response = client.get(url) if name.endswith("detail") else client.post(url)
        assert response.status_code == 404
        assert response.json()["type"] == "not_found"
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("role", ["employer", "career_staff"])
def test_other_roles_may_not_use_the_student_endpoints(role, dana_application):
    client = api(UserFactory(**{role: True}))
    assert client.get(reverse("api-application-list")).status_code == 403
    response = client.post(apply_url(dana_application.project), {"cover_note": "Hi"})
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"


def test_the_anonymous_must_authenticate(dana_application):
    response = api().get(reverse("api-application-list"))
    assert response.status_code == 401
    assert (
        api().post(reverse("api-application-withdraw", args=[dana_application.public_id])).status_code == 401
    )


# --- Students: applying -----------------------------------------------------------------------------------


def test_applying_creates_the_application_and_says_when_it_goes_past_the_weekly_hours(screened_project):
    student = StudentProfileFactory(weekly_hours_available=1)
    response = api(student.user).post(
        apply_url(screened_project),
        {"cover_note": "I would love to.", "answers": ["Python and SQL."]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    application = Application.objects.get(public_id=body["public_id"])
    assert application.student == student
    assert application.answers == [{"question": "Which tools would you use?", "answer": "Python and SQL."}]
    assert body["exceeds_weekly_budget"] is True
    assert body["weekly_budget"]["exceeds"] is True
    assert body["weekly_budget"]["available"] == 1
    assert [event["status"] for event in body["events"]] == ["submitted"]


def test_unanswered_questions_are_a_400_on_answers_and_nothing_is_created(screened_project, dana):
    response = api(dana.user).post(apply_url(screened_project), {"cover_note": "Hello"}, format="json")
    assert response.status_code == 400
    assert "answers" in response.json()["errors"]
    assert not Application.objects.exists()


def test_a_missing_cover_note_is_a_400_on_cover_note(screened_project, dana):
    response = api(dana.user).post(apply_url(screened_project), {"answers": ["Python"]}, format="json")
    assert response.status_code == 400
    assert "cover_note" in response.json()["errors"]


def test_applying_twice_is_refused(dana_application):
    response = api(dana_application.student.user).post(
        apply_url(dana_application.project), {"cover_note": "Again", "answers": ["Python"]}, format="json"
    )
    assert response.status_code == 400
    assert "already applied" in response.json()["errors"]["non_field_errors"][0]
    assert Application.objects.count() == 1


def test_an_unverified_student_may_apply_to_a_public_project(screened_project):
    student = StudentProfileFactory(unverified=True)
    response = api(student.user).post(
        apply_url(screened_project), {"cover_note": "Hi", "answers": ["Python"]}, format="json"
    )
    assert response.status_code == 201, response.json()


def test_a_project_the_student_may_not_see_is_not_found(membership, dana):
    draft = ProjectFactory(employer=membership.employer)
    response = api(dana.user).post(apply_url(draft), {"cover_note": "Hi"}, format="json")
    assert response.status_code == 404


def test_a_new_resume_sent_with_the_application_replaces_the_profile_one(screened_project, dana):
    upload = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    response = api(dana.user).post(
        apply_url(screened_project),
        {"cover_note": "Hi", "answers": ["Python"], "resume": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    dana.refresh_from_db()
    assert dana.resume.name.endswith(".pdf")


def test_a_bad_resume_is_a_400_on_resume_and_nothing_is_submitted(screened_project, dana):
    upload = SimpleUploadedFile("cv.pdf", b"not a pdf at all", content_type="application/pdf")
    response = api(dana.user).post(
        apply_url(screened_project),
        {"cover_note": "Hi", "answers": ["Python"], "resume": upload},
        format="multipart",
    )
    assert response.status_code == 400
    assert "resume" in response.json()["errors"]
    assert not Application.objects.exists()
    dana.refresh_from_db()
    assert not dana.resume


# --- Students: withdrawing --------------------------------------------------------------------------------


def test_a_student_withdraws_and_withdrawing_again_changes_nothing(dana_application):
    client = api(dana_application.student.user)
    url = reverse("api-application-withdraw", args=[dana_application.public_id])
    first = client.post(url)
    again = client.post(url)
    assert first.status_code == again.status_code == 200
    assert again.json()["status"] == "withdrawn"
    assert again.json()["can_withdraw"] is False
    assert ApplicationEvent.objects.filter(application=dana_application, status="withdrawn").count() == 1


def test_an_accepted_application_cannot_be_withdrawn(dana):
    engagement = EngagementFactory(application__student=dana)
    url = reverse("api-application-withdraw", args=[engagement.application.public_id])
    response = api(dana.user).post(url)
    assert response.status_code == 400
    assert "cancel the engagement" in response.json()["errors"]["non_field_errors"][0]


# --- Employers: applicants --------------------------------------------------------------------------------


def test_the_applicants_list_shows_who_applied_with_the_skills_the_project_wants(member, screened_project):
    python, sql, dance = SkillFactory(name="Python"), SkillFactory(name="SQL"), SkillFactory(name="Dance")
    screened_project.required_skills.set([python])
    screened_project.nice_to_have_skills.set([sql])
    student = StudentProfileFactory(major="Statistics", skills=[python, sql, dance])
    mine = ApplicationFactory(project=screened_project, student=student)
    ApplicationFactory(project=screened_project, status=ApplicationStatus.REJECTED)
    ApplicationFactory()  # another project's

    body = api(member).get(applicants_url(screened_project)).json()
    submitted = api(member).get(applicants_url(screened_project), {"status": "submitted"}).json()

    assert body["count"] == 2
    assert [row["public_id"] for row in submitted["results"]] == [str(mine.public_id)]
    row = submitted["results"][0]
    assert row["student"]["major"] == "Statistics"
    assert row["student"]["is_verified"] is True
    assert [skill["slug"] for skill in row["required_skills"]] == [python.slug]
    assert [skill["slug"] for skill in row["nice_to_have_skills"]] == [sql.slug]
    assert row["waiting_days"] == 0


def test_the_applicants_list_runs_the_same_queries_for_1_and_50_applicants(
    member, screened_project, django_assert_num_queries
):
    skills = SkillFactory.create_batch(3)
    screened_project.required_skills.set(skills[:2])
    ApplicationFactory(project=screened_project, student=StudentProfileFactory(skills=skills))
    client = api(member)
    url = applicants_url(screened_project) + "?page_size=100"
    client.get(url)
    with django_assert_num_queries(APPLICANT_LIST_QUERIES):
        client.get(url)
    for index in range(49):
        ApplicationFactory(
            project=screened_project, student=StudentProfileFactory(skills=skills[index % 3 :])
        )
    with django_assert_num_queries(APPLICANT_LIST_QUERIES):
        response = client.get(url)
    assert response.json()["count"] == 50


# project, its skills for the match, count, page (matches included), the applicants' skills, the project's
# required and nice-to-have skills
APPLICANT_LIST_QUERIES = 7


def test_another_organisation_sees_nothing_of_the_applicants(screened_project, dana_application):
    outsider = EmployerMemberFactory().user
    client = api(outsider)
    assert client.get(applicants_url(screened_project)).status_code == 404
    assert client.get(applicant_url(dana_application)).status_code == 404
    for action in ("shortlist", "reject", "accept"):
        assert client.post(applicant_url(dana_application, action)).status_code == 404
    response = client.post(
        reverse("api-applicant-bulk-reject", args=[screened_project.public_id]),
        {"applications": [str(dana_application.public_id)]},
        format="json",
    )
    assert response.status_code == 404
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("role", ["student", "career_staff"])
def test_other_roles_may_not_use_the_employer_endpoints(role, screened_project, dana_application):
    client = api(dana_application.student.user if role == "student" else UserFactory(career_staff=True))
    assert client.get(applicants_url(screened_project)).status_code == 403
    assert client.get(applicant_url(dana_application)).status_code == 403
    assert client.post(applicant_url(dana_application, "accept")).status_code == 403
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


def test_one_applicant_shows_the_profile_answers_timeline_hours_and_resume(member, screened_project, dana):
    dana.resume.save("cv.pdf", SimpleUploadedFile("cv.pdf", PDF), save=True)
    application = ApplicationFactory(
        project=screened_project,
        student=dana,
        answers=[{"question": "Which tools would you use?", "answer": "Python and pandas."}],
    )
    screened_project.required_skills.set([SkillFactory(name="Excel")])

    body = api(member).get(applicant_url(application)).json()

    assert body["student"]["name"] == "Dana Applicant"
    assert body["student"]["bio"] == "I like tidy data."
    assert body["answers"] == [{"question": "Which tools would you use?", "answer": "Python and pandas."}]
    assert [skill["name"] for skill in body["missing_required_skills"]] == ["Excel"]
    assert body["weekly_budget"]["available"] == dana.weekly_hours_available
    assert body["project"]["openings_left"] == 2
    assert body["resume_url"].endswith(reverse("api-applicant-resume", args=[application.public_id]))
    client = APIClient()
    client.force_login(member)
    download = client.get(body["resume_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_shortlisting_then_rejecting_with_a_note(member, dana_application):
    client = api(member)
    shortlisted = client.post(applicant_url(dana_application, "shortlist"))
    assert shortlisted.status_code == 200
    assert shortlisted.json()["status"] == "shortlisted"
    rejected = client.post(applicant_url(dana_application, "reject"), {"note": "Thanks, not this time."})
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decision_note"] == "Thanks, not this time."
    assert rejected.json()["waiting_days"] is None


def test_rejecting_without_a_note_sends_the_kind_default(member, dana_application):
    body = api(member).post(applicant_url(dana_application, "reject"), {}, format="json").json()
    assert body["decision_note"] == DEFAULT_REJECTION_NOTE


def test_accepting_creates_the_engagement(member, dana_application):
    response = api(member).post(applicant_url(dana_application, "accept"))
    assert response.status_code == 200
    engagement = Engagement.objects.get(application=dana_application)
    assert response.json()["status"] == "accepted"
    assert response.json()["engagement"] == str(engagement.public_id)


def test_accepting_past_the_openings_is_a_400_and_changes_nothing(member, screened_project, dana_application):
    screened_project.openings = 1
    screened_project.save()
    api(member).post(applicant_url(ApplicationFactory(project=screened_project), "accept"))
    screened_project.refresh_from_db()
    assert screened_project.status == ProjectStatus.IN_PROGRESS
    response = api(member).post(applicant_url(dana_application, "accept"))
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == ["All openings are filled."]
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


def test_bulk_reject_reports_each_refusal_and_rejects_the_rest(member, screened_project):
    pending = ApplicationFactory.create_batch(2, project=screened_project)
    accepted = ApplicationFactory(project=screened_project)
    api(member).post(applicant_url(accepted, "accept"))
    response = api(member).post(
        reverse("api-applicant-bulk-reject", args=[screened_project.public_id]),
        {"applications": [str(a.public_id) for a in [*pending, accepted]], "note": "Thank you."},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body["rejected"]) == {str(a.public_id) for a in pending}
    assert [refusal["application"] for refusal in body["refused"]] == [str(accepted.public_id)]
    assert body["refused"][0]["code"] == "accepted_cannot_reject"
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in pending]).values_list("decision_note", flat=True)
    ) == {"Thank you."}


def test_bulk_reject_with_an_id_outside_the_project_changes_nothing(
    member, screened_project, dana_application
):
    elsewhere = ApplicationFactory()
    response = api(member).post(
        reverse("api-applicant-bulk-reject", args=[screened_project.public_id]),
        {"applications": [str(dana_application.public_id), str(elsewhere.public_id)]},
        format="json",
    )
    assert response.status_code == 400
    assert "applications" in response.json()["errors"]
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


def test_an_application_waiting_for_days_says_so(member, dana_application):
    Application.objects.filter(pk=dana_application.pk).update(
        created_at=timezone.now() - dt.timedelta(days=6)
    )
    body = api(member).get(applicants_url(dana_application.project)).json()
    assert body["results"][0]["waiting_days"] == 6


def test_applicants_come_with_their_match_and_can_be_ranked_by_it(member, screened_project):
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    screened_project.required_skills.set([python, sql])
    weak = ApplicationFactory(project=screened_project, student=StudentProfileFactory())
    strong = ApplicationFactory(project=screened_project, student=StudentProfileFactory(skills=[python, sql]))
    body = api(member).get(applicants_url(screened_project), {"sort": "match"}).json()
    assert [row["public_id"] for row in body["results"]] == [str(strong.public_id), str(weak.public_id)]
    best = body["results"][0]["match"]
    assert best["score"] > body["results"][1]["match"]["score"]
    assert best["why"]
    assert isinstance(best["reasons"], list)
    detail = api(member).get(applicant_url(strong)).json()
    assert detail["match"]["score"] == best["score"]
