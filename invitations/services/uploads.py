"""Inviting: a CSV checked line by line and held for the staff member's confirmation, then the invitations
made and their emails queued; one business invited from a form; withdrawing invitations.

Checks run on the whole file in a constant number of queries: each row is refused with its reason (a bad
address, an existing account, already invited by this university, another university's address, a
duplicate of an earlier line) or kept. Confirming checks the kept rows again, since the world may have
moved between the preview and the click, and creates the invitations under the one-live-invitation unique
constraint, so a second confirmation, a re-upload of the same file or two staff members at once invite
nobody twice and send nothing twice (the emails go by `sent_at`, see `invitations.services.sending`).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import emails_with_accounts
from invitations.csv_rows import BUSINESS_COLUMNS, STUDENT_COLUMNS, read_csv_upload
from invitations.models import (
    INVITATION_MODELS,
    BusinessInvitation,
    ImportKind,
    InvitationImport,
    StudentInvitation,
)
from marketplace.iterables import batched
from marketplace.tasks import enqueue_on_commit
from students.services import graduation_year_range
from universities.models import University
from universities.permissions import require_university_manager
from universities.selectors import universities_for_emails

SEND_BATCH = 100
SEND_TASK = "invitations.tasks.invitation_emails_send"
MODELS = INVITATION_MODELS


@dataclass(frozen=True)
class RowSpec:
    spellings: dict[str, tuple[str, ...]]
    required: tuple[str, ...]


ROW_SPECS = {
    ImportKind.STUDENTS: RowSpec(STUDENT_COLUMNS, ("email", "name")),
    ImportKind.BUSINESSES: RowSpec(BUSINESS_COLUMNS, ("email", "organisation")),
}


def _clean_row(kind: str, values: dict[str, str]) -> tuple[dict, str]:
    """The row's values cleaned, and the reason it is refused ("" when it is fine on its own)."""
    email = (values.get("email") or "").strip().strip("<>").lower()
    row: dict = {"email": email, "name": " ".join((values.get("name") or "").split())}
    if kind == ImportKind.STUDENTS:
        row["major"] = " ".join((values.get("major") or "").split())
        row["graduation_year"] = None
    else:
        row["organisation"] = " ".join((values.get("organisation") or "").split())
    if not email:
        return row, "No email address."
    try:
        validate_email(email)
    except ValidationError:
        return row, f"“{email}” is not a valid email address."
    if kind == ImportKind.STUDENTS:
        if not row["name"]:
            return row, "No name."
        if len(row["name"]) > 150 or len(row["major"]) > 150:
            return row, "The name or the major is longer than 150 characters."
        year = str(values.get("graduation_year") or "").strip()
        if year:
            years = graduation_year_range()
            if not year.isdigit() or int(year) not in years:
                return row, f"Graduation year “{year}” is not a year from {years[0]} to {years[-1]}."
            row["graduation_year"] = int(year)
    else:
        if not row["organisation"]:
            return row, "No organisation name."
        if len(row["organisation"]) > 200 or len(row["name"]) > 150:
            return row, "The organisation or contact name is too long (200 and 150 characters at most)."
    return row, ""


def invitation_rows_check(*, university: University, kind: str, rows: list[dict]) -> list[dict]:
    """Check rows ({line, values: the file's cells by column}, or rows checked before, which keep them) for
    `university`; each comes back with its cleaned values and `problem` ("" when it may be invited). Four
    queries whatever the number of rows."""
    checked = []
    for row in rows:
        values = row["values"]
        cleaned, problem = _clean_row(kind, values)
        checked.append({"line": row["line"], "values": values, **cleaned, "problem": problem})
    emails = sorted({row["email"] for row in checked if not row["problem"]})
    accounts = emails_with_accounts(emails=emails)
    invited = dict(
        MODELS[kind]
        .objects.filter(university=university, email__in=emails, revoked_at__isnull=True)
        .values_list("email", "created_at")
    )
    universities = universities_for_emails(emails=emails)
    first_line: dict[str, int] = {}
    for row in checked:
        if row["problem"]:
            continue
        email = row["email"]
        owner = universities.get(email)
        if email in first_line:
            row["problem"] = f"Duplicate of line {first_line[email]}."
        elif email in accounts:
            row["problem"] = (
                "Already has an account."
                if kind == ImportKind.STUDENTS
                else "Already has an account: invite the organisation to a partnership instead."
            )
        elif email in invited:
            row["problem"] = f"Already invited on {timezone.localtime(invited[email]):%d %b %Y}."
        elif kind == ImportKind.STUDENTS and owner is not None and owner.pk != university.pk:
            row["problem"] = f"An address of another university ({owner.name})."
        elif kind == ImportKind.BUSINESSES and owner is not None:
            row["problem"] = f"A university address ({owner.name}), not a business."
        first_line.setdefault(email, row["line"])
    return checked


