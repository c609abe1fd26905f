"""The demo course's work: projects linked to BUS 340 and its students' academic credit at every stage.

Planned from the engagements the term already has, so each stage sits on real work: a request waiting for
the faculty, credit approved while the work goes on, completed work still owing the employer's evaluation
and the student's reflection (each way round), a record ready to sign off, two signed off (pass and a
grade) and one declined. Brightlane Analytics (employer@demo.test) owes one evaluation, proposes a project
to next term's course and has a project running for BUS 340's students only; faculty adopted one public
project for the course.
"""

from __future__ import annotations

import datetime as dt
import random

from courses.models import (
    CompetencyEvaluation,
    CompetencyRating,
    CourseProject,
    CourseProjectOrigin,
    CourseProjectStatus,
    CreditRequest,
    CreditResult,
    CreditStatus,
    Enrolment,
    EnrolmentSource,
    Reflection,
    RubricLevel,
    SoftSkill,
)
from demo.builder.common import DAY, explicit_created_at
from engagements.models import Engagement, EngagementStatus
from projects.models import Project, ProjectAudienceMember, ProjectStatus, Visibility

EMPLOYER_EMAIL = "employer@demo.test"
# (stage, engagement status it needs); the stages Brightlane's engagements should take first come first.
STAGES: list[tuple[str, str]] = [
    ("evaluation_owed", EngagementStatus.COMPLETED),
    ("signed_off_pass", EngagementStatus.COMPLETED),
    ("ready_to_sign_off", EngagementStatus.COMPLETED),
    ("reflection_owed", EngagementStatus.COMPLETED),
    ("evaluation_in_progress", EngagementStatus.COMPLETED),
    ("signed_off_grade", EngagementStatus.COMPLETED),
    ("requested", EngagementStatus.ACTIVE),
    ("approved", EngagementStatus.ACTIVE),
    ("declined", EngagementStatus.ACTIVE),
]
SUMMARIES = [
    "I interviewed the client's team, cleaned three years of records into one table, and built the "
    "dashboard their managers now open every Monday. I wrote the handover notes and walked them through it.",
    "I scoped the brief with the client in the first call, drafted the plan of milestones, and delivered the "
    "report and a ten-minute presentation of its findings to people with no background in the subject.",
]
OUTCOME_ANSWERS = [
    "The first call taught me to write the deliverables down and have the client agree them in writing.",
    "I kept a weekly plan and moved one milestone early when the data came in late; I logged my hours daily.",
    "I rehearsed the presentation with a friend outside the field and cut every slide that needed jargon.",
]
COMMENTS = {
    RubricLevel.EXEMPLARY: "Beyond what we asked; we would hire again.",
    RubricLevel.PROFICIENT: "Reliable and clear throughout.",
    RubricLevel.DEVELOPING: "Needed a few nudges, improved over the project.",
}


