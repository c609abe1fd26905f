"""The profile wizard: an overview with completeness, four steps that save and move on, typed values kept
on errors, and pages only for students."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from projects.models import Skill
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.factories import CareerStaffFactory, UniversityFactory

pytestmark = pytest.mark.django_db

OVERVIEW_URL = reverse("students:profile")


def step_url(step: str) -> str:
    return reverse("students:profile_step", args=[step])


# --- Who may see the wizard ---------------------------------------------------------------------------------

WIZARD_URLS = [OVERVIEW_URL, *(step_url(step) for step in ("university", "skills", "availability", "about"))]


@pytest.mark.parametrize("url", WIZARD_URLS)
def test_the_anonymous_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url", WIZARD_URLS)
def test_other_roles_get_404(client, url):
    for user in (EmployerMemberFactory().user, CareerStaffFactory().user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"major": "x"}).status_code == 404


def test_an_unknown_step_is_404(client, signup_profile):
    client.force_login(signup_profile.user)
    assert client.get(step_url("payment")).status_code == 404


def test_a_student_without_a_profile_row_gets_one(client):
    user = UserFactory(student=True)
    client.force_login(user)
    assert client.get(OVERVIEW_URL).status_code == 200
    assert StudentProfile.objects.filter(user=user).exists()


# --- Overview -----------------------------------------------------------------------------------------------


def test_the_overview_shows_completeness_and_links_to_every_step(client, signup_profile):
    client.force_login(signup_profile.user)
    content = client.get(OVERVIEW_URL).content.decode()
    assert "Profile 25% complete" in content  # weekly hours and time zone have valid defaults
    for step in ("university", "skills", "availability", "about"):
        assert f'href="{step_url(step)}"' in content
    assert "Missing: your university, your major, your graduation year." in content
    assert "Continue: University" in content


def test_a_complete_profile_says_so(client, student, private_media):
    from students.services import student_resume_set
    from students.tests.uploads import pdf_upload

    profile = StudentProfileFactory(user=student, bio="Economics student.", skills=[Skill.objects.first()])
    student_resume_set(profile=profile, upload=pdf_upload())
    client.force_login(student)
    content = client.get(OVERVIEW_URL).content.decode()
    assert "Profile 100% complete" in content
    assert "Your profile is complete" in content
    dashboard = client.get(reverse("students:dashboard")).content.decode()
    assert "Edit your profile" in dashboard and "Complete your profile" not in dashboard


# --- The steps, in order ------------------------------------------------------------------------------------


def test_each_step_saves_and_moves_on(client, signup_profile):
    university = UniversityFactory(name="Northfield University")
    client.force_login(signup_profile.user)

    response = client.post(
        step_url("university"),
        {"university": university.pk, "major": "  Computer   Science ", "graduation_year": "2028"},
    )
    assert response.status_code == 302 and response.url == step_url("skills")

    response = client.post(
        step_url("skills"), {"skills": "python3, js", "interests": "climate, Climate, fintech"}
    )
    assert response.status_code == 302 and response.url == step_url("availability")

    response = client.post(
        step_url("availability"), {"weekly_hours_available": "12", "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 302 and response.url == step_url("about")

    response = client.post(
        step_url("about"),
        {"bio": "I like data.", "links": "github.com/alice\nhttps://alice.dev", "portfolio_public": "on"},
    )
    assert response.status_code == 302 and response.url == OVERVIEW_URL

    signup_profile.refresh_from_db()
    assert signup_profile.university == university and signup_profile.verified_at is None
    assert signup_profile.major == "Computer Science" and signup_profile.graduation_year == 2028
    assert sorted(signup_profile.skills.values_list("name", flat=True)) == ["JavaScript", "Python"]
    assert signup_profile.interests == ["climate", "fintech"]
    assert signup_profile.weekly_hours_available == 12 and signup_profile.time_zone == "Europe/Paris"
    assert signup_profile.bio == "I like data."
    assert signup_profile.links == ["https://github.com/alice", "https://alice.dev"]
    assert signup_profile.portfolio_public is True

    page = client.get(OVERVIEW_URL)
    assert "Saved your bio and links." in page.content.decode()


def test_each_step_shows_its_place_and_the_current_values(client, signup_profile):
    signup_profile.skills.set([Skill.objects.get(name="Python")])
    signup_profile.interests = ["climate"]
    signup_profile.save()
    client.force_login(signup_profile.user)
    content = client.get(step_url("skills")).content.decode()
    assert "Step 2 of 4" in content
    assert 'aria-current="step"' in content
    assert 'value="Python"' in content and 'value="climate"' in content
    assert f'href="{step_url("university")}">Back' in content.replace("\n", "").replace("  ", "")


def test_save_and_see_the_overview_goes_to_the_overview(client, signup_profile):
    client.force_login(signup_profile.user)
    response = client.post(
        step_url("availability"), {"weekly_hours_available": "8", "time_zone": "UTC", "then": "overview"}
    )
    assert response.url == OVERVIEW_URL


def test_the_time_zone_select_lists_every_zone_grouped_with_the_current_one_selected(client, signup_profile):
    signup_profile.time_zone = "America/Argentina/Buenos_Aires"
    signup_profile.save()
    client.force_login(signup_profile.user)
    content = client.get(step_url("availability")).content.decode()
    assert '<optgroup label="America">' in content
    assert (
        '<option value="America/Argentina/Buenos_Aires" selected>Buenos Aires — Argentina</option>' in content
    )
    assert '<option value="UTC">' in content


# --- Bad input keeps what was typed -------------------------------------------------------------------------


def test_missing_major_and_year_are_explained_and_the_rest_kept(client, signup_profile):
    university = UniversityFactory()
    client.force_login(signup_profile.user)
    response = client.post(
        step_url("university"), {"university": university.pk, "major": "", "graduation_year": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tell employers what you study." in content
    assert "Choose the year you expect to graduate." in content
    assert f'<option value="{university.pk}" selected>' in content


def test_a_year_out_of_range_is_refused(client, signup_profile):
    client.force_login(signup_profile.user)
    response = client.post(step_url("university"), {"major": "Law", "graduation_year": "1999"})
    assert response.status_code == 200
    assert 'value="Law"' in response.content.decode()
    signup_profile.refresh_from_db()
    assert signup_profile.graduation_year is None


def test_an_unknown_skill_is_named_with_a_suggestion_and_the_text_kept(client, signup_profile):
    client.force_login(signup_profile.user)
    response = client.post(step_url("skills"), {"skills": "Python, Pyhton", "interests": "music"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "“Pyhton” is not a skill we know. Did you mean “Python”?" in content
    assert 'value="Python, Pyhton"' in content and 'value="music"' in content
    assert not signup_profile.skills.exists()


def test_hours_outside_1_to_60_are_refused(client, signup_profile):
    client.force_login(signup_profile.user)
    for hours in ("0", "61", "ten"):
        response = client.post(
            step_url("availability"), {"weekly_hours_available": hours, "time_zone": "UTC"}
        )
        assert response.status_code == 200
        assert f'value="{hours}"' in response.content.decode()
    signup_profile.refresh_from_db()
    assert signup_profile.weekly_hours_available == 15


def test_an_unknown_time_zone_is_refused(client, signup_profile):
    client.force_login(signup_profile.user)
    response = client.post(
        step_url("availability"), {"weekly_hours_available": "5", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_bad_links_are_named_and_the_text_kept(client, signup_profile):
    client.force_login(signup_profile.user)
    links = "github.com/alice\nnot a link\n"
    response = client.post(step_url("about"), {"bio": "Hello", "links": links})
    assert response.status_code == 200
    content = response.content.decode()
    assert "“not a link” is not a web address" in content
    assert "github.com/alice\nnot a link" in content and ">\nHello</textarea>" in content


def test_more_than_five_links_are_refused(client, signup_profile):
    client.force_login(signup_profile.user)
    links = "\n".join(f"site{n}.example.org" for n in range(6))
    response = client.post(step_url("about"), {"links": links})
    assert response.status_code == 200
    assert "Give at most 5 links; you gave 6." in response.content.decode()


# --- University and verification ----------------------------------------------------------------------------


def test_choosing_a_university_never_verifies_and_verified_fields_cannot_be_posted(client, signup_profile):
    university = UniversityFactory()
    client.force_login(signup_profile.user)
    client.post(
        step_url("university"),
        {
            "university": university.pk,
            "major": "Law",
            "graduation_year": "2027",
            "verified_at": "2026-01-01T00:00:00Z",
            "verified_by": "1",
        },
    )
    signup_profile.refresh_from_db()
    assert signup_profile.university == university
    assert signup_profile.verified_at is None and signup_profile.verified_by is None
    content = client.get(step_url("university")).content.decode()
    assert "Not verified" in content
    assert reverse("account_email") in content


def test_a_verified_student_sees_their_university_read_only_and_cannot_change_it(client, student):
    profile = StudentProfileFactory(user=student, university__name="Northfield University")
    other = UniversityFactory()
    client.force_login(student)
    content = client.get(step_url("university")).content.decode()
    assert "Northfield University" in content and "Verified" in content
    assert 'name="university"' not in content
    response = client.post(
        step_url("university"), {"university": other.pk, "major": "Law", "graduation_year": "2027"}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.university.name == "Northfield University" and profile.is_verified
    assert profile.major == "Law"


def test_an_unverified_student_is_told_how_to_get_verified(client, signup_profile):
    client.force_login(signup_profile.user)
    content = client.get(step_url("university")).content.decode()
    assert "add and confirm your university email address" in content
    assert reverse("account_email") in content


# --- Dashboard ----------------------------------------------------------------------------------------------


def test_the_dashboard_links_to_the_wizard_and_the_student_pages(client, signup_profile):
    client.force_login(signup_profile.user)
    content = client.get(reverse("students:dashboard")).content.decode()
    assert "Complete your profile" in content
    assert step_url("university") in content
    assert "Profile 25% complete" in content
    for name, label in (
        ("projects:search", "Find projects"),
        ("applications:mine", "My applications"),
        ("projects:saved", "Saved projects"),
    ):
        assert f'href="{reverse(name)}"' in content and label in content
