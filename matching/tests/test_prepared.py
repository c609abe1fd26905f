"""The prepared (compiled once per process) match statements of the project page and the applicants list give
exactly what the match expressions built afresh give, on a varied world of students and projects."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from matching.fanout.statement import ProjectSkills, batch_components
from matching.models import ProjectPosting
from matching.prepared import (
    ApplicantsInputs,
    PairInputs,
    applicant_expressions,
    pair_expressions,
    prepared_is_trusted,
)
from matching.ranking import COMPONENTS
from matching.reasons import match_from_row
from matching.scoring import (
    ProjectSide,
    StudentSide,
    match_annotations,
    project_skill_ids,
    student_skill_closure,
)
from matching.selectors import (
    application_list_annotate_match,
    match_by_application,
    match_for_student_and_project,
)
from projects.factories import ProjectFactory, SkillFactory
from projects.models import LocationType, Project, ProjectStatus, SkillCategory
from students.factories import StudentProfileFactory
from students.models import StudentProfile

pytestmark = pytest.mark.django_db

FIELDS = (*COMPONENTS, "match_score")
NOW = timezone.now()


@pytest.fixture
def prepared_world():
    """Students and projects that between them take every branch of the score: synonyms, no skills in
    common, no required or no nice-to-have skills, every location and deadline case, hours that fit or
    not (one student has an active engagement), missing due dates and deadlines, closed and draft projects."""
    names = ["Python", "SQL", "Django", "Docker", "Git", "Figma", "Excel", "Statistics"]
    skill = {name: SkillFactory(name=name) for name in names}
    skill["JavaScript"] = SkillFactory(name="JavaScript", synonyms=["js"])
    skill["JS"] = SkillFactory(name="JS")

    def student(skills, **fields):
        return StudentProfileFactory(skills=[skill[name] for name in skills], **fields)

    students = [
        student(["Python", "SQL", "Statistics"], major="Data Science", weekly_hours_available=15),
        student(["Python", "Django", "Git", "JS"], major="Computer Science", time_zone="Europe/Berlin"),
        student(["Figma"], major="Graphic Design", time_zone="America/New_York", weekly_hours_available=3),
        student(["Excel", "SQL"], major="Business Administration", time_zone="Asia/Singapore"),
        student(["Docker", "Git", "Python", "SQL", "Django", "Excel"], major="", weekly_hours_available=40),
        student(["JavaScript"], major="History of Art", time_zone="UTC", weekly_hours_available=1),
    ]
    busy = ProjectFactory(required_skills=[skill["Git"]], estimated_hours=28)
    EngagementFactory(
        application__project=busy, application__student=students[0], status=EngagementStatus.ACTIVE
    )

    def project(required, nice=(), **fields):
        fields.setdefault("published", True)
        return ProjectFactory(
            required_skills=[skill[name] for name in required],
            nice_to_have_skills=[skill[name] for name in nice],
            **fields,
        )

    today = timezone.localdate(NOW)
    projects = [
        project(["Python", "SQL"], ["Statistics"], field=SkillCategory.DATA),
        project(["Python", "Django", "Docker", "Git"], ["JavaScript"], field=SkillCategory.SOFTWARE,
                location_type=LocationType.ONSITE, location="Berlin, Germany"),
        project(["Figma"], field=SkillCategory.DESIGN, location_type=LocationType.HYBRID, location="New York",
                application_deadline=NOW + dt.timedelta(days=2), estimated_hours=60),
        project([], ["Excel", "SQL", "Git"], field=SkillCategory.BUSINESS, application_deadline=None,
                due_date=None),
        project(["JS"], field=SkillCategory.OTHER, application_deadline=NOW - dt.timedelta(hours=1),
                location_type=LocationType.HYBRID, location=""),
        project(["Excel"], ["Python"], field=SkillCategory.FINANCE, location_type=LocationType.ONSITE,
                location="Singapore", due_date=today + dt.timedelta(days=3), estimated_hours=5),
        project(["Statistics", "Python", "SQL", "Excel", "Docker"], ["Git", "Django", "Figma"],
                field=SkillCategory.RESEARCH, due_date=today - dt.timedelta(days=10)),
        project(["Git"], published=False, status=ProjectStatus.DRAFT, field=SkillCategory.WRITING),
        project(["Python"], status=ProjectStatus.CANCELLED, field=SkillCategory.MARKETING,
                application_deadline=None),
    ]  # fmt: skip
    return students, projects


def _reference_pair(student, project):
    """The project page's row as it was built before the prepared statement: afresh, over the project."""
    annotations = match_annotations(
        project=ProjectSide.columns(), student=StudentSide.of(student), now=NOW, with_names=True
    )
    return Project.objects.filter(pk=project.pk).annotate(**annotations).get()


