"""Writes for invitations: uploading and confirming (`uploads`), emailing and reminding (`sending`), and
what an invitation does once taken up (`accepting`)."""

from invitations.services.accepting import (
    business_invitation_accept,
    invitation_accept,
    invitation_claim_on_signup,
    invitation_usable_check,
    invitations_accept_for_confirmed_email,
    student_invitation_accept,
)
from invitations.services.sending import (
    business_invitations_remind,
    invitation_email,
    invitation_emails_send,
    invitation_emails_sweep,
)
from invitations.services.uploads import (
    business_invite,
    invitation_revoke,
    invitation_rows_check,
    invitation_upload_confirm,
    invitation_upload_stage,
    invitation_uploads_prune,
)

__all__ = [
    "business_invitation_accept",
    "business_invitations_remind",
    "business_invite",
    "invitation_accept",
    "invitation_claim_on_signup",
    "invitation_email",
    "invitation_emails_send",
    "invitation_emails_sweep",
    "invitation_revoke",
    "invitation_rows_check",
    "invitation_upload_confirm",
    "invitation_upload_stage",
    "invitation_uploads_prune",
    "invitation_usable_check",
    "invitations_accept_for_confirmed_email",
    "student_invitation_accept",
]
