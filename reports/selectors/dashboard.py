"""What the career dashboard (`/career-office/dashboard/`) shows beside the headline figures: the things that
wait on the career office, each counted in one query."""

from dataclasses import dataclass

from django.db.models import Count, Q

from invitations.selectors import UnansweredInvitations, unanswered_invitation_counts
from students.models import StudentProfile
from universities.models import Partnership, PartnershipSide, PartnershipStatus, University


@dataclass(frozen=True)
class CareerActions:
    partnership_requests: int  # employers asked; the career office decides
    partnerships_awaiting_employers: int  # the career office asked; the employer confirms
    unverified_students: int
    unanswered: UnansweredInvitations

    @property
    def total(self) -> int:
        """What waits on the career office itself (not on employers)."""
        return self.partnership_requests + self.unverified_students


def career_actions(*, university: University) -> CareerActions:
    """Four queries: partnerships (both sides in one), unverified students, the two kinds of invitation."""
    requested = Q(status=PartnershipStatus.REQUESTED)
    partnerships = Partnership.objects.filter(university=university).aggregate(
        ours=Count("id", filter=requested & Q(requested_by_side=PartnershipSide.EMPLOYER)),
        theirs=Count("id", filter=requested & Q(requested_by_side=PartnershipSide.UNIVERSITY)),
    )
    unverified = StudentProfile.objects.filter(university=university, verified_at__isnull=True).count()
    return CareerActions(
        partnership_requests=partnerships["ours"],
        partnerships_awaiting_employers=partnerships["theirs"],
        unverified_students=unverified,
        unanswered=unanswered_invitation_counts(university=university),
    )
