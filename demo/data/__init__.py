"""The fixed material the demo world is built from: universities, employers, people's names, majors and
project templates per field. Everything here is fictional; employer addresses use the reserved `.example`
top-level domain and personal addresses `example.com/.net/.org`.

The material lives in the submodules; this package re-exports it so callers keep using `data.NAME`.
"""

from demo.data.employers import EMPLOYERS, EmployerSpec
from demo.data.places import (
    BIO_CLOSINGS,
    BIO_MIDDLES,
    BIO_OPENINGS,
    CAREER_OFFICE_GROUP,
    CURRENCY_BY_COUNTRY,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FIRST_NAMES,
    INTERESTS,
    LAST_NAMES,
    MAJORS,
    PERSONAL_EMAIL_DOMAINS,
    SEED,
    UNIVERSITIES,
    DemoAccount,
    UniversitySpec,
)
from demo.data.projects import ANALYSIS_TEMPLATES, ProjectTemplate
from demo.data.projects_more import DELIVERY_TEMPLATES
from demo.data.texts import (
    ACCEPTANCE_NOTES,
    CANCELLATION_REASONS,
    CANCELLED_PROJECT_NOTE,
    CHANGE_REQUESTS,
    COVER_NOTES,
    DESCRIPTION_CLOSINGS,
    EMPLOYER_REVIEWS,
    HOURS_NOTES,
    MESSAGES_EMPLOYER,
    MESSAGES_STUDENT,
    REJECTION_NOTES,
    SCREENING_ANSWERS,
    STUDENT_REVIEWS,
    SUBMISSION_NOTES,
    WITHDRAWAL_NOTES,
)

T = ProjectTemplate

PROJECT_TEMPLATES = [*ANALYSIS_TEMPLATES, *DELIVERY_TEMPLATES]

__all__ = [
    "ACCEPTANCE_NOTES",
    "BIO_CLOSINGS",
    "BIO_MIDDLES",
    "BIO_OPENINGS",
    "CANCELLATION_REASONS",
    "CANCELLED_PROJECT_NOTE",
    "CAREER_OFFICE_GROUP",
    "CHANGE_REQUESTS",
    "COVER_NOTES",
    "CURRENCY_BY_COUNTRY",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DESCRIPTION_CLOSINGS",
    "EMPLOYERS",
    "EMPLOYER_REVIEWS",
    "FIRST_NAMES",
    "HOURS_NOTES",
    "INTERESTS",
    "LAST_NAMES",
    "MAJORS",
    "MESSAGES_EMPLOYER",
    "MESSAGES_STUDENT",
    "PERSONAL_EMAIL_DOMAINS",
    "PROJECT_TEMPLATES",
    "REJECTION_NOTES",
    "SCREENING_ANSWERS",
    "SEED",
    "STUDENT_REVIEWS",
    "SUBMISSION_NOTES",
    "UNIVERSITIES",
    "WITHDRAWAL_NOTES",
    "DemoAccount",
    "EmployerSpec",
    "ProjectTemplate",
    "T",
    "UniversitySpec",
]
