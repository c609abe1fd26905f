"""What the student is told about their credentials (through `notify`, once per event)."""

from django.urls import reverse

from credentials.models import Credential
from notifications.models import NotificationKind
from notifications.services import Notice, notify


def _url(credential: Credential) -> str:
    return reverse("credentials:mine")


def credential_issued(*, credential: Credential, updated: bool) -> None:
    name = credential.document["name"]
    event = f"updated:{credential.issued_at.isoformat()}" if updated else "issued"
    notify(
        user_ids=[credential.student.user_id],
        notice=Notice(
            kind=NotificationKind.CREDENTIAL,
            key=f"credential:{credential.public_id}:{event}",
            title=f"Your credential for “{name}” was {'updated' if updated else 'issued'}",
            body=(
                "It now lists the skills the employer endorsed."
                if updated
                else "A verifiable Open Badge for your work: download it, share it or add it to LinkedIn."
            ),
            url=_url(credential),
        ),
    )


def credential_revoked(*, credential: Credential) -> None:
    notify(
        user_ids=[credential.student.user_id],
        notice=Notice(
            kind=NotificationKind.CREDENTIAL,
            key=f"credential:{credential.public_id}:revoked",
            title=f"Your credential for “{credential.document['name']}” was revoked",
            body=f"Reason given: {credential.revocation_reason}",
            url=_url(credential),
        ),
    )