class CreditMixin:
    """Runs after `plan_courses` (it needs the course and its enrolment)."""

    def plan_credit(self) -> None:
        rng = random.Random(self.course.join_code)
        self.course_links: list[CourseProject] = []
        self.audience: list[ProjectAudienceMember] = []
        self.credit_requests: list[CreditRequest] = []
        self.evaluations: list[tuple[CompetencyEvaluation, list[CompetencyRating]]] = []
        self.reflections: list[Reflection] = []
        self.required_by_project = {id(rec.project): rec.required_ids for rec in self.projects}
        self._plan_credit_stages(rng)
        self._plan_course_projects()

    # ------------------------------------------------------------------ credit
    def _stage_engagements(self) -> list[tuple[str, Engagement]]:
        """One engagement of the term per stage, by the course university's verified students, Brightlane's
        first (so employer@demo.test has an evaluation to give), each student at most once."""
        term_start = dt.datetime.combine(self.course.term_start, dt.time(), tzinfo=self.now.tzinfo)
        verified = {id(rec.profile) for rec in self.students if rec.verified}
        brightlane = self._employer_rec(EMPLOYER_EMAIL).employer
        pool = sorted(
            (
                e
                for e in self.engagements
                if e.created_at >= term_start
                and id(e.student) in verified
                and e.student.university is self.course.university
            ),
            key=lambda e: (e.employer is not brightlane, e.created_at),
        )
        taken: set[int] = set()
        chosen = []
        for stage, status in STAGES:
            engagement = next((e for e in pool if e.status == status and id(e.student) not in taken), None)
            if engagement is not None:
                taken.add(id(engagement.student))
                chosen.append((stage, engagement))
        return chosen

    def _employer_rec(self, owner_email: str):
        return next(rec for rec in self.employers if rec.owner.email == owner_email)

    def _plan_credit_stages(self, rng: random.Random) -> None:
        enrolled = {id(e.student) for e in self.enrolments}
        for stage, engagement in self._stage_engagements():
            if id(engagement.student) not in enrolled:
                self.enrolments.append(self._enrolment(engagement.student))
                enrolled.add(id(engagement.student))
            asked = engagement.created_at + rng.randint(1, 4) * DAY
            credit = CreditRequest(
                public_id=self.uuid(),
                course=self.course,
                engagement=engagement,
                student=engagement.student,
                student_note="This project is the practicum placement I agreed with my adviser.",
                created_at=min(asked, self.now - DAY),
            )
            self.credit_requests.append(credit)
            if stage == "requested":
                continue
            credit.decided_by = self.faculty.user
            credit.decided_at = min(credit.created_at + 2 * DAY, self.now - DAY / 2)
            if stage == "declined":
                credit.status = CreditStatus.DECLINED
                credit.decline_reason = (
                    "The project is mostly data entry; it would not let you show the course's outcomes. "
                    "Ask again for your next project."
                )
                continue
            credit.status = CreditStatus.APPROVED
            credit.required_outcomes = list(self.course.learning_outcomes)
            if stage == "approved":
                continue
            done = engagement.completed_at or self.now - 10 * DAY
            if stage in {"reflection_owed", "ready_to_sign_off"} or stage.startswith("signed_off"):
                self._plan_evaluation(credit, engagement, rng, at=done + 2 * DAY)
            if stage in {"evaluation_in_progress", "ready_to_sign_off"} or stage.startswith("signed_off"):
                self._plan_reflection(credit, at=done + 3 * DAY)
            if stage.startswith("signed_off"):
                credit.status = CreditStatus.SIGNED_OFF
                credit.signed_off_by = self.faculty.user
                credit.signed_off_at = min(done + 6 * DAY, self.now - DAY / 4)
                if stage == "signed_off_grade":
                    credit.result, credit.grade = CreditResult.GRADE, "A-"
                    credit.sign_off_note = "Strong, well-documented work; the presentation was the highlight."
                else:
                    credit.result = CreditResult.PASS
                    credit.sign_off_note = "All three outcomes shown; the reflection is thoughtful."

    def _plan_evaluation(
        self, credit: CreditRequest, engagement: Engagement, rng, *, at: dt.datetime
    ) -> None:
        at = min(at, self.now - DAY / 2)
        evaluation = CompetencyEvaluation(
            credit_request=credit,
            evaluator=next(rec.owner for rec in self.employers if rec.employer is engagement.employer),
            overall_comment="A pleasure to work with; the deliverables needed almost no changes.",
            created_at=at,
        )
        ratings = [
            CompetencyRating(
                evaluation=evaluation, soft_skill=value, level=level, comment=COMMENTS.get(level, "")
            )
            for value in SoftSkill.values
            for level in [rng.choice([RubricLevel.PROFICIENT, RubricLevel.EXEMPLARY, RubricLevel.DEVELOPING])]
        ]
        ratings += [
            CompetencyRating(evaluation=evaluation, skill_id=skill_id, level=rng.choice([3, 4]))
            for skill_id in self.required_by_project.get(id(engagement.project), [])
        ]
        self.evaluations.append((evaluation, ratings))

    def _plan_reflection(self, credit: CreditRequest, *, at: dt.datetime) -> None:
        self.reflections.append(
            Reflection(
                credit_request=credit,
                summary=SUMMARIES[len(self.reflections) % len(SUMMARIES)],
                outcome_answers=OUTCOME_ANSWERS[: len(credit.required_outcomes)],
                created_at=min(at, self.now - DAY / 2),
            )
        )

    def _enrolment(self, profile) -> Enrolment:
        return Enrolment(course=self.course, student=profile, source=EnrolmentSource.JOIN_CODE)

    # ------------------------------------------------------------------ course projects
    def _plan_course_projects(self) -> None:
        """Brightlane runs one project for the course's students only and proposes another; the faculty
        adopted a public project of another organisation."""
        brightlane = self._employer_rec(EMPLOYER_EMAIL).employer
        open_projects = [
            rec.project
            for rec in self.projects
            if rec.project.status == ProjectStatus.OPEN
            and rec.project.visibility == Visibility.PUBLIC
            and rec.project.application_deadline is not None
            and rec.project.application_deadline > self.now
            and rec.project.accepted_count == 0  # its dates may move into the term: no engagement copied them
        ]
        own = [p for p in open_projects if p.employer is brightlane]
        others = [p for p in open_projects if p.employer is not brightlane]
        faculty, owner = self.faculty.user, self._employer_rec(EMPLOYER_EMAIL).owner
        if own:
            project = own[0]
            self._fit_to_term(project)
            self.course_links.append(
                CourseProject(
                    course=self.course,
                    project=project,
                    origin=CourseProjectOrigin.PROPOSAL,
                    status=CourseProjectStatus.ACCEPTED,
                    message="A real brief from our analytics team, sized for a practicum student.",
                    proposed_by=owner,
                    decided_by=faculty,
                    decided_at=project.published_at - DAY / 2,
                    previous_visibility=project.visibility,
                    created_at=project.published_at - 2 * DAY,
                )
            )
            project.visibility = Visibility.COURSE
            project.dates_window_start = self.course.term_start
            project.dates_window_end = self.course.term_end
            self.course_only_project = project
        if len(own) > 1:
            project = own[1]
            self._fit_to_term(project)
            self.course_links.append(
                CourseProject(
                    course=self.course,
                    project=project,
                    origin=CourseProjectOrigin.PROPOSAL,
                    message="Could this count for BUS 340? The student presents findings to our team.",
                    proposed_by=owner,
                    created_at=self.now - 2 * DAY,
                )
            )
        if others:
            self.course_links.append(
                CourseProject(
                    course=self.course,
                    project=others[0],
                    origin=CourseProjectOrigin.ADOPTION,
                    status=CourseProjectStatus.ACCEPTED,
                    proposed_by=faculty,
                    decided_by=faculty,
                    decided_at=self.now - 5 * DAY,
                    created_at=self.now - 5 * DAY,
                )
            )

    def _fit_to_term(self, project: Project) -> None:
        """Course projects keep their deadline and due date inside the course's term."""
        end = dt.datetime.combine(self.course.term_end, dt.time(17), tzinfo=self.now.tzinfo)
        if project.application_deadline and project.application_deadline > end - 7 * DAY:
            project.application_deadline = end - 7 * DAY
        if project.due_date is None or project.due_date > self.course.term_end:
            project.due_date = self.course.term_end

    # ------------------------------------------------------------------ writing
    def write_credit(self) -> None:
        """Called inside the world's transaction, after `write_courses`."""
        with explicit_created_at([CourseProject, CreditRequest, CompetencyEvaluation, Reflection]):
            CourseProject.objects.bulk_create(self.course_links)
            project = getattr(self, "course_only_project", None)
            if project is not None:
                ProjectAudienceMember.objects.bulk_create(
                    [ProjectAudienceMember(project=project, student=e.student) for e in self.enrolments],
                    ignore_conflicts=True,
                )
            CreditRequest.objects.bulk_create(self.credit_requests)
            CompetencyEvaluation.objects.bulk_create([evaluation for evaluation, _ in self.evaluations])
            CompetencyRating.objects.bulk_create([r for _, ratings in self.evaluations for r in ratings])
            Reflection.objects.bulk_create(self.reflections)
