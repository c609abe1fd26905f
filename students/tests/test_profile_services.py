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


def errors_of(profile, **data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        student_profile_update(profile=profile, data=data)
    return error.value.message_dict


def test_graduation_years_run_from_last_year_to_eight_years_ahead():
    this_year = timezone.localdate().year
    years = graduation_year_range()
    assert (years[0], years[-1]) == (this_year - 1, this_year + 8)


def test_out_of_range_values_are_refused_and_nothing_is_saved(unverified_student_profile):
    errors = errors_of(
        unverified_student_profile,
        major="Law",
        weekly_hours_available=61,
        graduation_year=1990,
        time_zone="Nowhere",
    )
    assert set(errors) == {"weekly_hours_available", "graduation_year", "time_zone"}
    unverified_student_profile.refresh_from_db()
    assert unverified_student_profile.major == "Economics"
    assert errors_of(unverified_student_profile, weekly_hours_available=0)["weekly_hours_available"] == [
        "Give a number of hours from 1 to 60."
    ]


def test_links_get_https_when_no_scheme_is_given_and_duplicates_go(unverified_student_profile):
    student_profile_update(
        profile=unverified_student_profile,
        data={"links": [" alice.dev ", "http://old.example.org", "https://alice.dev", ""]},
    )
    unverified_student_profile.refresh_from_db()
    assert unverified_student_profile.links == ["https://alice.dev", "http://old.example.org"]


def test_links_must_be_web_addresses_and_at_most_five(unverified_student_profile):
    assert errors_of(unverified_student_profile, links=["javascript:alert(1)"])["links"][0].startswith(
        "“javascript:alert(1)”"
    )
    assert errors_of(unverified_student_profile, links=["ftp://files.example.org"])["links"][0].startswith(
        "“ftp://"
    )
    assert (
        "at most 5"
        in errors_of(unverified_student_profile, links=[f"s{n}.example.org" for n in range(6)])["links"][0]
    )


def test_interests_are_trimmed_and_deduplicated_whatever_the_case(unverified_student_profile):
    student_profile_update(
        profile=unverified_student_profile, data={"interests": [" Climate ", "climate", "  ", "Fin  tech"]}
    )
    unverified_student_profile.refresh_from_db()
    assert unverified_student_profile.interests == ["Climate", "Fin tech"]


def test_skills_are_replaced(unverified_student_profile):
    python, go = Skill.objects.get(name="Python"), Skill.objects.get(name="Go")
    unverified_student_profile.skills.set([python])
    student_profile_update(profile=unverified_student_profile, data={"skills": [go]})
    assert list(unverified_student_profile.skills.all()) == [go]


@pytest.mark.parametrize("field", ["university", "verified_at", "verified_by", "resume", "user"])
def test_university_verification_and_other_fields_cannot_be_set_this_way(unverified_student_profile, field):
    with pytest.raises(ValidationError):
        student_profile_update(profile=unverified_student_profile, data={field: None})


def test_choosing_a_university_links_without_verifying(unverified_student_profile):
    university = UniversityFactory()
    student_university_choose(profile=unverified_student_profile, university=university)
    unverified_student_profile.refresh_from_db()
    assert (
        unverified_student_profile.university == university
        and unverified_student_profile.verified_at is None
        and not unverified_student_profile.is_verified
    )
    student_university_choose(profile=unverified_student_profile, university=None)
    unverified_student_profile.refresh_from_db()
    assert unverified_student_profile.university is None


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
