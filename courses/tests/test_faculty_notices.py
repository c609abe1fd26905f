"""The career office hears of a faculty sign-up, with a link to where it confirms them; the faculty member
hears of the confirmation, once."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role, User
from courses.models import FacultyProfile
from courses.services import faculty_confirm
from notifications.models import Notification, NotificationKind
from universities.services import career_staff_add

pytestmark = pytest.mark.django_db


def test_the_career_office_hears_of_a_faculty_sign_up_and_confirms_from_the_notice(client, carol, south):
    southern_staff = UserFactory(role=Role.CAREER_STAFF, email="sue@south.edu")
    career_staff_add(user=southern_staff, university=south)
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Fay Faculty",
            "email": "fay@north.edu",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": "faculty",
            "department": "Economics",
        },
    )
    assert response.status_code == 302
    profile = FacultyProfile.objects.get(user__email="fay@north.edu")
    [notice] = Notification.objects.all()
    assert (notice.user, notice.kind) == (carol, NotificationKind.FACULTY)
    assert notice.title == "Fay Faculty signed up as faculty of North University"
    assert "fay@north.edu" in notice.body and "(Economics)" in notice.body
    assert notice.url == reverse("admin:courses_facultyprofile_change", args=[profile.pk])

    client.force_login(carol)
    page = client.get(notice.url)
    assert page.status_code == 200 and "fay@north.edu" in page.text
    client.post(
        reverse("admin:courses_facultyprofile_changelist"),
        {"action": "confirm_faculty", "_selected_action": [profile.pk]},
    )
    told = Notification.objects.get(user=profile.user)
    assert told.kind == NotificationKind.FACULTY
    assert told.title == "North University confirmed you as faculty"
    assert told.url == reverse("courses:dashboard")


def test_a_faculty_member_is_told_of_their_confirmation_once(carol, prof_waiting):
    faculty_confirm(profile=prof_waiting, by=carol)
    faculty_confirm(profile=prof_waiting, by=carol)
    assert Notification.objects.filter(user=prof_waiting.user).count() == 1


def test_nobody_hears_of_a_sign_up_that_was_refused(client, carol):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Gus Gmail",
            "email": "gus@gmail.example",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": "faculty",
        },
    )
    assert not User.objects.filter(email="gus@gmail.example").exists()
    assert not Notification.objects.exists()
