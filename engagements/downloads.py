"""A deliverable's file as a download: the same response for the engagement page and the API."""

from django.http import FileResponse, Http404

from engagements.models import DeliverableSubmission
from marketplace.uploads import deliverable_content_type, private_file_response


def submission_file_response(submission: DeliverableSubmission) -> FileResponse:
    """The file of an already access-checked submission, as a download in the type its content was
    checked as; Http404 for a submission with only a link."""
    if not submission.file:
        raise Http404("This submission has no file.")
    # The type follows the stored name, whose suffix is the one its content was checked as.
    return private_file_response(
        submission.file,
        download_name=submission.file_name,
        content_type=deliverable_content_type(submission.file.name),
    )
