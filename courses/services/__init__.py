"""Writes for faculty and courses, split by subject; import them from here."""

from courses.services.courses import (
    COURSE_FIELDS,
    course_create,
    course_join,
    course_join_code_regenerate,
    course_update,
    enrolment_add,
)
from courses.services.faculty import faculty_confirm, faculty_profile_create, faculty_university_for_email
from courses.services.roster import (
    course_invites_claim,
    roster_import_confirm,
    roster_rows_check,
    roster_upload_stage,
)

__all__ = [
    "COURSE_FIELDS",
    "course_create",
    "course_invites_claim",
    "course_join",
    "course_join_code_regenerate",
    "course_update",
    "enrolment_add",
    "faculty_confirm",
    "faculty_profile_create",
    "faculty_university_for_email",
    "roster_import_confirm",
    "roster_rows_check",
    "roster_upload_stage",
]
