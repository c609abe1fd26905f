"""Who hears of what happens to a student's verification: one function per event.

Call these inside the service's transaction, after the state change: the notices commit with it, their emails
leave after. A key names each event per university, so a repeated run (a redelivered task) tells nobody twice.
"""

import datetime as dt

from django.urls import reverse

from notifications.models import NotificationKind
from notifications.services import Notice, notify_selected
from students.models import StudentProfile
from universities.models import University


def students_verified_by_domain(*, university: University, verified_at: dt.datetime) -> int:
    """Tell the students `students_verify_for_domain` has just verified (their profiles carry its
    `verified_at`, with nobody as verifier) that they may now apply everywhere their university is welcome.
    One INSERT however many they are; returns how many were newly told."""
    table = StudentProfile._meta.db_table
    notice = Notice(
        kind=NotificationKind.VERIFICATION,
        key=f"student:verified:university:{university.pk}",
        title=f"You are now a verified student of {university.name}",
        body=(
            f"{university.name} has joined and confirmed your university email address. You can now apply to "
            "projects posted for its partner universities, and employers see that you are verified."
        ),
        url=reverse("students:dashboard"),
    )
    return notify_selected(
        recipients_sql=(
            f"SELECT user_id, NULL::text FROM {table} "
            "WHERE university_id = %s AND verified_at = %s AND verified_by_id IS NULL"
        ),
        params=[university.pk, verified_at],
        notice=notice,
    )
