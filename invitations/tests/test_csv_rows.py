"""Reading uploaded CSV files: what spreadsheets really produce, and what is refused with a way to fix it."""

import codecs

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from invitations.csv_rows import (
    BUSINESS_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    STUDENT_COLUMNS,
    read_csv_upload,
)


def read(data: bytes | str, *, name: str = "roster.csv", content_type: str = "text/csv", business=False):
    raw = data.encode() if isinstance(data, str) else data
    upload = SimpleUploadedFile(name, raw, content_type=content_type)
    if business:
        return read_csv_upload(upload, spellings=BUSINESS_COLUMNS, required=("email", "organisation"))
    return read_csv_upload(upload, spellings=STUDENT_COLUMNS, required=("email", "name"))


def refusal(data, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        read(data, **kwargs)
    return error.value


def test_it_reads_a_plain_comma_separated_file_with_line_numbers():
    parsed = read("email,name,major,graduation year\nana@north.edu,Ana Diaz,Biology,2027\n")
    [row] = parsed.rows
    assert row.line == 2
    assert row.values == {
        "email": "ana@north.edu",
        "name": "Ana Diaz",
        "major": "Biology",
        "graduation_year": "2027",
    }


def test_it_reads_excel_utf8_with_a_byte_order_mark_and_semicolons():
    data = codecs.BOM_UTF8 + "E-mail;Full Name;Programme\r\nzoé@north.edu;Zoé Müller;Física\r\n".encode()
    [row] = read(data).rows
    assert row.values["email"] == "zoé@north.edu"
    assert row.values["name"] == "Zoé Müller"
    assert row.values["major"] == "Física"


def test_it_reads_utf16_unicode_text_with_tabs():
    data = "Email\tName\nbo@north.edu\tBo Li\n".encode("utf-16")
    [row] = read(data).rows
    assert row.values == {"email": "bo@north.edu", "name": "Bo Li"}


def test_it_honours_an_excel_sep_line():
    [row] = read("sep=;\nemail;name\nbo@north.edu;Li, Bo\n").rows
    assert row.values["name"] == "Li, Bo"
    assert row.line == 3


def test_it_joins_first_and_last_name_columns():
    [row] = read("Email Address,First name,Surname,Class of\nbo@north.edu,Bo,Li,2028\n").rows
    assert row.values == {"email": "bo@north.edu", "name": "Bo Li", "graduation_year": "2028"}


def test_it_skips_blank_lines_and_keeps_file_line_numbers():
    parsed = read("\n\nemail,name\n\nbo@north.edu,Bo\n , \n\ncy@north.edu,Cy\n")
    assert [(row.line, row.values["email"]) for row in parsed.rows] == [
        (5, "bo@north.edu"),
        (8, "cy@north.edu"),
    ]


def test_it_reports_unknown_columns_and_tolerates_short_rows():
    parsed = read("email,name,shoe size\nbo@north.edu\n")
    assert parsed.ignored_columns == ["shoe size"]
    assert parsed.rows[0].values == {"email": "bo@north.edu", "name": ""}


def test_business_columns_have_their_own_spellings():
    [row] = read(
        "Company Name;Contact Person;E-mail\nBakery Ltd;Dee;dee@bakery.example\n", business=True
    ).rows
    assert row.values == {"organisation": "Bakery Ltd", "name": "Dee", "email": "dee@bakery.example"}


def test_it_refuses_a_file_without_the_required_columns():
    error = refusal("ana@north.edu,Ana\nbo@north.edu,Bo\n")
    assert error.code == "bad_header"
    assert "email" in error.messages[0]


def test_it_refuses_a_file_that_is_not_utf8():
    error = refusal("email,name\nzoe@north.edu,Zoé Müller\n".encode("cp1252"))
    assert error.code == "not_utf8"
    assert "CSV UTF-8" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content_type", "code"),
    [
        ("roster.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "not_csv"),
        ("roster.pdf", "application/pdf", "not_csv"),
        ("roster.csv", "image/png", "not_csv"),
    ],
)
def test_it_refuses_other_file_types(name, content_type, code):
    assert refusal("email,name\n", name=name, content_type=content_type).code == code


def test_it_refuses_a_binary_file_named_csv():
    assert refusal(b"PK\x03\x04\x00\x00binary", content_type="application/octet-stream").code == "not_text"


def test_it_refuses_a_file_over_the_size_limit():
    big = "email,name\n" + "x" * (MAX_UPLOAD_BYTES + 1)
    assert refusal(big).code == "too_large"


def test_it_refuses_more_rows_than_the_limit():
    rows = "".join(f"s{i}@north.edu,S {i}\n" for i in range(MAX_ROWS + 1))
    error = refusal("email,name\n" + rows)
    assert error.code == "too_many_rows"
    assert (
        len(read("email,name\n" + "".join(f"s{i}@north.edu,S\n" for i in range(MAX_ROWS))).rows) == MAX_ROWS
    )


@pytest.mark.parametrize(
    ("data", "code"), [("", "empty"), ("\n\n  \n", "empty"), ("email,name\n\n", "no_rows")]
)
def test_it_refuses_empty_files(data, code):
    assert refusal(data).code == code
