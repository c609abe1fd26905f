"""A student's résumé, downloaded by its owner or by an employer the student applied to.

URL name students:resume, composed in marketplace/urls.py. It lives in applications because who may see
the file depends on the student's applications (applications.selectors)."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from applications.selectors import student_get_resume_for_user
from students.downloads import resume_file_response


@require_GET
@login_required
def resume_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """The résumé as an attachment, to its owner and to employers the student applied to; 404 otherwise."""
    return resume_file_response(student_get_resume_for_user(user=request.user, public_id=public_id))
