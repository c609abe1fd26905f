"""Reading an uploaded CSV of people (a roster): the file's checks (type, size, text), its encoding and
delimiter, the header's many spellings, blank lines and the row limit. Pure: no database here; the
services that use it check each row against the world (the career office's invitations,
`invitations.services.uploads`, and a course's roster, `courses.services.roster`). The column spellings
belong to each use (`students.roster.STUDENT_COLUMNS` for a list of students).

A spreadsheet exported by Excel may start with a byte-order mark, use semicolons (European locales),
begin with a `sep=;` line, or be UTF-16 ("Unicode text"); all are read. Anything that is not UTF-8 or
UTF-16 with a BOM is refused with a way to fix it, rather than guessed at: a guessed encoding would put
garbled names into the emails we send.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_ROWS = 5000
# What browsers and systems call a CSV file (Windows with Excel says vnd.ms-excel; some say nothing).
CSV_CONTENT_TYPES = frozenset(
    {
        "",
        "text/csv",
        "text/plain",
        "text/x-csv",
        "text/comma-separated-values",
        "application/csv",
        "application/x-csv",
        "application/vnd.ms-excel",
        "application/octet-stream",
    }
)
DELIMITERS = (",", ";", "\t")


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass
class CsvFile:
    rows: list[CsvRow]
    ignored_columns: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _read_bytes(upload: UploadedFile) -> bytes:
    name = (upload.name or "").strip()
    if not name.lower().endswith(".csv"):
        raise _refuse(
            f"“{name or 'This file'}” is not a CSV file. In your spreadsheet choose File > Save as > "
            "CSV UTF-8 (.csv), then upload that file.",
            "not_csv",
        )
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type not in CSV_CONTENT_TYPES:
        raise _refuse(f"“{name}” is not a CSV text file (it was sent as {content_type}).", "not_csv")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _refuse(
            f"“{name}” is {upload.size / 1024 / 1024:.1f} MB; "
            f"the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB. "
            "Split it into smaller files.",
            "too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(f"“{name}” is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB.", "too_large")
    if not data.strip():
        raise _refuse(f"“{name}” is empty.", "empty")
    return data


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse(
                "This file is not UTF-8 text (it was probably saved in an older encoding, such as Windows "
                "Latin-1). In Excel choose Save as > CSV UTF-8; in LibreOffice tick “Edit filter settings” "
                "and pick Unicode (UTF-8).",
                "not_utf8",
            ) from None
    raise _refuse("This file is not text: upload a CSV saved from your spreadsheet.", "not_text")


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _columns(header: list[str], spellings: dict[str, tuple[str, ...]]) -> tuple[dict[str, int], list[str]]:
    lookup = {_key(spelling): column for column, names in spellings.items() for spelling in names}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        column = lookup.get(_key(title))
        if column is None or column in found:
            if title.strip():
                ignored.append(title.strip())
            continue
        found[column] = index
    return found, ignored


def read_csv_upload(
    upload: UploadedFile, *, spellings: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> CsvFile:
    """The rows of `upload` (blank lines skipped), each with its line number in the file and its values by
    column name; `first_name` and `last_name` columns are joined into `name` when there is no `name`.

    Raises ValidationError (one message saying what to do) for a file that cannot be read as a whole:
    wrong type, too large, not text, not UTF-8, no recognisable header, more than MAX_ROWS rows.
    """
    text = _decode(_read_bytes(upload))
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    skip_lines = 0
    if first.lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        skip_lines = lines.index(first) + 1
        text = "\n".join(lines[skip_lines:])
    else:
        delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    ignored: list[str] = []
    rows: list[CsvRow] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                columns, ignored = _columns(header, spellings)
                missing = [
                    name
                    for name in required
                    if name not in columns
                    and not (name == "name" and {"first_name", "last_name"} <= columns.keys())
                ]
                if missing:
                    expected = ", ".join(spellings[name][0] for name in spellings if name in required)
                    raise _refuse(
                        f"The first line must name the columns; “{', '.join(missing)}” is missing. "
                        f"Expected at least: {expected} (found: {', '.join(h.strip() for h in header)}).",
                        "bad_header",
                    )
                continue
            if len(rows) >= MAX_ROWS:
                raise _refuse(
                    f"This file has more than {MAX_ROWS:,} rows; "
                    f"split it into files of at most {MAX_ROWS:,}.",
                    "too_many_rows",
                )
            values = {
                column: cells[index].strip() if index < len(cells) else ""
                for column, index in columns.items()
            }
            if not values.get("name") and ("first_name" in values or "last_name" in values):
                values["name"] = " ".join(
                    part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
                )
            values.pop("first_name", None)
            values.pop("last_name", None)
            rows.append(CsvRow(line=reader.line_num + skip_lines, values=values))
    except csv.Error as error:
        raise _refuse(
            f"Line {reader.line_num + skip_lines} cannot be read as CSV ({error}).", "bad_csv"
        ) from None
    if header is None:
        raise _refuse("This file has no header line.", "empty")
    if not rows:
        raise _refuse("This file has a header but no rows.", "no_rows")
    return CsvFile(rows=rows, ignored_columns=ignored)
