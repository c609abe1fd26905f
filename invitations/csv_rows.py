"""The career office's uploads: which columns a list of students or of businesses has. The reading itself
(file checks, encodings, delimiters, header spellings, row limit) is shared with a course's roster and lives
in `marketplace.csv_upload`; a list of students is spelt as `students.roster` says."""

from marketplace.csv_upload import MAX_ROWS, MAX_UPLOAD_BYTES, CsvFile, CsvRow, read_csv_upload
from students.roster import STUDENT_COLUMNS

__all__ = [
    "BUSINESS_COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "STUDENT_COLUMNS",
    "CsvFile",
    "CsvRow",
    "read_csv_upload",
]

BUSINESS_COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "contact email"),
    "organisation": (
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "company",
        "company name",
        "business",
        "business name",
        "employer",
    ),
    "name": ("name", "contact", "contact name", "full name", "contact person"),
    "first_name": ("first name", "given name", "forename", "firstname"),
    "last_name": ("last name", "family name", "surname", "lastname"),
}
