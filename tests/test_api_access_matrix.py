"""The access matrix of the pages (tests/test_access_matrix.py, tests/test_engagement_access.py), for the API.

The cast of tests/api_world.py: student A and a member of employer A own the objects; student B, a
member of employer B, career staff of A's university and an anonymous client try every /api/v1/ endpoint
that touches them, with input that would succeed if the access check were missing. The anonymous get 401;
someone of the right role but outside the object's scope gets 404 (never learning that it exists); a role
that may not use the endpoint at all gets 403 (404 where the page answers 404 to other roles). Nothing
changes while they try. Then the owner succeeds. Requests authenticate with personal API tokens, so the
token path is the one under test.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications.models import Application
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    HoursLog,
    Message,
    Milestone,
    Payment,
    Review,
)
from notifications.models import Notification
from projects.models import Project, Report, SavedProject
from students.models import StudentProfile
from tests.api_world import ApiWorld, build_api_world

pytestmark = pytest.mark.django_db

STUDENT, OTHER_STUDENT, MEMBER, OTHER_MEMBER, CAREER, ANONYMOUS = (
    "student",
    "other_student",
    "member",
    "other_member",
    "career_staff",
    "anonymous",
)
# A role that may not use an endpoint at all: 403, or 404 where the page answers 404 to other roles.
BARRED = frozenset({403, 404})
NOT_FOUND = frozenset({404})
UNAUTHENTICATED = frozenset({401})
TODAY = dt.date.today().isoformat()
LATER = (dt.date.today() + dt.timedelta(days=20)).isoformat()


@dataclass(frozen=True)
class Row:
    method: str
    path: (
        str  # with {project}, {draft}, {application}, {engagement}, {milestone}, {submission}, {notification}
    )
    owner: str
    owner_ok: frozenset[int]
    outsiders: dict[str, frozenset[int]]
    body: dict[str, Any] = field(default_factory=dict)
    multipart: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def student_object(method, path, *, ok=(200,), body=None, multipart=False) -> Row:
    """Student A's own object (application, profile, saved project): other students get 404."""
    return Row(
        method,
        path,
        STUDENT,
        frozenset(ok),
        {
            OTHER_STUDENT: NOT_FOUND,
            MEMBER: BARRED,
            OTHER_MEMBER: BARRED,
            CAREER: BARRED,
            ANONYMOUS: UNAUTHENTICATED,
        },
        body or {},
        multipart,
    )


def student_endpoint(method, path, *, ok=(200,), body=None) -> Row:
    """For students only; another student uses it on their own data, so only other roles are outsiders."""
    return Row(
        method,
        path,
        STUDENT,
        frozenset(ok),
        {MEMBER: BARRED, OTHER_MEMBER: BARRED, CAREER: BARRED, ANONYMOUS: UNAUTHENTICATED},
        body or {},
    )


def employer_object(method, path, *, ok=(200,), body=None) -> Row:
    """Employer A's project or application: members of another employer get 404."""
    return Row(
        method,
        path,
        MEMBER,
        frozenset(ok),
        {
            OTHER_MEMBER: NOT_FOUND,
            STUDENT: BARRED,
            OTHER_STUDENT: BARRED,
            CAREER: BARRED,
            ANONYMOUS: UNAUTHENTICATED,
        },
        body or {},
    )


def employer_endpoint(method, path, *, ok=(200,), body=None) -> Row:
    return Row(
        method,
        path,
        MEMBER,
        frozenset(ok),
        {STUDENT: BARRED, OTHER_STUDENT: BARRED, CAREER: BARRED, ANONYMOUS: UNAUTHENTICATED},
        body or {},
    )


def engagement(method, path, *, owner, ok=(200,), body=None, multipart=False) -> Row:
    """One engagement, shared by student A and employer A: every other student and employer gets 404."""
    return Row(
        method,
        path,
        owner,
        frozenset(ok),
        {OTHER_STUDENT: NOT_FOUND, OTHER_MEMBER: NOT_FOUND, CAREER: BARRED, ANONYMOUS: UNAUTHENTICATED},
        body or {},
        multipart,
    )


def anyone_object(method, path, *, ok=(200,), body=None) -> Row:
    """Something of one user's, whatever the role (notifications): everybody else gets 404."""
    return Row(
        method,
        path,
        STUDENT,
        frozenset(ok),
        {OTHER_STUDENT: NOT_FOUND, MEMBER: NOT_FOUND, CAREER: NOT_FOUND, ANONYMOUS: UNAUTHENTICATED},
        body or {},
    )