def invitation_upload_stage(
    *, university: University, by: User, kind: ImportKind, upload: UploadedFile
) -> InvitationImport:
    """Read and check an uploaded CSV and keep its rows for the preview; nothing is sent yet.

    Raises ValidationError for a file that cannot be read as a whole (see `read_csv_upload`).
    """
    require_university_manager(user=by, university_id=university.pk, action="invite people")
    spec = ROW_SPECS[kind]
    parsed = read_csv_upload(upload, spellings=spec.spellings, required=spec.required)
    rows = invitation_rows_check(
        university=university,
        kind=kind,
        rows=[{"line": row.line, "values": row.values} for row in parsed.rows],
    )
    return InvitationImport.objects.create(
        university=university,
        kind=kind,
        uploaded_by=by,
        file_name=(upload.name or "upload.csv")[:255],
        rows=rows,
        ignored_columns=parsed.ignored_columns,
    )


def _invitation_for(
    kind: str, row: dict, *, university: University, by: User, upload: InvitationImport | None
):
    if kind == ImportKind.STUDENTS:
        return StudentInvitation(
            university=university,
            email=row["email"],
            full_name=row["name"],
            major=row["major"],
            graduation_year=row["graduation_year"],
            invited_by=by,
            upload=upload,
        )
    return BusinessInvitation(
        university=university,
        email=row["email"],
        organisation_name=row["organisation"],
        contact_name=row["name"],
        invited_by=by,
        upload=upload,
    )


def _queue_emails(kind: str, ids: list[int]) -> None:
    for batch in batched(ids, SEND_BATCH):
        enqueue_on_commit(SEND_TASK, str(kind), list(batch))


UNCONFIRMED_UPLOAD_LIFETIME = dt.timedelta(days=2)


def invitation_uploads_prune(*, now: dt.datetime) -> int:
    """Delete the uploads nobody confirmed within UNCONFIRMED_UPLOAD_LIFETIME: their rows are people's
    names and addresses, kept only for the preview. Confirmed uploads stay, as the record of who was invited
    from which line. Returns how many were deleted."""
    stale = InvitationImport.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_UPLOAD_LIFETIME
    )
    deleted, _ = stale.delete()
    return deleted


def invitation_upload_confirm(*, upload: InvitationImport, by: User) -> InvitationImport:
    """Invite every row still fine, and queue their emails once the transaction commits.

    Confirming again (a double click, a second tab, a re-sent form) invites nobody: the import is locked and
    already confirmed. Rows that became a problem since the preview (invited by a colleague meanwhile, an
    account made) are skipped, with their new reason kept on the import.
    """
    require_university_manager(user=by, university_id=upload.university_id, action="invite people")
    with transaction.atomic():
        locked = InvitationImport.objects.select_for_update().select_related("university").get(pk=upload.pk)
        if locked.confirmed_at is not None:
            return locked
        rows = invitation_rows_check(university=locked.university, kind=locked.kind, rows=locked.rows)
        model = MODELS[locked.kind]
        model.objects.bulk_create(
            [
                _invitation_for(locked.kind, row, university=locked.university, by=by, upload=locked)
                for row in rows
                if not row["problem"]
            ],
            ignore_conflicts=True,
        )
        ids = list(model.objects.filter(upload=locked).order_by("pk").values_list("pk", flat=True))
        locked.rows = rows
        locked.confirmed_at = timezone.now()
        locked.invited_count = len(ids)
        locked.save(update_fields=["rows", "confirmed_at", "invited_count", "updated_at"])
        _queue_emails(locked.kind, ids)
    return locked


def business_invite(
    *, university: University, by: User, email: str, organisation_name: str, contact_name: str = ""
) -> BusinessInvitation:
    """Invite one business by email (the form's way); its email is queued once the transaction commits.

    Refused, with the same reasons as a CSV row, as ValidationError({"email" or "organisation_name": ...}).
    """
    require_university_manager(user=by, university_id=university.pk, action="invite businesses")
    values = {"email": email, "organisation": organisation_name, "name": contact_name}
    [row] = invitation_rows_check(
        university=university, kind=ImportKind.BUSINESSES, rows=[{"line": 1, "values": values}]
    )
    if row["problem"]:
        field = (
            "organisation_name"
            if row["problem"].startswith(("No organisation", "The organisation"))
            else "email"
        )
        raise ValidationError({field: [row["problem"]]}, code="refused")
    try:
        with transaction.atomic():
            invitation = _invitation_for(
                ImportKind.BUSINESSES, row, university=university, by=by, upload=None
            )
            invitation.save()
            _queue_emails(ImportKind.BUSINESSES, [invitation.pk])
    except IntegrityError:
        raise ValidationError({"email": ["Already invited."]}, code="refused") from None
    return invitation


def invitation_revoke(
    *, invitation: StudentInvitation | BusinessInvitation, by: User
) -> StudentInvitation | BusinessInvitation:
    """Withdraw an invitation not yet used: its link stops working and no reminder follows. The address may
    be invited again. Withdrawing twice changes nothing; a used invitation cannot be withdrawn."""
    require_university_manager(user=by, university_id=invitation.university_id, action="withdraw invitations")
    with transaction.atomic():
        locked = type(invitation).objects.select_for_update().get(pk=invitation.pk)
        if locked.revoked_at is not None:
            return locked
        if locked.signed_up_at is not None or locked.accepted_at is not None:
            raise ValidationError("This invitation has already been used.", code="invitation_used")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
    return locked