def _reference_applicants(project):
    annotations = match_annotations(
        project=ProjectSide.of(project),
        student=StudentSide.columns(prefix="student__"),
        now=NOW,
        with_names=True,
    )
    return Application.objects.filter(project=project).annotate(**annotations).in_bulk()


def _values(row):
    return {name: getattr(row, name) for name in FIELDS}


def test_one_pair_scores_and_reasons_exactly_as_the_expressions_built_afresh(prepared_world):
    students, projects = prepared_world
    scores = set()
    for student in students:
        for project in projects:
            expected = match_from_row(_reference_pair(student, project), project=project, student=student)

            match = match_for_student_and_project(student=student, project=project, now=NOW)

            assert match == expected, (student.major, project.title)
            scores.add(match.score)
    assert len(scores) > 10  # the world is varied enough to mean something
    assert 0 in scores


def test_the_pair_statement_is_compiled_once_and_trusted(prepared_world, django_assert_num_queries):
    students, projects = prepared_world
    for student in students:
        inputs = PairInputs(student, student_skill_closure(student=student), NOW)
        assert prepared_is_trusted(ProjectPosting, pair_expressions, inputs)
    with django_assert_num_queries(2):  # the student's skill closure, then the pair
        match_for_student_and_project(student=students[0], project=projects[0])


def test_applicants_are_annotated_exactly_as_the_expressions_built_afresh(prepared_world):
    students, projects = prepared_world
    for project in projects:
        for student in students:
            ApplicationFactory(project=project, student=student)
    for project in projects:
        expected = _reference_applicants(project)
        inputs = ApplicantsInputs(project, project_skill_ids(project=project), NOW)
        assert prepared_is_trusted(Application, applicant_expressions, inputs)

        rows = application_list_annotate_match(
            Application.objects.filter(project=project).select_related("student"), project=project, now=NOW
        ).order_by("-match_score", "pk")
        matches = match_by_application(project=project, applications=rows, now=NOW)

        assert {row.pk: _values(row) for row in rows} == {pk: _values(row) for pk, row in expected.items()}
        for row in rows:
            reference = match_from_row(
                expected[row.pk], project=project, student=row.student, audience="employer"
            )
            assert matches[row.pk] == reference
        assert [row.match_score for row in rows] == sorted((row.match_score for row in rows), reverse=True)


def test_applicants_joined_to_their_student_otherwise_still_get_their_match(prepared_world):
    """The student table already joined through the engagement: the prepared SQL, which names the student's
    table, cannot be used, and the expressions are compiled for this queryset instead."""
    students, projects = prepared_world
    project = projects[0]
    for student in students:
        ApplicationFactory(project=project, student=student)
    applications = Application.objects.filter(project=project).alias(via=F("engagement__student__major"))

    rows = application_list_annotate_match(applications, project=project, now=NOW)

    expected = _reference_applicants(project)
    assert {row.pk: _values(row) for row in rows} == {pk: _values(row) for pk, row in expected.items()}


def test_the_fanout_batch_components_are_compiled_once_and_trusted(prepared_world):
    """The fan-out's batch statement takes its components from the template of the project's shape (see
    matching.fanout.statement): every shape of the varied world is trusted, so no batch compiles them."""
    _, projects = prepared_world
    for project in projects:
        skills = ProjectSkills.of(project)
        inputs = ApplicantsInputs(project, (skills.required_ids, skills.nice_ids), NOW)
        assert prepared_is_trusted(StudentProfile, batch_components, inputs), project.title
