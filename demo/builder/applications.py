"""Planning applications: who applies to which project, and each application's history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import UNANSWERED_CLOSE_NOTE
from demo import data
from demo.builder.common import (
    DAY,
    HOUR,
    ForcedApplication,
    ProjectRec,
    Spread,
    StudentRec,
    skill_phrase,
)
from engagements.models import Engagement, EngagementStatus, PaymentStatus
from projects.models import (
    CloseReason,
    Project,
    ProjectStatus,
    Visibility,
)


class ApplicationsMixin:
    def plan_applications(self) -> None:
        S, A = ProjectStatus, ApplicationStatus
        student_by_email = {rec.user.email: rec for rec in self.students}
        ada, grace = student_by_email["student@demo.test"], student_by_email["student2@demo.test"]
        fp = self.fixed_projects
        forced: dict[int, list[ForcedApplication]] = defaultdict(list)
        for key, student, status, engagement_status in [
            ("open_a", ada, A.SUBMITTED, None),
            ("open_partners", ada, A.SHORTLISTED, None),
            ("in_progress", ada, A.ACCEPTED, EngagementStatus.ACTIVE),
            ("completed", ada, A.ACCEPTED, EngagementStatus.COMPLETED),
            ("completed_b", ada, A.REJECTED, None),
            ("e2_completed", ada, A.CLOSED, None),
            ("open_a", grace, A.SUBMITTED, None),
            ("e2_open", grace, A.ACCEPTED, EngagementStatus.KICKOFF),
            ("e2_open_b", grace, A.WITHDRAWN, None),
            ("e2_completed", grace, A.ACCEPTED, EngagementStatus.COMPLETED),
        ]:
            forced[id(fp[key])].append(ForcedApplication(student, status, engagement_status))

        self.by_skill: dict[int, list[StudentRec]] = defaultdict(list)
        for rec in self.students:
            for skill_id in rec.skill_ids:
                self.by_skill[skill_id].append(rec)
        self.live_engagement_states = Spread(
            self.rng, {EngagementStatus.KICKOFF: 30, EngagementStatus.ACTIVE: 70}
        )
        self.review_sides = Spread(self.rng, {"both": 45, "student": 15, "employer": 20, "none": 20})
        self.payment_states = Spread(self.rng, {PaymentStatus.PAID: 65, PaymentStatus.PENDING: 35})

        for project_rec in self.projects:
            if project_rec.project.status != S.DRAFT:
                self.plan_project_applications(project_rec, forced.get(id(project_rec), []))

    @staticmethod
    def may_apply(project_rec: ProjectRec, rec: StudentRec) -> bool:
        """Students who had signed up by then; for partners-only projects, verified students of partner
        universities. The demo students' applications are planned explicitly."""
        if rec.user.email.endswith("@demo.test") or rec.user.date_joined > project_rec.project.published_at:
            return False
        if project_rec.project.visibility == Visibility.PARTNERS:
            return rec.verified and rec.university_index in project_rec.employer.partner_universities
        return True

    def applicant_pool(self, project_rec: ProjectRec, needed: int) -> list[StudentRec]:
        """Students with a matching skill first; others who may apply when those are too few."""
        if project_rec.term:
            return self.term_applicant_pool(project_rec, needed)
        seen: dict[int, StudentRec] = {}
        for skill_id in project_rec.required_ids + project_rec.nice_ids:
            for rec in self.by_skill[skill_id]:
                if self.may_apply(project_rec, rec):
                    seen[id(rec)] = rec
        if len(seen) < needed:
            for rec in self.students:
                if len(seen) >= needed:
                    break
                if id(rec) not in seen and self.may_apply(project_rec, rec):
                    seen[id(rec)] = rec
        return list(seen.values())

    def plan_project_applications(self, project_rec: ProjectRec, forced: list[ForcedApplication]) -> None:
        rng, S, A = self.rng, ProjectStatus, ApplicationStatus
        project = project_rec.project
        status = project.status
        forced_accepted = sum(f.status == A.ACCEPTED for f in forced)

        # How many get accepted (an open project always keeps an opening), and how many apply.
        if status == S.OPEN:
            accepted = min(rng.choice([0, 0, 1, 2]), project.openings - 1)
            applicants = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12])
        elif status == S.IN_PROGRESS:
            accepted = rng.randint(1, project.openings)
            applicants = rng.randint(3, 14)
        elif status == S.COMPLETED:
            accepted = rng.randint(1, project.openings)
            applicants = rng.randint(3, 12)
        else:
            accepted = 1 if project_rec.started else 0
            applicants = rng.randint(0, 6)
        accepted = max(accepted, forced_accepted)
        assert accepted <= project.openings, f"{project}: more accepted than openings"
        applicants = max(applicants, accepted, len(forced))
        pool = self.applicant_pool(project_rec, applicants - len(forced))
        accepted = min(accepted, forced_accepted + len(pool))  # a partners-only project may find few

        # Applications stopped at the deadline, when the last opening was filled, or on cancellation.
        if status == S.OPEN:
            window_end = self.now
        elif status == S.IN_PROGRESS:
            window_end = min(project.application_deadline, self.now - DAY)
            if accepted == project.openings:
                project.close_reason = CloseReason.FILLED
                window_end = self.between(project.published_at + 4 * DAY, window_end)
            elif project.application_deadline <= self.now:
                project.close_reason = CloseReason.DEADLINE
            else:
                project.close_reason = CloseReason.EMPLOYER
        elif status == S.COMPLETED:
            window_end = min(project.application_deadline, self.now - DAY)
            project.close_reason = CloseReason.DEADLINE
            if accepted == project.openings:
                project.close_reason = CloseReason.FILLED
                window_end = self.between(project.published_at + 4 * DAY, window_end)
        else:
            project.close_reason = CloseReason.EMPLOYER
            window_end = self.between(project.published_at + 5 * DAY, project.application_deadline)
        if status != S.OPEN:
            project.closed_at = window_end

        picked = rng.sample(pool, min(len(pool), applicants - len(forced)))
        plan: list[tuple[StudentRec, str, str | None]] = [
            (f.student, f.status, f.engagement_status) for f in forced
        ]
        to_accept = accepted - forced_accepted
        for rec in picked:
            if to_accept > 0:
                plan.append((rec, A.ACCEPTED, None))
                to_accept -= 1
            else:
                plan.append((rec, self.other_outcome(status), None))
        project.accepted_count = sum(s == A.ACCEPTED for _, s, _ in plan)

        # Accepted first: their engagements decide when a completed or cancelled project ended.
        plan.sort(key=lambda entry: entry[1] != A.ACCEPTED)
        engagements: list[Engagement] = []
        finished = False
        for rec, app_status, engagement_status in plan:
            if app_status != A.ACCEPTED and not finished:
                self.finish(project, engagements, window_end)
                finished = True
            engagement = self.application(project_rec, rec, app_status, engagement_status, window_end)
            if engagement is not None:
                engagements.append(engagement)
        if not finished:
            self.finish(project, engagements, window_end)

    def finish(self, project: Project, engagements: list[Engagement], window_end: dt.datetime) -> None:
        if project.status == ProjectStatus.COMPLETED:
            project.completed_at = max(
                (e.completed_at for e in engagements),
                default=self.between(window_end + 14 * DAY, self.now - DAY),
            )
        elif project.status == ProjectStatus.CANCELLED:
            project.cancelled_at = max((e.cancelled_at for e in engagements), default=window_end)

    def other_outcome(self, project_status: str) -> str:
        A, S = ApplicationStatus, ProjectStatus
        weights = {
            S.OPEN: {A.SUBMITTED: 45, A.SHORTLISTED: 25, A.REJECTED: 15, A.WITHDRAWN: 15},
            S.IN_PROGRESS: {A.SUBMITTED: 8, A.SHORTLISTED: 12, A.REJECTED: 65, A.WITHDRAWN: 15},
            S.COMPLETED: {A.REJECTED: 82, A.WITHDRAWN: 18},
            S.CANCELLED: {A.REJECTED: 60, A.WITHDRAWN: 40},
        }[project_status]
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def application(
        self,
        project_rec: ProjectRec,
        student: StudentRec,
        status: str,
        engagement_status: str | None,
        window_end: dt.datetime,
    ) -> Engagement | None:
        """One application with its timeline; the engagement too when it was accepted."""
        rng, A = self.rng, ApplicationStatus
        project = project_rec.project
        employer = project_rec.employer
        decider = rng.choice(employer.members)
        # Accepted applicants are picked early enough to do the work before the due date.
        apply_end = window_end
        if status == A.ACCEPTED:
            apply_end = min(window_end - DAY, project.published_at + 10 * DAY)
        start = project.published_at + HOUR
        if status in (A.SUBMITTED, A.SHORTLISTED):
            # Still waiting means sent within the auto-close window: the platform closes older ones.
            close_days = settings.MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"]
            recent = self.now - (close_days - 2) * DAY
            if apply_end - 2 * HOUR > recent:
                start = max(start, recent)
            else:
                status = A.CLOSED
        created = self.between(start, apply_end - 2 * HOUR)
        matching = [s for s in student.skill_ids if s in project_rec.required_ids + project_rec.nice_ids]
        context = {
            "year_label": student.year_label,
            "major": student.major,
            "university": student.profile.university.name if student.profile.university else "my university",
            "skill": skill_phrase(self.skill_names[(matching or student.skill_ids)[0]]),
            "hours": student.hours,
            "title": project.title,
            "industry": employer.spec.industry,
            "employer": employer.spec.name,
        }
        answers = [
            {"question": q, "answer": rng.choice(data.SCREENING_ANSWERS).format(**context)}
            for q in project.screening_questions
        ]
        weeks = max(1, ((project.due_date or self.today) - timezone.localdate(created)).days / 7)
        application = Application(
            public_id=self.uuid(),
            project=project,
            student=student.profile,
            cover_note=rng.choice(data.COVER_NOTES).format(**context),
            answers=answers,
            status=status,
            exceeds_weekly_budget=project.estimated_hours / weeks > student.hours,
            created_at=created,
        )
        self.applications.append(application)

        events = [(A.SUBMITTED, created, student.user, "")]
        last = created
        # Decisions: acceptances before applications closed; the others up to a few days after (or, on a
        # cancelled project, when it was cancelled).
        decision_start, decision_end = last + HOUR, window_end
        if status == A.ACCEPTED and engagement_status:  # the demo accounts: leave time for the work
            decision_end = min(decision_end, created + 4 * DAY)
        elif status != A.ACCEPTED and project.status != ProjectStatus.OPEN:
            decision_end = window_end + 3 * DAY
        if status == A.REJECTED and project.cancelled_at:
            decision_start, decision_end = project.cancelled_at, project.cancelled_at + DAY
        if status == A.SHORTLISTED or (status != A.SUBMITTED and rng.random() < 0.5):
            last = self.between(created + HOUR, min(created + 5 * DAY, decision_end - 2 * HOUR))
            events.append((A.SHORTLISTED, last, decider, ""))
        if status in (A.ACCEPTED, A.REJECTED):
            decided = self.between(max(last + HOUR, decision_start), min(last + 7 * DAY, decision_end))
            if status == A.REJECTED:
                application.decision_note = (
                    data.CANCELLED_PROJECT_NOTE
                    if project.status == ProjectStatus.CANCELLED
                    else rng.choice(data.REJECTION_NOTES)
                )
                note = application.decision_note
            else:
                note = rng.choice(data.ACCEPTANCE_NOTES)
            application.decided_at, application.decided_by = decided, decider
            events.append((status, decided, decider, note))
        elif status == A.CLOSED:  # no ghosting: left unanswered, closed by the platform with a kind note
            close_days = settings.MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"]
            application.decided_at = min(created + close_days * DAY, self.now - HOUR)
            note = UNANSWERED_CLOSE_NOTE % {"employer": employer.spec.name, "days": close_days}
            application.decision_note = note
            events.append((A.CLOSED, application.decided_at, None, note))
        elif status == A.WITHDRAWN:
            application.withdrawn_at = self.between(
                last + HOUR, min(last + 6 * DAY, max(window_end, last + 2 * HOUR))
            )
            events.append(
                (A.WITHDRAWN, application.withdrawn_at, student.user, rng.choice(data.WITHDRAWAL_NOTES))
            )
        self.events += [
            ApplicationEvent(application=application, status=s, actor=actor, note=note, created_at=at)
            for s, at, actor, note in events
        ]
        if status == A.ACCEPTED:
            return self.engagement(project_rec, student, application, engagement_status)
        return None