E = "/api/v1/engagements/{engagement}"
ROWS = [
    # Projects: students search and read; employers manage their own.
    student_endpoint("get", "/api/v1/projects/?q=market"),
    student_endpoint("get", "/api/v1/projects/{project}/"),
    student_endpoint("get", "/api/v1/projects/saved/"),
    student_endpoint("post", "/api/v1/projects/{project}/save/"),
    student_endpoint("delete", "/api/v1/projects/{project}/save/"),
    student_endpoint(
        "post",
        "/api/v1/projects/{project}/report/",
        ok=(200, 201),
        body={"reason": "scam", "details": "Asks for a deposit"},
    ),
    student_object("get", "/api/v1/projects/{draft}/", ok=()),  # a draft is nobody's to read, not even A's
    employer_endpoint("get", "/api/v1/employer/projects/"),
    employer_endpoint("get", "/api/v1/employer/organisations/"),
    employer_object("get", "/api/v1/employer/projects/{project}/"),
    employer_object("get", "/api/v1/employer/projects/{draft}/"),
    employer_object("patch", "/api/v1/employer/projects/{draft}/", body={"title": "Taken over"}),
    employer_object("post", "/api/v1/employer/projects/{draft}/publish/", ok=(200, 400)),
    employer_object("post", "/api/v1/employer/projects/{project}/close/"),
    employer_object("post", "/api/v1/employer/projects/{project}/cancel/"),
    employer_object("post", "/api/v1/employer/projects/{project}/duplicate/", ok=(201,)),
    employer_object("get", "/api/v1/employer/projects/{project}/applications/"),
    employer_object(
        "post",
        "/api/v1/employer/projects/{project}/applications/reject/",
        body={"applications": ["{application}"], "note": "No"},
    ),
    # Applications: the student's own, and the employer's decisions.
    student_endpoint("get", "/api/v1/applications/"),
    student_endpoint("get", "/api/v1/applications/counts/"),
    student_object("get", "/api/v1/applications/{application}/"),
    student_object("post", "/api/v1/applications/{application}/withdraw/"),
    employer_object("get", "/api/v1/employer/applications/{application}/"),
    employer_object("post", "/api/v1/employer/applications/{application}/shortlist/"),
    employer_object("post", "/api/v1/employer/applications/{application}/reject/", body={"note": "No"}),
    employer_object("post", "/api/v1/employer/applications/{application}/accept/"),
    # Engagements: both parties, nobody else.
    engagement("get", E + "/", owner=STUDENT),
    engagement("get", E + "/", owner=MEMBER),
    engagement("get", E + "/messages/", owner=STUDENT),
    engagement("post", E + "/messages/", owner=MEMBER, ok=(201,), body={"body": "Let me in"}),
    engagement("get", E + "/hours/", owner=MEMBER),
    engagement("post", E + "/hours/", owner=STUDENT, ok=(201,), body={"date": TODAY, "hours": "1.5"}),
    engagement("post", E + "/read/", owner=STUDENT),
    engagement("post", E + "/confirm-kickoff/", owner=STUDENT, ok=(200, 400)),
    engagement(
        "post", E + "/milestones/", owner=MEMBER, ok=(201,), body={"title": "Extra", "due_date": LATER}
    ),
    engagement("patch", E + "/milestones/{milestone}/", owner=MEMBER, body={"title": "Renamed"}),
    engagement("delete", E + "/milestones/{milestone}/", owner=MEMBER, ok=(200, 204)),
    engagement(
        "post",
        E + "/milestones/{milestone}/submissions/",
        owner=STUDENT,
        ok=(201,),
        body={"link": "https://docs.example.com/second", "note": "Done"},
        multipart=True,
    ),
    engagement("post", E + "/submissions/{submission}/approve/", owner=MEMBER),
    engagement(
        "post", E + "/submissions/{submission}/request-changes/", owner=MEMBER, body={"comment": "More data"}
    ),
    engagement("post", E + "/payment/mark-paid/", owner=MEMBER, ok=(200, 400), body={"reference": "INV-1"}),
    engagement(
        "post", E + "/reviews/", owner=STUDENT, ok=(200, 201, 400), body={"rating": 5, "text": "Great"}
    ),
    engagement("post", E + "/cancel/", owner=MEMBER, body={"reason": "Budget cut"}),
    # The student's own profile.
    student_endpoint("get", "/api/v1/me/profile/"),
    student_endpoint("patch", "/api/v1/me/profile/", body={"bio": "Hijacked"}),
    student_endpoint("get", "/api/v1/me/export/"),
    # Notifications: each user's own.
    anyone_object("post", "/api/v1/notifications/{notification}/read/"),
]

# Endpoints open to every logged-in role, each about the caller: only the anonymous are refused.
EVERY_ROLE = [
    "/api/v1/me/",
    "/api/v1/notifications/",
    "/api/v1/notifications/unread-count/",
    "/api/v1/notifications/preferences/",
    "/api/v1/engagements/counts/",
]

# A list that holds A's object must not show it to another user of the same role.
LISTS_OF_THEIR_OWN = [
    ("/api/v1/applications/", STUDENT, OTHER_STUDENT, "application"),
    ("/api/v1/engagements/", STUDENT, OTHER_STUDENT, "engagement"),
    ("/api/v1/engagements/", MEMBER, OTHER_MEMBER, "engagement"),
    ("/api/v1/employer/projects/", MEMBER, OTHER_MEMBER, "project"),
    ("/api/v1/notifications/", STUDENT, MEMBER, "notification"),
]


@pytest.fixture
def api_world(db) -> ApiWorld:
    return build_api_world()


