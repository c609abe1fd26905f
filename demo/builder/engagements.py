"""Planning engagements and what happens in them: milestones, submissions, messages, hours,
payments and reviews.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from applications.models import Application
from demo import data
from demo.builder.common import (
    DAY,
    HOUR,
    EmployerRec,
    ProjectRec,
    StudentRec,
    money,
)
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
    Review,
    ReviewSide,
    SubmissionStatus,
)
from projects.models import (
    ProjectStatus,
)


class EngagementsMixin:
    def engagement(
        self, project_rec: ProjectRec, student: StudentRec, application: Application, status: str | None
    ) -> Engagement:
        rng, S, E = self.rng, ProjectStatus, EngagementStatus
        project = project_rec.project
        employer = project_rec.employer
        accepted = application.decided_at
        if status is None:
            status = {S.COMPLETED: E.COMPLETED, S.CANCELLED: E.CANCELLED}.get(project.status)
        if status is None:
            status = self.live_engagement_states.draw()
            if status == E.KICKOFF and self.now - accepted > 10 * DAY:
                status = E.ACTIVE  # nobody waits weeks for a kickoff
        engagement = Engagement(
            public_id=self.uuid(),
            application=application,
            project=project,
            student=student.profile,
            employer=employer.employer,
            status=status,
            fee=project.fee,
            currency=project.currency,
            estimated_hours=project.estimated_hours,
            due_date=project.due_date,
            created_at=accepted,
        )
        self.engagements.append(engagement)
        if status != E.KICKOFF or rng.random() < 0.5:
            engagement.student_confirmed_at = self.between(accepted + HOUR, accepted + 2 * DAY)
        if status != E.KICKOFF:
            engagement.employer_confirmed_at = self.between(accepted + HOUR, accepted + 2 * DAY)
            engagement.started_at = max(engagement.student_confirmed_at, engagement.employer_confirmed_at)

        due = dt.datetime.combine(project.due_date, dt.time(17), tzinfo=self.now.tzinfo)
        end = {
            E.COMPLETED: self.between(due - 5 * DAY, due + 2 * DAY),
            E.CANCELLED: self.between(
                (engagement.started_at or accepted) + 7 * DAY, (engagement.started_at or accepted) + 20 * DAY
            ),
        }.get(status, self.now)
        end = max(end, (engagement.started_at or accepted) + HOUR)
        if status == E.COMPLETED:
            engagement.completed_at = end
        elif status == E.CANCELLED:
            engagement.cancelled_at = end
            engagement.cancelled_by = employer.owner
            engagement.cancellation_reason = rng.choice(data.CANCELLATION_REASONS)

        deliverables = project.deliverables
        n = len(deliverables)
        approved = {
            E.KICKOFF: 0,
            E.ACTIVE: rng.randint(0, n - 1),
            E.COMPLETED: n,
            E.CANCELLED: rng.randint(0, n - 1),
        }[status]
        start = engagement.started_at or accepted
        span = max(dt.timedelta(days=n), due - start)
        approvals = sorted(self.between(start + DAY, end) for _ in range(approved))
        for position, title in enumerate(deliverables):
            milestone_due = start + span * (position + 1) / n
            milestone = Milestone(
                engagement=engagement,
                position=position,
                title=title,
                description=f'Deliverable {position + 1} of {n} for "{project.title}".',
                due_date=timezone.localdate(milestone_due),
                created_at=accepted,
            )
            self.milestones.append(milestone)
            if position < approved:
                approved_at = approvals[position]
                milestone.status = MilestoneStatus.APPROVED
                milestone.approved_at = approved_at
                self.submission(milestone, student, employer, SubmissionStatus.APPROVED, approved_at, start)
            elif position == approved and status in (E.ACTIVE, E.CANCELLED):
                state = rng.choice([MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED, None])
                if state:
                    milestone.status = state
                    reviewed = (
                        SubmissionStatus.CHANGES_REQUESTED
                        if state == MilestoneStatus.CHANGES_REQUESTED
                        else None
                    )
                    self.submission(milestone, student, employer, reviewed, end - DAY, start)

        self.plan_messages(engagement, student, employer, start, end, status)
        if status in (E.ACTIVE, E.COMPLETED, E.CANCELLED):
            self.plan_hours(engagement, start, end, status, approved / n)
        if status == E.COMPLETED:
            self.plan_payment(engagement, employer, project.fee, PaymentKind.FULL, end, application)
            self.plan_reviews(engagement, project_rec, student, employer, end, application)
        elif status == E.CANCELLED and approved:
            amount = money(project.fee * approved / n)
            self.plan_payment(engagement, employer, amount, PaymentKind.PRO_RATA, end, application)
        return engagement

    def submission(
        self,
        milestone: Milestone,
        student: StudentRec,
        employer: EmployerRec,
        status: str | None,
        at: dt.datetime,
        start: dt.datetime,
    ) -> None:
        rng = self.rng
        submitted = self.between(max(start, at - 3 * DAY), at - HOUR)
        slug = slugify(milestone.title)[:40]
        submission = DeliverableSubmission(
            milestone=milestone,
            submitted_by=student.user,
            note=rng.choice(data.SUBMISSION_NOTES),
            link=f"https://docs.example.com/d/{self._uuid_rng.getrandbits(48):012x}/{slug}",
            status=status or SubmissionStatus.SUBMITTED,
            created_at=submitted,
        )
        if status == SubmissionStatus.APPROVED:
            if rng.random() < 0.05:
                submission.auto_approved = True
                submission.review_comment = "Approved automatically: no review within the response window."
            else:
                submission.reviewed_by = rng.choice(employer.members)
                submission.review_comment = rng.choice(["Looks great, thank you.", "Approved.", ""])
            submission.reviewed_at = at
        elif status == SubmissionStatus.CHANGES_REQUESTED:
            submission.reviewed_by = rng.choice(employer.members)
            submission.reviewed_at = self.between(submitted + HOUR, submitted + 2 * DAY)
            submission.review_comment = rng.choice(data.CHANGE_REQUESTS)
        self.submissions.append(submission)

    def plan_messages(
        self,
        engagement: Engagement,
        student: StudentRec,
        employer: EmployerRec,
        start: dt.datetime,
        end: dt.datetime,
        status: str,
    ) -> None:
        count = {EngagementStatus.KICKOFF: 2}.get(status, self.rng.randint(3, 6))
        moments = sorted(self.between(start, end) for _ in range(count))
        contact = self.rng.choice(employer.members)
        # Each side opens with the kickoff exchange, then says something new every time (no line twice).
        lines = {
            side: [texts[0], *self.rng.sample(texts[1:], len(texts) - 1)]
            for side, texts in [(True, data.MESSAGES_EMPLOYER), (False, data.MESSAGES_STUDENT)]
        }
        for i, at in enumerate(moments):
            from_employer = i % 2 == 0
            body = lines[from_employer][i // 2]
            self.messages.append(
                Message(
                    engagement=engagement,
                    sender=contact if from_employer else student.user,
                    body=body,
                    created_at=at,
                )
            )

    def plan_hours(
        self, engagement: Engagement, start: dt.datetime, end: dt.datetime, status: str, progress: float
    ) -> None:
        share = self.rng.uniform(0.85, 1.15) if status == EngagementStatus.COMPLETED else max(0.1, progress)
        total = engagement.estimated_hours * share
        chunk = max(total / 10, self.rng.uniform(1.5, 5))
        logged = 0.0
        moments = []
        while logged < total - 0.25:
            hours = max(0.5, round(min(chunk, total - logged, 8.0) * 2) / 2)
            moments.append((self.between(start, end), hours))
            logged += hours
        for at, hours in sorted(moments):
            self.hours_logs.append(
                HoursLog(
                    engagement=engagement,
                    date=timezone.localdate(at),
                    hours=Decimal(str(hours)),
                    note=self.rng.choice(data.HOURS_NOTES),
                    created_at=at,
                )
            )

    def plan_payment(
        self,
        engagement: Engagement,
        employer: EmployerRec,
        amount: Decimal,
        kind: str,
        end: dt.datetime,
        application: Application,
    ) -> None:
        forced_paid = application.student.user.email.endswith("@demo.test")
        status = PaymentStatus.PAID if forced_paid else self.payment_states.draw()
        paid_at = self.between(end + DAY, end + 12 * DAY) if status == PaymentStatus.PAID else None
        if paid_at is not None and paid_at <= end:  # completed too recently to have been paid yet
            status, paid_at = PaymentStatus.PENDING, None
        payment = Payment(
            engagement=engagement,
            kind=kind,
            amount=amount,
            currency=engagement.currency,
            status=status,
            due_at=end + 14 * DAY,
            created_at=end,
        )
        if paid_at:
            payment.paid_at = paid_at
            payment.marked_paid_by = employer.owner
            payment.reference = f"INV-{paid_at:%Y}-{len(self.payments) + 1:04d}"
        self.payments.append(payment)

    def plan_reviews(
        self,
        engagement: Engagement,
        project_rec: ProjectRec,
        student: StudentRec,
        employer: EmployerRec,
        end: dt.datetime,
        application: Application,
    ) -> None:
        sides = "both" if application.student.user.email.endswith("@demo.test") else self.review_sides.draw()
        if sides in ("both", "student"):
            rating = self.rng.choices([5, 4, 3], [55, 35, 10])[0]
            self.reviews.append(
                Review(
                    engagement=engagement,
                    side=ReviewSide.STUDENT,
                    author=student.user,
                    rating=rating,
                    text=self.rng.choice(data.STUDENT_REVIEWS[rating]),
                    created_at=self.between(end + HOUR, end + 10 * DAY),
                )
            )
        if sides in ("both", "employer"):
            rating = self.rng.choices([5, 4, 3], [55, 35, 10])[0]
            review = Review(
                engagement=engagement,
                side=ReviewSide.EMPLOYER,
                author=self.rng.choice(employer.members),
                rating=rating,
                text=self.rng.choice(data.EMPLOYER_REVIEWS[rating]),
                created_at=self.between(end + HOUR, end + 10 * DAY),
            )
            self.reviews.append(review)
            demonstrated = [
                s for s in project_rec.required_ids + project_rec.nice_ids if s in student.skill_ids
            ]
            self.review_skills.append((review, demonstrated or project_rec.required_ids[:1]))
