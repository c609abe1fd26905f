"""The match score and its reasons for crafted pairs, in both directions."""

import datetime as dt

import pytest
from django.utils import timezone

from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from matching.models import SkillEquivalence
from matching.scoring import WEIGHTS, project_student_scores
from matching.selectors import match_for_student_and_project, match_list_for_student
from projects.factories import ProjectFactory, SkillFactory
from projects.models import LocationType, SkillCategory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill_by_name():
    names = ["Python", "SQL", "Django", "Docker", "Git", "Figma"]
    return {name: SkillFactory(name=name) for name in names}


def _project(skills, required, nice=(), **fields):
    fields.setdefault("due_date", timezone.localdate() + dt.timedelta(days=28))
    return ProjectFactory(
        published=True,
        required_skills=[skills[name] for name in required],
        nice_to_have_skills=[skills[name] for name in nice],
        **fields,
    )


def _student(skills, names, **fields):
    fields.setdefault("weekly_hours_available", 10)
    return StudentProfileFactory(skills=[skills[name] for name in names], **fields)


def _score_from_project_side(project, student):
    return project_student_scores(project=project).get(pk=student.pk).match_score


def test_reasons_name_the_required_skills_matched_and_missing(skill_by_name):
    project = _project(
        skill_by_name, ["Python", "SQL", "Django", "Docker"], ["Git"], field=SkillCategory.SOFTWARE
    )
    student = _student(skill_by_name, ["Python", "SQL", "Django"], major="Computer Science")

    match = match_for_student_and_project(student=student, project=project)

    assert match.reasons[0] == "3 of 4 required skills (Django, Python, SQL); missing: Docker"
    assert match.matched_skills == ["Django", "Python", "SQL"]
    assert match.missing_skills == ["Docker"]
    assert "Matches your major" in match.reasons
    assert "Remote: work from anywhere" in match.reasons
    # 20 hours over four weeks is 5 h a week: it fits 10.
    assert any(reason.startswith("Fits your 10 h/week (about 5 h a week") for reason in match.reasons)
    # required 3/4, nice 0/1, major, hours, remote, deadline ahead
    assert match.score == round(50 * 3 / 4 + 0 + 10 + 20 + 5 + 5)
    assert match.why.startswith("3 of 4 required skills: Django, Python, SQL")


def test_a_perfect_fit_scores_100(skill_by_name):
    project = _project(skill_by_name, ["Python"], ["Git"], field=SkillCategory.SOFTWARE)
    student = _student(skill_by_name, ["Python", "Git"], major="Software Engineering")

    assert match_for_student_and_project(student=student, project=project).score == 100
    assert sum(WEIGHTS.values()) == 100


def test_a_skill_row_that_is_a_synonym_of_another_counts_as_that_skill(skill_by_name):
    javascript = SkillFactory(name="JavaScript", synonyms=["js", "ecmascript"])
    js = SkillFactory(name="JS")
    project = ProjectFactory(published=True, required_skills=[javascript])
    student = StudentProfileFactory(skills=[js])

    match = match_for_student_and_project(student=student, project=project)

    assert match.matched_skills == ["JavaScript"]
    assert match.missing_skills == []
    assert _score_from_project_side(project, student) == match.score


def test_renaming_a_skill_updates_the_equivalences(skill_by_name):
    js = SkillFactory(name="JS")
    assert not SkillEquivalence.objects.filter(skill=skill_by_name["Python"], equivalent=js).exists()

    js.synonyms = ["python"]
    js.save()

    assert SkillEquivalence.objects.filter(skill=skill_by_name["Python"], equivalent=js).exists()
    assert SkillEquivalence.objects.filter(skill=js, equivalent=skill_by_name["Python"]).exists()
    js.synonyms = []
    js.save()
    assert not SkillEquivalence.objects.filter(skill=skill_by_name["Python"], equivalent=js).exists()


def test_hours_left_after_an_active_engagement_decide_the_hours_fit(skill_by_name):
    student = _student(skill_by_name, ["Python"], weekly_hours_available=10)
    busy = _project(
        skill_by_name, ["Git"], estimated_hours=28, due_date=timezone.localdate() + dt.timedelta(days=28)
    )
    EngagementFactory(
        application__project=busy, application__student=student, status=EngagementStatus.ACTIVE
    )  # 7 h a week until its due date
    project = _project(
        skill_by_name, ["Python"], estimated_hours=20, due_date=timezone.localdate() + dt.timedelta(days=14)
    )

    match = match_for_student_and_project(student=student, project=project)

    assert not match.hours_fit
    assert match.weekly_added == pytest.approx(10)
    assert match.weekly_left == pytest.approx(3)
    assert "Needs about 10 h a week; you have 3 h left after your engagements" in match.reasons
    assert match.why.endswith("more hours than your week has left")
    # hours count 3/10 of their weight
    assert match.score == round(50 + 10 + 0 + 20 * 0.3 + 5 + 5)
    assert _score_from_project_side(project, student) == match.score


