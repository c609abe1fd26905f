"""How a list of students is spelt in a spreadsheet: each column and the header spellings that name it,
compared without case, spaces or punctuation (read by `marketplace.csv_upload.read_csv_upload`). The career
office's roster import and a course's roster share it."""

STUDENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "email": (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "student email",
        "university email",
    ),
    "name": ("name", "full name", "student name", "student", "display name"),
    "first_name": ("first name", "given name", "forename", "firstname"),
    "last_name": ("last name", "family name", "surname", "lastname"),
    "major": ("major", "programme", "program", "course", "degree", "field of study", "subject"),
    "graduation_year": (
        "graduation year",
        "grad year",
        "graduation",
        "class of",
        "year of graduation",
        "expected graduation",
        "year",
    ),
}
