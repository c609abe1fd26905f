"""Faculty pages and endpoints read the faculty's profile once per request: the page decorator (or the API
permission) reads it and the selectors take it from there."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from courses.services import roster_upload_stage

pytestmark = pytest.mark.django_db


def _profile_reads(captured: CaptureQueriesContext) -> int:
    """Reads of a faculty profile by its account (not the joins of a course's instructors to theirs)."""
    by_account = re.compile(r'"courses_facultyprofile"\."user_id" = \d')
    return sum(1 for query in captured.captured_queries if by_account.search(query["sql"]))


@pytest.fixture
def faculty_urls(north_course, prof_north) -> dict[str, str]:
    upload = SimpleUploadedFile("r.csv", b"email\nzed@north.edu\n", content_type="text/csv")
    roster = roster_upload_stage(course=north_course, by=prof_north.user, upload=upload)
    public_id = north_course.public_id
    return {
        "dashboard": reverse("courses:dashboard"),
        "detail": reverse("courses:detail", args=[public_id]),
        "edit": reverse("courses:edit", args=[public_id]),
        "roster_preview": reverse("courses:roster_preview", args=[public_id, roster.pk]),
        "api-courses": reverse("api-courses"),
        "api-course": reverse("api-course", args=[public_id]),
        "api-course-students": reverse("api-course-students", args=[public_id]),
        "api-course-instructors": reverse("api-course-instructors", args=[public_id]),
    }


@pytest.mark.parametrize(
    "page",
    [
        "dashboard",
        "detail",
        "edit",
        "roster_preview",
        "api-courses",
        "api-course",
        "api-course-students",
        "api-course-instructors",
    ],
)
def test_a_faculty_page_reads_the_profile_once(client, prof_north, enrolled, faculty_urls, page):
    if page.startswith("api-"):
        client = APIClient()
        client.force_authenticate(prof_north.user)
    else:
        client.force_login(prof_north.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(faculty_urls[page])
    assert response.status_code == 200
    assert _profile_reads(captured) == 1
