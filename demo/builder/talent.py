"""Brightlane's talent list: the students employer@demo.test marked as future hires after completed work,
Ada (student@demo.test) among them with the mark shown on her portfolio."""

from __future__ import annotations

from demo.builder.common import DAY, explicit_created_at
from engagements.models import EngagementStatus
from exploration.models import FutureHire

TALENT_EMPLOYER_EMAIL = "employer@demo.test"
MARKS = 4


class TalentMixin:
    def plan_talent(self) -> None:
        rec = next(r for r in self.employers if r.owner.email == TALENT_EMPLOYER_EMAIL)
        completed = sorted(
            (
                e
                for e in self.engagements
                if e.employer is rec.employer and e.status == EngagementStatus.COMPLETED and e.completed_at
            ),
            key=lambda e: (e.student.user.email != "student@demo.test", -e.completed_at.timestamp()),
        )
        self.future_hires: list[FutureHire] = []
        marked: set[int] = set()
        for engagement in completed:
            if id(engagement.student) in marked or len(self.future_hires) == MARKS:
                continue
            marked.add(id(engagement.student))
            self.future_hires.append(
                FutureHire(
                    employer=rec.employer,
                    student=engagement.student,
                    engagement=engagement,
                    marked_by=rec.owner,
                    shown_on_portfolio=engagement.student.user.email == "student@demo.test",
                    created_at=min(engagement.completed_at + DAY, self.now),
                )
            )

    def write_talent(self) -> None:
        with explicit_created_at([FutureHire]):
            FutureHire.objects.bulk_create(self.future_hires, ignore_conflicts=True)
