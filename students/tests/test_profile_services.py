"""The profile wizard's services hold the rules: ranges, normalised lists, and no way to self-verify."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.models import Skill
from students.factories import StudentProfileFactory
from students.selectors import student_profile_for_user, student_profile_progress
from students.services import (
    graduation_year_range,
    student_profile_update,
    student_university_choose,
)
from universities.factories import UniversityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    return StudentProfileFactory(unverified=True)


def errors_of(profile, **data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        student_profile_update(profile=profile, data=data)
    return error.value.message_dict


def test_graduation_years_run_from_last_year_to_eight_years_ahead():
    this_year = timezone.localdate().year
    years = graduation_year_range()
    assert (years[0], years[-1]) == (this_year - 1, this_year + 8)


def test_out_of_range_values_are_refused_and_nothing_is_saved(profile):
    errors = errors_of(
        profile, major="Law", weekly_hours_available=61, graduation_year=1990, time_zone="Nowhere"
    )
    assert set(errors) == {"weekly_hours_available", "graduation_year", "time_zone"}
    profile.refresh_from_db()
    assert profile.major == "Economics"
    assert errors_of(profile, weekly_hours_available=0)["weekly_hours_available"] == [
        "Give a number of hours from 1 to 60."
    ]


def test_links_get_https_when_no_scheme_is_given_and_duplicates_go(profile):
    student_profile_update(
        profile=profile, data={"links": [" alice.dev ", "http://old.example.org", "https://alice.dev", ""]}
    )
    profile.refresh_from_db()
    assert profile.links == ["https://alice.dev", "http://old.example.org"]


def test_links_must_be_web_addresses_and_at_most_five(profile):
    assert errors_of(profile, links=["javascript:alert(1)"])["links"][0].startswith("“javascript:alert(1)”")
    assert errors_of(profile, links=["ftp://files.example.org"])["links"][0].startswith("“ftp://")
    assert "at most 5" in errors_of(profile, links=[f"s{n}.example.org" for n in range(6)])["links"][0]


def test_interests_are_trimmed_and_deduplicated_whatever_the_case(profile):
    student_profile_update(profile=profile, data={"interests": [" Climate ", "climate", "  ", "Fin  tech"]})
    profile.refresh_from_db()
    assert profile.interests == ["Climate", "Fin tech"]


def test_skills_are_replaced(profile):
    python, go = Skill.objects.get(name="Python"), Skill.objects.get(name="Go")
    profile.skills.set([python])
    student_profile_update(profile=profile, data={"skills": [go]})
    assert list(profile.skills.all()) == [go]


@pytest.mark.parametrize("field", ["university", "verified_at", "verified_by", "resume", "user"])
def test_university_verification_and_other_fields_cannot_be_set_this_way(profile, field):
    with pytest.raises(ValidationError):
        student_profile_update(profile=profile, data={field: None})


def test_choosing_a_university_links_without_verifying(profile):
    university = UniversityFactory()
    student_university_choose(profile=profile, university=university)
    profile.refresh_from_db()
    assert profile.university == university and profile.verified_at is None and not profile.is_verified
    student_university_choose(profile=profile, university=None)
    profile.refresh_from_db()
    assert profile.university is None


def test_a_verified_student_cannot_move_university():
    profile = StudentProfileFactory()
    original = profile.university
    with pytest.raises(ValidationError) as error:
        student_university_choose(profile=profile, university=UniversityFactory())
    assert "university" in error.value.message_dict
    assert student_university_choose(profile=profile, university=original).university == original
    profile.refresh_from_db()
    assert profile.university == original and profile.is_verified


def test_progress_counts_what_employers_look_at_without_extra_queries(django_assert_num_queries):
    profile = StudentProfileFactory(bio="", major="")
    loaded = student_profile_for_user(user=profile.user)
    with django_assert_num_queries(0):
        progress = student_profile_progress(profile=loaded)
    assert (progress.done, progress.total) == (4, 8)
    assert progress.first_incomplete.slug == "university"
    assert progress.first_incomplete.missing == ("your major",)
    assert [step.complete for step in progress.steps] == [False, False, True, False]