def ids(world: ApiWorld) -> dict[str, Any]:
    return {
        "project": world.project.public_id,
        "draft": world.draft.public_id,
        "application": world.application.public_id,
        "engagement": world.engagement.public_id,
        "milestone": world.milestones[1].pk,
        "submission": world.submission.pk,
        "notification": Notification.objects.filter(user=world.student).values_list("public_id", flat=True)[
            0
        ],
    }


def client_for(world: ApiWorld, who: str) -> APIClient:
    client = APIClient()
    if who != ANONYMOUS:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_for(who)}")
    return client


def _filled(value: Any, known: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**known)
    if isinstance(value, list):
        return [_filled(item, known) for item in value]
    return value


def call(client: APIClient, row: Row, known: dict[str, Any]):
    path = row.path.format(**known)
    body = {name: _filled(value, known) for name, value in row.body.items()}
    if row.method in ("get", "delete"):
        return getattr(client, row.method)(path)
    if row.multipart:
        return getattr(client, row.method)(path, body, format="multipart")
    return getattr(client, row.method)(path, body, format="json")


def fingerprint(world: ApiWorld) -> dict[str, Any]:
    """Everything an outsider's request could change."""
    return {
        "projects": sorted(Project.objects.values_list("public_id", "status", "title", "updated_at")),
        "applications": sorted(Application.objects.values_list("public_id", "status", "updated_at")),
        "engagements": sorted(Engagement.objects.values_list("public_id", "status", "updated_at")),
        "milestones": sorted(Milestone.objects.values_list("pk", "title", "status", "due_date")),
        "submissions": sorted(DeliverableSubmission.objects.values_list("pk", "status")),
        "messages": Message.objects.count(),
        "hours": HoursLog.objects.count(),
        "reviews": Review.objects.count(),
        "payments": sorted(Payment.objects.values_list("pk", "status")),
        "notifications": sorted(Notification.objects.values_list("public_id", "read_at")),
        "profiles": sorted(StudentProfile.objects.values_list("pk", "bio", "updated_at")),
        "saved": SavedProject.objects.count(),
        "reports": Report.objects.count(),
    }


def fail(row: Row, who: str, response, expected) -> str:
    return (
        f"{row.id} as {who}: {response.status_code} (expected {sorted(expected)}) {response.content[:300]!r}"
    )


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_outsiders_are_refused_and_change_nothing_then_the_owner_succeeds(api_world, row):
    known = ids(api_world)
    before = fingerprint(api_world)
    for who, expected in row.outsiders.items():
        response = call(client_for(api_world, who), row, known)
        assert response.status_code in expected, fail(row, who, response, expected)
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"type", "detail", "errors"}
        assert str(api_world.application.cover_note) not in response.content.decode()
    assert fingerprint(api_world) == before, f"{row.id}: an outsider's request changed something"

    response = call(client_for(api_world, row.owner), row, known)
    expected = row.owner_ok or NOT_FOUND
    assert response.status_code in expected, fail(row, row.owner, response, expected)


@pytest.mark.parametrize("path", EVERY_ROLE)
def test_endpoints_about_the_caller_refuse_only_the_anonymous(api_world, path):
    assert client_for(api_world, ANONYMOUS).get(path).status_code == 401
    for who in (STUDENT, MEMBER, CAREER):
        response = client_for(api_world, who).get(path)
        assert response.status_code in {200, 403}, fail(
            Row("get", path, who, frozenset(), {}), who, response, {200}
        )


@pytest.mark.parametrize(("path", "owner", "other", "kind"), LISTS_OF_THEIR_OWN)
def test_lists_show_nobody_elses_objects(api_world, path, owner, other, kind):
    public_id = str(ids(api_world)[kind])
    assert public_id in client_for(api_world, owner).get(path).content.decode()
    response = client_for(api_world, other).get(path)
    assert response.status_code == 200
    assert public_id not in response.content.decode()


def test_the_public_employer_page_is_open_to_all_but_shows_no_drafts(api_world):
    path = f"/api/v1/employers/{api_world.employer.slug}/"
    for who in (ANONYMOUS, STUDENT, OTHER_MEMBER, CAREER):
        response = client_for(api_world, who).get(path)
        assert response.status_code == 200
        assert api_world.draft.title not in response.content.decode()
    assert client_for(api_world, ANONYMOUS).get("/api/v1/employers/no-such-employer/").status_code == 404


def test_an_uploaded_resume_goes_through_the_same_validation_as_the_page(api_world):
    client = client_for(api_world, STUDENT)
    fake = SimpleUploadedFile("cv.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.put("/api/v1/me/profile/resume/", {"resume": fake}, format="multipart")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert "resume" in response.json()["errors"]

    for who in (MEMBER, CAREER):
        refused = client_for(api_world, who).put("/api/v1/me/profile/resume/", {}, format="multipart")
        assert refused.status_code == 403
    assert (
        client_for(api_world, ANONYMOUS).put("/api/v1/me/profile/resume/", {}, format="multipart").status_code
        == 401
    )
