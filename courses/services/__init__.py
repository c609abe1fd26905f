"""Writes for faculty and courses, split by subject; import them from here."""

from courses.services.course_projects import (
    course_is_taking_proposals,
    course_project_accept,
    course_project_adopt,
    course_project_audience_add,
    course_project_decline,
    course_project_propose,
    course_project_published,
    course_project_remove,
    course_project_withdraw,
)
from courses.services.courses import (
    COURSE_FIELDS,
    course_create,
    course_join,
    course_join_code_regenerate,
    course_update,
    enrolment_add,
)
from courses.services.credit import (
    credit_request_approve,
    credit_request_create,
    credit_request_decline,
    credit_sign_off,
    credit_sign_off_missing,
)
from courses.services.evaluation import (
    RUBRIC,
    Competency,
    RatingInput,
    evaluation_competencies,
    evaluation_submit,
    reflection_submit,
)
from courses.services.faculty import faculty_confirm, faculty_profile_create, faculty_university_for_email
from courses.services.instructors import (
    course_instructor_add,
    course_instructor_removal_refusal,
    course_instructor_remove,
)
from courses.services.roster import (
    course_invites_claim,
    roster_import_confirm,
    roster_rows_check,
    roster_upload_stage,
)

__all__ = [
    "COURSE_FIELDS",
    "RUBRIC",
    "Competency",
    "RatingInput",
    "course_create",
    "course_instructor_add",
    "course_instructor_removal_refusal",
    "course_instructor_remove",
    "course_invites_claim",
    "course_is_taking_proposals",
    "course_join",
    "course_join_code_regenerate",
    "course_project_accept",
    "course_project_adopt",
    "course_project_audience_add",
    "course_project_decline",
    "course_project_propose",
    "course_project_published",
    "course_project_remove",
    "course_project_withdraw",
    "course_update",
    "credit_request_approve",
    "credit_request_create",
    "credit_request_decline",
    "credit_sign_off",
    "credit_sign_off_missing",
    "enrolment_add",
    "evaluation_competencies",
    "evaluation_submit",
    "faculty_confirm",
    "faculty_profile_create",
    "faculty_university_for_email",
    "reflection_submit",
    "roster_import_confirm",
    "roster_rows_check",
    "roster_upload_stage",
]
