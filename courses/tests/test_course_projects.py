"""Course-linked projects: the services' rules, who sees a course-only project, the date window and the
notices (the pages are in test_course_projects_pages.py, the API in test_course_projects_api.py).

The world (courses/tests/conftest.py): Nora teaches BUS 301 at North (term from 30 days ago to 60 days
ahead) with Ella enrolled; Walt is North faculty still waiting; Sam teaches at South. `member` owns
`employer`, whose open `project` (deadline in 14 days, due in 45) fits the term.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.services.applications import application_submit
from courses.factories import CourseFactory
from courses.models import (
    CourseInvite,
    CourseProjectOrigin,
    CourseProjectStatus,
    EnrolmentSource,
    RosterImport,
)
from courses.services import (
    course_invites_claim,
    course_join,
    course_project_accept,
    course_project_adopt,
    course_project_decline,
    course_project_propose,
    course_project_remove,
    course_project_withdraw,
    enrolment_add,
    roster_import_confirm,
)
from notifications.models import Notification, NotificationKind
from projects.factories import ProjectFactory
from projects.models import ProjectAudienceMember, ProjectStatus, Visibility
from projects.services import project_publish, project_update
from students.factories import StudentProfileFactory
from universities.models import Partnership, PartnershipStatus

pytestmark = pytest.mark.django_db


def _notified(user, suffix: str = "") -> list[Notification]:
    rows = Notification.objects.filter(user=user, kind=NotificationKind.COURSE_PROJECT)
    return [row for row in rows if row.key.endswith(suffix)]


# --- Proposing ---------------------------------------------------------------------------------------------


def test_a_proposal_tells_the_instructors(course_proposal, prof_north, member):
    assert course_proposal.status == CourseProjectStatus.PROPOSED
    assert course_proposal.origin == CourseProjectOrigin.PROPOSAL
    assert course_proposal.proposed_by == member
    [notice] = _notified(prof_north.user, ":proposed")
    assert "Hi class" in notice.body
    assert notice.url.endswith("#projects")
    assert not _notified(member)


def test_only_members_may_propose(north_course, project, other_member):
    with pytest.raises(PermissionDenied):
        course_project_propose(by=other_member, course=north_course, project=project)


def test_a_course_closed_to_proposals_or_over_takes_none(north_course, project, member):
    north_course.open_to_proposals = False
    north_course.save()
    with pytest.raises(ValidationError) as error:
        course_project_propose(by=member, course=north_course, project=project)
    assert "course" in error.value.message_dict
    over = CourseFactory(
        term_start=timezone.localdate() - dt.timedelta(days=90),
        term_end=timezone.localdate() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        course_project_propose(by=member, course=over, project=project)


def test_the_dates_must_fall_within_the_term(north_course, employer, member):
    late = ProjectFactory(employer=employer, due_date=north_course.term_end + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        course_project_propose(by=member, course=north_course, project=late)
    assert list(error.value.message_dict) == ["due_date"]
    no_deadline = ProjectFactory(employer=employer, application_deadline=None)
    with pytest.raises(ValidationError) as error:
        course_project_propose(by=member, course=north_course, project=no_deadline)
    assert "application_deadline" in error.value.message_dict


def test_a_project_has_one_live_link(course_proposal, member, prof_south, project):
    south_course = CourseFactory(created_by=prof_south)
    with pytest.raises(ValidationError) as error:
        course_project_propose(by=member, course=south_course, project=project)
    assert "already proposed to BUS 301" in str(error.value)


def test_only_drafts_and_open_projects_are_proposed(north_course, employer, member):
    closed = ProjectFactory(employer=employer, status=ProjectStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        course_project_propose(by=member, course=north_course, project=closed)
    draft = ProjectFactory(employer=employer)
    assert course_project_propose(by=member, course=north_course, project=draft).status == "proposed"


def test_the_employer_withdraws_a_waiting_proposal_only(
    course_proposal, member, prof_north, north_course, project
):
    assert course_project_withdraw(by=member, link=course_proposal).status == CourseProjectStatus.WITHDRAWN
    assert course_project_withdraw(by=member, link=course_proposal).status == CourseProjectStatus.WITHDRAWN
    again = course_project_propose(by=member, course=north_course, project=project)
    course_project_accept(by=prof_north.user, link=again)
    with pytest.raises(ValidationError):
        course_project_withdraw(by=member, link=again)


# --- Accepting and declining -------------------------------------------------------------------------------


def test_accepting_makes_the_project_the_courses_only(
    course_link_accepted, project, enrolled, north_course, member
):
    project.refresh_from_db()
    assert course_link_accepted.status == CourseProjectStatus.ACCEPTED
    assert course_link_accepted.previous_visibility == Visibility.PUBLIC
    assert project.visibility == Visibility.COURSE
    assert (project.dates_window_start, project.dates_window_end) == (
        north_course.term_start,
        north_course.term_end,
    )
    assert list(
        ProjectAudienceMember.objects.filter(project=project).values_list("student_id", flat=True)
    ) == [enrolled.student_id]
    assert _notified(member, ":accepted")
    [announced] = _notified(enrolled.student.user, ":announced")
    assert "new project for your course" in announced.title


def test_accepting_twice_changes_nothing(course_link_accepted, prof_north, member):
    again = course_project_accept(by=prof_north.user, link=course_link_accepted)
    assert again.status == CourseProjectStatus.ACCEPTED
    assert len(_notified(member, ":accepted")) == 1


def test_a_draft_accepted_tells_its_students_when_it_goes_live(
    north_course, employer, member, prof_north, enrolled
):
    draft = ProjectFactory(employer=employer)
    link = course_project_propose(by=member, course=north_course, project=draft)
    course_project_accept(by=prof_north.user, link=link)
    assert not _notified(enrolled.student.user)
    project_publish(project=draft, user=member)
    [notice] = _notified(enrolled.student.user, ":announced")
    assert notice.title == f"A new project for your course {north_course.code} {north_course.title}"


def test_only_confirmed_instructors_decide(course_proposal, prof_waiting, prof_south):
    course_proposal.course.instructors.add(prof_waiting)
    for outsider in (prof_waiting.user, prof_south.user):
        with pytest.raises(PermissionDenied):
            course_project_accept(by=outsider, link=course_proposal)
        with pytest.raises(PermissionDenied):
            course_project_decline(by=outsider, link=course_proposal, reason="No")


def test_declining_needs_a_reason_and_tells_the_employer(course_proposal, prof_north, member):
    with pytest.raises(ValidationError) as error:
        course_project_decline(by=prof_north.user, link=course_proposal, reason="  ")
    assert "reason" in error.value.message_dict
    link = course_project_decline(
        by=prof_north.user, link=course_proposal, reason="Too advanced for first years"
    )
    assert (link.status, link.decided_by) == (CourseProjectStatus.DECLINED, prof_north.user)
    [notice] = _notified(member, ":declined")
    assert "Too advanced" in notice.body
    with pytest.raises(ValidationError):
        course_project_accept(by=prof_north.user, link=link)


def test_accepting_checks_the_dates_again(course_proposal, prof_north, project, member):
    project_update(
        project=project,
        user=member,
        data={"due_date": course_proposal.course.term_end + dt.timedelta(days=3)},
    )
    with pytest.raises(ValidationError) as error:
        course_project_accept(by=prof_north.user, link=course_proposal)
    assert "due_date" in error.value.message_dict


# --- Who sees a course-only project ------------------------------------------------------------------------


def test_only_enrolled_students_see_search_and_apply(
    client, course_link_accepted, project, enrolled, north_student_unenrolled
):
    page = reverse("projects:detail", args=[project.public_id])
    search = reverse("projects:search") + "?q=" + project.title.split()[0]
    client.force_login(north_student_unenrolled.user)
    assert client.get(page).status_code == 404
    assert project.title not in client.get(search).text
    with pytest.raises(ValidationError):
        application_submit(student=north_student_unenrolled, project=project, cover_note="Me please")
    client.force_login(enrolled.student.user)
    assert client.get(page).status_code == 200
    assert project.title in client.get(search).text
    assert application_submit(student=enrolled.student, project=project, cover_note="Me please").pk


def test_a_student_who_enrols_after_acceptance_sees_it(
    client, course_link_accepted, project, north_course, north
):
    late = StudentProfileFactory(university=north)
    client.force_login(late.user)
    assert client.get(reverse("projects:detail", args=[project.public_id])).status_code == 404
    course_join(user=late.user, code=north_course.join_code)
    assert client.get(reverse("projects:detail", args=[project.public_id])).status_code == 200


@pytest.mark.parametrize("path", ["enrolment_add", "roster", "invite"])
def test_every_enrolment_path_joins_the_audience(
    path, course_link_accepted, project, north_course, prof_north, north
):
    student = StudentProfileFactory(university=north)
    if path == "enrolment_add":
        enrolment_add(course=north_course, student=student, source=EnrolmentSource.JOIN_CODE)
    elif path == "roster":
        roster = RosterImport.objects.create(
            course=north_course,
            uploaded_by=prof_north.user,
            file_name="roster.csv",
            rows=[{"line": 2, "values": {"email": student.user.email}, "problem": ""}],
        )
        assert roster_import_confirm(roster=roster, by=prof_north.user)["enrolled"] == 1
    else:
        CourseInvite.objects.create(course=north_course, email=student.user.email)
        assert course_invites_claim(user=student.user, email=student.user.email) == 1
    assert ProjectAudienceMember.objects.filter(project=project, student=student).exists()


def test_an_adopted_project_keeps_its_audience(
    north_course, project, prof_north, member, north_student_unenrolled, client
):
    link = course_project_adopt(by=prof_north.user, course=north_course, project=project)
    project.refresh_from_db()
    assert (link.status, link.origin) == (CourseProjectStatus.ACCEPTED, CourseProjectOrigin.ADOPTION)
    assert project.visibility == Visibility.PUBLIC and project.dates_window_start is None
    assert not ProjectAudienceMember.objects.filter(project=project).exists()
    assert _notified(member, ":adopted")
    client.force_login(north_student_unenrolled.user)
    assert client.get(reverse("projects:detail", args=[project.public_id])).status_code == 200


def test_faculty_adopt_only_what_their_students_see(north_course, prof_north, employer, north):
    hidden = ProjectFactory(employer=employer, published=True, visibility=Visibility.PARTNERS)
    with pytest.raises(ValidationError):
        course_project_adopt(by=prof_north.user, course=north_course, project=hidden)
    Partnership.objects.create(employer=employer, university=north, status=PartnershipStatus.ACTIVE)
    assert course_project_adopt(by=prof_north.user, course=north_course, project=hidden).pk
    draft = ProjectFactory(employer=employer)
    with pytest.raises(ValidationError):
        course_project_adopt(by=prof_north.user, course=north_course, project=draft)
    late = ProjectFactory(
        employer=employer, published=True, due_date=north_course.term_end + dt.timedelta(days=9)
    )
    with pytest.raises(ValidationError):
        course_project_adopt(by=prof_north.user, course=north_course, project=late)


# --- Removing ----------------------------------------------------------------------------------------------


def test_removing_restores_the_project(course_link_accepted, project, prof_north, member):
    link = course_project_remove(by=prof_north.user, link=course_link_accepted, reason="The class moved on")
    project.refresh_from_db()
    assert link.status == CourseProjectStatus.DECLINED and link.decline_reason == "The class moved on"
    assert project.visibility == Visibility.PUBLIC
    assert project.dates_window_start is None and project.dates_window_end is None
    assert not ProjectAudienceMember.objects.filter(project=project).exists()
    assert _notified(member, ":removed")


def test_removing_is_refused_once_someone_is_accepted(course_link_accepted, project, prof_north):
    project.accepted_count = 1
    project.save(update_fields=["accepted_count"])
    with pytest.raises(ValidationError) as error:
        course_project_remove(by=prof_north.user, link=course_link_accepted)
    assert "already accepted" in str(error.value)


# --- The term bounds the dates -----------------------------------------------------------------------------


def test_the_employer_cannot_move_a_course_project_out_of_the_term(
    course_link_accepted, project, member, north_course
):
    with pytest.raises(ValidationError) as error:
        project_update(
            project=project, user=member, data={"due_date": north_course.term_end + dt.timedelta(days=1)}
        )
    assert "due_date" in error.value.message_dict
    beyond = timezone.now() + dt.timedelta(days=200)
    with pytest.raises(ValidationError) as error:
        project_update(project=project, user=member, data={"application_deadline": beyond})
    assert "application_deadline" in error.value.message_dict
    inside = north_course.term_end - dt.timedelta(days=1)
    assert project_update(project=project, user=member, data={"due_date": inside}).due_date == inside


def test_the_edit_page_refuses_dates_outside_the_term(
    client, course_link_accepted, project, member, north_course
):
    from projects.forms import ProjectForm

    client.force_login(member)
    project.refresh_from_db()
    data = {
        key: (
            "\n".join(value)
            if isinstance(value, list) and key in ("deliverables", "screening_questions")
            else value
        )
        for key, value in ProjectForm.initial_for(project).items()
        if value is not None and key not in ("required_skills", "nice_to_have_skills")
    }
    data["application_deadline"] = project.application_deadline.strftime("%Y-%m-%dT%H:%M")
    data["due_date"] = (north_course.term_end + dt.timedelta(days=5)).isoformat()
    response = client.post(reverse("manage:edit", args=[project.public_id]), data)
    assert response.status_code == 200
    assert "within the course" in str(response.context["form"].errors.get("due_date")), response.context[
        "form"
    ].errors
    project.refresh_from_db()
    assert project.due_date <= north_course.term_end


def test_the_employer_cannot_change_a_course_projects_visibility(
    course_link_accepted, project, member, employer
):
    with pytest.raises(ValidationError) as error:
        project_update(project=project, user=member, data={"visibility": Visibility.PUBLIC})
    assert "visibility" in error.value.message_dict
    other = ProjectFactory(employer=employer)
    with pytest.raises(ValidationError):
        project_update(project=other, user=member, data={"visibility": Visibility.COURSE})
