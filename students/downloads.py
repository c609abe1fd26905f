"""A student's résumé as a download: the same response for the résumé page and the API (the student's own
and an employer's, once access is checked)."""

import re
import unicodedata

from django.http import FileResponse

from marketplace.uploads import private_file_response
from students.models import StudentProfile


def resume_download_name(profile: StudentProfile) -> str:
    """e.g. "Alice-Student-resume.pdf": the student's name in plain ASCII words, so every browser keeps it."""
    ascii_name = unicodedata.normalize("NFKD", profile.user.full_name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_name)
    return f"{'-'.join(words[:6])}-resume.pdf" if words else "resume.pdf"


def resume_file_response(profile: StudentProfile) -> FileResponse:
    """The résumé of an already access-checked profile, as a PDF attachment."""
    return private_file_response(
        profile.resume, download_name=resume_download_name(profile), content_type="application/pdf"
    )
