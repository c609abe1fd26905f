from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    """The career office brings people in: student roster invitations and local-business invitations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "invitations"
    verbose_name = "Invitations"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed, user_signed_up

        user_signed_up.connect(claim_invitation_on_signup, dispatch_uid="invitations.claim_on_signup")
        email_confirmed.connect(
            accept_invitations_on_email_confirmed, dispatch_uid="invitations.accept_on_confirm"
        )


# The invitation a visitor opened, kept in their session until they sign up (see invitations.views).
PENDING_INVITATION_SESSION_KEY = "invitations.pending"


def claim_invitation_on_signup(sender: object, request: object, user: object, **kwargs) -> None:
    """Sign-up from an invitation's link links it to the new account; the rules are the service's."""
    from invitations.services import invitation_claim_on_signup

    session = getattr(request, "session", None)
    pending = session.pop(PENDING_INVITATION_SESSION_KEY, None) if session is not None else None
    if isinstance(pending, dict) and pending.get("kind") and pending.get("token"):
        invitation_claim_on_signup(kind=pending["kind"], token=pending["token"], user=user)


def accept_invitations_on_email_confirmed(
    sender: object, request: object, email_address: object, **kwargs
) -> None:
    """A confirmed invited address accepts its invitation (students' receiver verifies by domain first)."""
    from invitations.services import invitations_accept_for_confirmed_email

    invitations_accept_for_confirmed_email(user=email_address.user, email=email_address.email)
