"""A course's roster from a CSV: read as the career office's roster is (`marketplace.csv_upload`, the
students' column spellings), each row checked and held for the faculty member's confirmation, then the
students with an account enrolled and the other addresses kept as invitations that enrol them once they
confirm the address (`courses.apps`); each new invitation is emailed once the import commits
(`courses.services.invite_emails`).

Checking runs in a constant number of queries whatever the number of rows; confirming checks the kept rows
again, since the world may have moved between the preview and the click, and enrolling is idempotent (the
unique enrolment and invite constraints), so a second confirmation enrols and invites nobody twice.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import emails_with_accounts
from courses.models import Course, CourseInvite, Enrolment, EnrolmentSource, RosterImport
from courses.selectors import course_get_for_instructor
from courses.services.course_projects import course_project_audience_add
from courses.services.invite_emails import course_invite_emails_queue
from marketplace.csv_upload import read_csv_upload
from students.models import StudentProfile
from students.roster import STUDENT_COLUMNS
from universities.selectors import universities_for_emails

ENROL = "enrol"
INVITE = "invite"


def _clean(values: dict[str, str]) -> tuple[dict, str]:
    email = (values.get("email") or "").strip().strip("<>").lower()
    row = {"email": email, "name": " ".join((values.get("name") or "").split())[:150]}
    if not email:
        return row, "No email address."
    try:
        validate_email(email)
    except ValidationError:
        return row, f"“{email}” is not a valid email address."
    return row, ""


def roster_rows_check(*, course: Course, rows: list[dict]) -> list[dict]:
    """Check rows ({line, values}) for `course`; each comes back with `email`, `name`, `action` (enrol or
    invite) and `problem` ("" when it is fine). Six queries whatever the number of rows."""
    checked = []
    for row in rows:
        cleaned, problem = _clean(row["values"])
        checked.append(
            {"line": row["line"], "values": row["values"], **cleaned, "action": "", "problem": problem}
        )
    emails = sorted({row["email"] for row in checked if not row["problem"]})
    students = dict(
        StudentProfile.objects.annotate(lower_email=Lower("user__email"))
        .filter(lower_email__in=emails, user__role=Role.STUDENT)
        .values_list("lower_email", "pk")
    )
    accounts = emails_with_accounts(emails=emails)
    enrolled = set(
        Enrolment.objects.filter(course=course, student_id__in=students.values()).values_list(
            "student_id", flat=True
        )
    )
    invited = set(
        CourseInvite.objects.filter(course=course, email__in=emails, claimed_at__isnull=True).values_list(
            "email", flat=True
        )
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
        elif email in students:
            if students[email] in enrolled:
                row["problem"] = "Already enrolled."
            else:
                row["action"] = ENROL
        elif email in accounts:
            row["problem"] = "This address belongs to an account that is not a student's."
        elif owner is not None and owner.pk != course.university_id:
            row["problem"] = f"An address of another university ({owner.name})."
        elif email in invited:
            row["problem"] = "Already invited: joins when they sign up."
        else:
            row["action"] = INVITE
        first_line.setdefault(email, row["line"])
    return checked


def roster_upload_stage(*, course: Course, by: User, upload: UploadedFile) -> RosterImport:
    """Read and check an uploaded roster and keep its rows for the preview; nobody is enrolled yet.

    Raises ValidationError for a file that cannot be read as a whole (see `read_csv_upload`)."""
    course = course_get_for_instructor(user=by, public_id=course.public_id)
    parsed = read_csv_upload(upload, spellings=STUDENT_COLUMNS, required=("email",))
    rows = roster_rows_check(
        course=course, rows=[{"line": row.line, "values": row.values} for row in parsed.rows]
    )
    return RosterImport.objects.create(
        course=course,
        uploaded_by=by,
        file_name=(upload.name or "roster.csv")[:255],
        rows=rows,
        ignored_columns=parsed.ignored_columns,
    )


def roster_import_confirm(*, roster: RosterImport, by: User) -> dict[str, int]:
    """Enrol and invite the rows that still pass the checks; returns how many of each. Confirming twice
    does nothing the second time."""
    course = course_get_for_instructor(user=by, public_id=roster.course.public_id)
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster.pk, course=course)
        if locked.confirmed_at is not None:
            return {"enrolled": 0, "invited": 0}
        rows = roster_rows_check(course=course, rows=[row for row in locked.rows if not row["problem"]])
        to_enrol = [row["email"] for row in rows if row["action"] == ENROL and not row["problem"]]
        students = StudentProfile.objects.annotate(lower_email=Lower("user__email")).filter(
            lower_email__in=to_enrol, user__role=Role.STUDENT
        )
        created = Enrolment.objects.bulk_create(
            [
                Enrolment(course=course, student=student, source=EnrolmentSource.ROSTER)
                for student in students
            ],
            ignore_conflicts=True,
        )
        course_project_audience_add(course_ids=[course.pk], student_ids=[student.pk for student in students])
        invites = CourseInvite.objects.bulk_create(
            [
                CourseInvite(course=course, email=row["email"], full_name=row["name"], invited_by=by)
                for row in rows
                if row["action"] == INVITE and not row["problem"]
            ],
            ignore_conflicts=True,
        )
        if invites:  # their ids, which bulk_create leaves unset when it ignores conflicts
            course_invite_emails_queue(
                ids=list(
                    CourseInvite.objects.filter(
                        course=course, email__in=[invite.email for invite in invites], claimed_at__isnull=True
                    ).values_list("pk", flat=True)
                )
            )
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
    return {"enrolled": len(created), "invited": len(invites)}


def course_invites_claim(*, user: User, email: str) -> int:
    """Enrol a student whose address `email` was just confirmed in the courses whose rosters named it.
    Idempotent; returns how many invites were claimed."""
    if user.role != Role.STUDENT:
        return 0
    profile = StudentProfile.objects.filter(user=user).first()
    if profile is None:
        return 0
    with transaction.atomic():
        invites = list(
            CourseInvite.objects.select_for_update().filter(email__iexact=email, claimed_at__isnull=True)
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(course_id=invite.course_id, student=profile, source=EnrolmentSource.ROSTER)
                for invite in invites
            ],
            ignore_conflicts=True,
        )
        course_project_audience_add(
            course_ids=[invite.course_id for invite in invites], student_ids=[profile.pk]
        )
        CourseInvite.objects.filter(pk__in=[invite.pk for invite in invites]).update(
            claimed_at=timezone.now()
        )
    return len(invites)
