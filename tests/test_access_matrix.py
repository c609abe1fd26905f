"""Every page of the first half of the lifecycle, for every kind of visitor.

The cast: student A (verified at university A, applied to employer A's project), student B (verified at
university B), a member of employer A, a member of employer B, career staff of university A, and an anonymous
visitor. The anonymous get the login page, except on the public project pages (the search and a public, open
project's page), which anyone may read; whoever a page is not for gets a 404 (never a 403, which
would confirm the object exists); and the private cover note of student A's application appears only in pages
shown to student A and to employer A's members.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from employers.factories import EmployerInvitationFactory, EmployerMemberFactory
from employers.models import MemberRole
from projects.factories import ProjectFactory
from projects.models import ProjectStatus
from students.factories import StudentProfileFactory
from universities.factories import CareerStaffFactory, UniversityFactory

pytestmark = pytest.mark.django_db

SECRET = "PRIVATE-COVER-NOTE-7f3a"
VISITORS = ["anonymous", "student_a", "student_b", "employer_a", "employer_b", "career_staff"]


@dataclass
class PagesWorld:
    users: dict
    project: object
    draft: object
    application: object
    student_a: object
    employer_a: object
    invitation: object


@pytest.fixture
def pages_world(db) -> PagesWorld:
    university_a = UniversityFactory(domain="a-uni.edu")
    university_b = UniversityFactory(domain="b-uni.edu")
    student_a = StudentProfileFactory(university=university_a)
    student_b = StudentProfileFactory(university=university_b)
    member_a = EmployerMemberFactory(role=MemberRole.OWNER)
    member_b = EmployerMemberFactory(role=MemberRole.OWNER)
    career = CareerStaffFactory(university=university_a)
    project = ProjectFactory(employer=member_a.employer, published=True)
    draft = ProjectFactory(employer=member_a.employer, status=ProjectStatus.DRAFT)
    application = ApplicationFactory(
        project=project, student=student_a, cover_note=SECRET, status=ApplicationStatus.SUBMITTED
    )
    invitation = EmployerInvitationFactory(employer=member_a.employer, email="new@example.org")
    student_a.resume.save("cv.pdf", _pdf(), save=True)
    users = {
        "anonymous": None,
        "student_a": student_a.user,
        "student_b": student_b.user,
        "employer_a": member_a.user,
        "employer_b": member_b.user,
        "career_staff": career.user,
    }
    return PagesWorld(users, project, draft, application, student_a, member_a.employer, invitation)


def _pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="cv.pdf")


# (URL name, how to get its arguments from the world, who may see it)
GET_PAGES = [
    ("students:profile", lambda w: [], {"student_a", "student_b"}),
    ("students:resume", lambda w: [w.student_a.public_id], {"student_a", "employer_a"}),
    ("projects:search", lambda w: [], set(VISITORS)),
    ("projects:saved", lambda w: [], {"student_a", "student_b"}),
    ("projects:detail", lambda w: [w.project.public_id], set(VISITORS)),
    ("projects:detail", lambda w: [w.draft.public_id], set()),
    ("projects:apply", lambda w: [w.project.public_id], {"student_a", "student_b"}),
    ("projects:apply", lambda w: [w.draft.public_id], set()),
    ("projects:report", lambda w: [w.project.public_id], {"student_a", "student_b"}),
    ("applications:mine", lambda w: [], {"student_a", "student_b"}),
    ("applications:detail", lambda w: [w.application.public_id], {"student_a"}),
    ("employers:org_create", lambda w: [], {"employer_a", "employer_b"}),
    ("employers:org_detail", lambda w: [w.employer_a.slug], {"employer_a"}),
    ("employers:org_edit", lambda w: [w.employer_a.slug], {"employer_a"}),
    ("employers:org_projects", lambda w: [w.employer_a.slug], {"employer_a"}),
    ("manage:new", lambda w: [], {"employer_a", "employer_b"}),
    ("manage:detail", lambda w: [w.project.public_id], {"employer_a"}),
    ("manage:detail", lambda w: [w.draft.public_id], {"employer_a"}),
    ("manage:edit", lambda w: [w.draft.public_id], {"employer_a"}),
    ("manage:applicants", lambda w: [w.project.public_id], {"employer_a"}),
    ("manage:applicant", lambda w: [w.application.public_id], {"employer_a"}),
]

# Pages that answer the signed out themselves (a 404 for what they may not see) instead of a login page.
READABLE_SIGNED_OUT = {"projects:search", "projects:detail"}

# State-changing endpoints: only outsiders are tried here (each owner's path has its own tests); they must
# get 404 and change nothing.
POST_ACTIONS = [
    ("projects:save", lambda w: [w.draft.public_id], {}),
    ("projects:apply", lambda w: [w.draft.public_id], {"cover_note": "Hello"}),
    ("applications:withdraw", lambda w: [w.application.public_id], {}),
    ("employers:org_edit", lambda w: [w.employer_a.slug], {"name": "Taken over"}),
    ("employers:invite", lambda w: [w.employer_a.slug], {"email": "intruder@example.org"}),
    ("employers:invitation_revoke", lambda w: [w.employer_a.slug, w.invitation.pk], {}),
    ("employers:member_remove", lambda w: [w.employer_a.slug, w.users["employer_a"].pk], {}),
    ("manage:edit", lambda w: [w.draft.public_id], {"title": "Taken over"}),
    ("manage:publish", lambda w: [w.draft.public_id], {}),
    ("manage:close", lambda w: [w.project.public_id], {}),
    ("manage:duplicate", lambda w: [w.project.public_id], {}),
    ("manage:cancel", lambda w: [w.project.public_id], {}),
    ("manage:bulk_reject", lambda w: [w.project.public_id], {"applications": []}),
    ("manage:shortlist", lambda w: [w.application.public_id], {}),
    ("manage:reject", lambda w: [w.application.public_id], {"note": "No"}),
    ("manage:accept", lambda w: [w.application.public_id], {}),
]


def _client_for(client, world: PagesWorld, visitor: str):
    user = world.users[visitor]
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _label(entry) -> str:
    return entry[0]


@pytest.mark.parametrize("entry", GET_PAGES, ids=[f"{n}-{i}" for i, (n, _a, _w) in enumerate(GET_PAGES)])
@pytest.mark.parametrize("visitor", VISITORS)
def test_each_page_answers_each_visitor_as_it_should(client, pages_world, entry, visitor):
    name, arguments, allowed = entry
    url = reverse(name, args=arguments(pages_world))
    response = _client_for(client, pages_world, visitor).get(url)
    if visitor in allowed:
        assert response.status_code in (200, 302), f"{visitor} should reach {url}"
    elif visitor == "anonymous" and name not in READABLE_SIGNED_OUT:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404, f"{visitor} must get a 404 from {url}"
    body = b"".join(response) if response.streaming else response.content
    if visitor not in ("student_a", "employer_a"):
        assert SECRET.encode() not in body


@pytest.mark.parametrize("entry", POST_ACTIONS, ids=[n for n, _a, _d in POST_ACTIONS])
@pytest.mark.parametrize("visitor", ["anonymous", "student_b", "employer_b", "career_staff"])
def test_outsiders_cannot_act(client, pages_world, entry, visitor):
    name, arguments, data = entry
    before = _snapshot(pages_world)
    response = _client_for(client, pages_world, visitor).post(
        reverse(name, args=arguments(pages_world)), data
    )
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert _snapshot(pages_world) == before


def _snapshot(world: PagesWorld) -> tuple:
    world.project.refresh_from_db()
    world.draft.refresh_from_db()
    world.application.refresh_from_db()
    world.employer_a.refresh_from_db()
    return (
        world.project.status,
        world.project.title,
        world.draft.status,
        world.draft.title,
        world.application.status,
        world.employer_a.name,
        world.employer_a.invitations.filter(revoked_at__isnull=True).count(),
        world.employer_a.memberships.count(),
        world.employer_a.projects.count(),
        world.student_a.saved_projects.count(),
    )


@pytest.mark.parametrize("visitor", ["student_a", "student_b", "employer_b", "career_staff"])
def test_only_the_invitee_can_use_an_invitation_link(client, pages_world, visitor):
    """The link itself is the secret; a logged-in visitor whose confirmed addresses do not include the
    invited one cannot join (the page explains, nothing changes)."""
    url = reverse("employers:invitation_accept", args=[pages_world.invitation.token])
    _client_for(client, pages_world, visitor).post(url)
    assert not pages_world.employer_a.memberships.filter(user=pages_world.users[visitor]).exists()


def test_partners_only_projects_are_hidden_from_students_of_other_universities(client, pages_world):
    from universities.factories import PartnershipFactory
    from universities.models import PartnershipStatus

    pages_world.project.visibility = "partners"
    pages_world.project.application_deadline = timezone.now() + timedelta(days=5)
    pages_world.project.save()
    PartnershipFactory(
        employer=pages_world.employer_a,
        university=pages_world.student_a.university,
        status=PartnershipStatus.ACTIVE,
    )
    for name in ["projects:detail", "projects:apply"]:
        url = reverse(name, args=[pages_world.project.public_id])
        assert _client_for(client, pages_world, "student_b").get(url).status_code == 404
        assert _client_for(client, pages_world, "student_a").get(url).status_code in (200, 302)
    search = _client_for(client, pages_world, "student_b").get(reverse("projects:search"))
    assert pages_world.project.title not in search.content.decode()