def test_a_completed_engagement_no_longer_takes_hours(skill_by_name):
    student = _student(skill_by_name, ["Python"], weekly_hours_available=10)
    busy = _project(skill_by_name, ["Git"], estimated_hours=28)
    EngagementFactory(
        application__project=busy, application__student=student, status=EngagementStatus.COMPLETED
    )
    project = _project(skill_by_name, ["Python"], estimated_hours=20)

    assert match_for_student_and_project(student=student, project=project).hours_fit


def test_on_site_work_in_the_students_time_zone_city_counts_as_near(skill_by_name):
    project = _project(
        skill_by_name, ["Python"], location_type=LocationType.ONSITE, location="Berlin, Germany"
    )
    local = _student(skill_by_name, ["Python"], time_zone="Europe/Berlin")
    far = _student(skill_by_name, ["Python"], time_zone="America/New_York")

    near_match = match_for_student_and_project(student=local, project=project)
    far_match = match_for_student_and_project(student=far, project=project)

    assert "On-site in Berlin, Germany, the city of your time zone" in near_match.reasons
    assert "On-site in Berlin, Germany" in far_match.reasons
    assert near_match.score - far_match.score == WEIGHTS["location"]


def test_a_deadline_within_three_days_asks_to_apply_soon(skill_by_name):
    project = _project(skill_by_name, ["Python"], application_deadline=timezone.now() + dt.timedelta(days=2))
    student = _student(skill_by_name, ["Python"])

    assert (
        "Closes within 3 days: apply soon"
        in match_for_student_and_project(student=student, project=project).reasons
    )


def test_a_passed_deadline_loses_its_points_and_says_so(skill_by_name):
    project = _project(skill_by_name, ["Python"], application_deadline=timezone.now() - dt.timedelta(hours=1))
    student = _student(skill_by_name, ["Python"])

    match = match_for_student_and_project(student=student, project=project)

    assert "The application deadline has passed" in match.reasons
    assert match.score == 100 - WEIGHTS["deadline"] - WEIGHTS["major"]


def test_no_shared_skill_scores_zero_and_is_left_out_of_the_project_side(skill_by_name):
    project = _project(skill_by_name, ["Figma"])
    student = _student(skill_by_name, ["Python"])

    assert match_for_student_and_project(student=student, project=project).score == 0
    assert not project_student_scores(project=project).filter(pk=student.pk).exists()


def test_both_directions_give_the_same_score_for_every_pair(skill_by_name):
    students = [
        _student(skill_by_name, ["Python", "SQL"], major="Data Science"),
        _student(skill_by_name, ["Docker", "Git"], weekly_hours_available=3, time_zone="Europe/Paris"),
        _student(skill_by_name, ["Django", "Figma", "Git"], major="Graphic Design"),
    ]
    projects = [
        _project(skill_by_name, ["Python", "SQL", "Docker"], ["Git"], field=SkillCategory.DATA),
        _project(skill_by_name, ["Figma"], ["Django"], field=SkillCategory.DESIGN,
                 location_type=LocationType.HYBRID, location="Paris"),
        _project(skill_by_name, [], ["Git", "Docker"], estimated_hours=40,
                 application_deadline=timezone.now() + dt.timedelta(days=1)),
    ]  # fmt: skip
    for project in projects:
        from_project = dict(project_student_scores(project=project).values_list("pk", "match_score"))
        for student in students:
            from_student = {
                found.pk: match.score for found, match in match_list_for_student(student=student, limit=50)
            }
            expected = match_for_student_and_project(student=student, project=project).score
            assert from_project.get(student.pk, 0) == expected
            assert from_student.get(project.pk, 0) == expected


def test_the_project_side_names_each_students_own_matched_and_missing_skills(skill_by_name):
    from matching.reasons import match_from_row
    from matching.scoring import ProjectSide, StudentSide, match_annotations
    from students.models import StudentProfile

    project = _project(skill_by_name, ["Python", "SQL"])
    first = _student(skill_by_name, ["Python"])
    second = _student(skill_by_name, ["SQL", "Git"])
    annotations = match_annotations(
        project=ProjectSide.of(project), student=StudentSide.columns(), with_names=True
    )

    rows = StudentProfile.objects.filter(pk__in=[first.pk, second.pk]).annotate(**annotations).in_bulk()

    first_match = match_from_row(rows[first.pk], project=project, student=first, audience="employer")
    second_match = match_from_row(rows[second.pk], project=project, student=second, audience="employer")
    assert (first_match.matched_skills, first_match.missing_skills) == (["Python"], ["SQL"])
    assert (second_match.matched_skills, second_match.missing_skills) == (["SQL"], ["Python"])
    assert first_match.score == match_for_student_and_project(student=first, project=project).score
