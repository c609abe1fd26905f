"""Reads for student profiles: a student's own profile, how complete it is, and who may read a résumé."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.models import User
from applications.models import Application
from students.models import StudentProfile


def student_profile_for_user(*, user: User) -> StudentProfile | None:
    """The student's own profile with what its pages show (university, skills), or None."""
    if not user.is_authenticated:
        return None
    return (
        StudentProfile.objects.filter(user_id=user.pk)
        .select_related("university", "user")
        .prefetch_related("skills")
        .first()
    )


def student_get_resume_for_user(*, user: User, public_id: UUID) -> StudentProfile:
    """The profile whose résumé `user` may download: their own, or a student who applied (whatever the
    application's status) to a project of an organisation `user` is a member of.

    Everyone else, career staff included, gets Http404, as does a profile without a résumé.
    """
    if not user.is_authenticated:
        raise Http404("No such résumé.")
    applied_to_their_organisation = Application.objects.filter(
        student_id=OuterRef("pk"), project__employer__memberships__user_id=user.pk
    )
    profile = (
        StudentProfile.objects.filter(public_id=public_id)
        .exclude(resume="")
        .filter(Q(user_id=user.pk) | Exists(applied_to_their_organisation))
        .select_related("user")
        .first()
    )
    if profile is None:
        raise Http404("No such résumé.")
    return profile


# --- How complete a profile is ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileStep:
    slug: str
    title: str
    summary: str
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class ProfileProgress:
    steps: tuple[ProfileStep, ...]
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def first_incomplete(self) -> ProfileStep | None:
        return next((step for step in self.steps if not step.complete), None)


# The wizard's steps, in order: (slug, title, what employers learn from it).
PROFILE_STEPS: tuple[tuple[str, str, str], ...] = (
    ("university", "University", "Where you study, your major and when you graduate."),
    ("skills", "Skills", "What you can do, and what you would like to explore."),
    ("availability", "Availability", "The hours you can give each week, and your time zone."),
    ("about", "About you", "A short bio, your links and your résumé."),
)
PROFILE_STEP_SLUGS = tuple(slug for slug, _, _ in PROFILE_STEPS)


def student_profile_progress(*, profile: StudentProfile) -> ProfileProgress:
    """Which of the things employers look at the profile has, step by step.

    Counts the skills with `profile.skills.all()`, so prefetch them (student_profile_for_user does) to
    keep it to no extra query. Availability always has a value (the defaults are valid), so it counts as
    done; the overview shows the values so the student can check them.
    """
    checks: dict[str, list[tuple[str, bool]]] = {
        "university": [
            ("your university", profile.university_id is not None),
            ("your major", bool(profile.major)),
            ("your graduation year", profile.graduation_year is not None),
        ],
        "skills": [("at least one skill", bool(profile.skills.all()))],
        "availability": [
            ("your weekly hours", bool(profile.weekly_hours_available)),
            ("your time zone", bool(profile.time_zone)),
        ],
        "about": [("a short bio", bool(profile.bio.strip())), ("your résumé", bool(profile.resume))],
    }
    steps = tuple(
        ProfileStep(
            slug=slug,
            title=title,
            summary=summary,
            missing=tuple(label for label, ok in checks[slug] if not ok),
        )
        for slug, title, summary in PROFILE_STEPS
    )
    items = [ok for step_checks in checks.values() for _, ok in step_checks]
    return ProfileProgress(steps=steps, done=sum(items), total=len(items))
