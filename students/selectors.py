"""Reads for student profiles: a student's own profile, how complete it is, whose portfolio a viewer may see,
and the students a career office may see.

Who may read a résumé depends on applications (`applications.selectors.student_get_resume_for_user`); what a
portfolio shows, on engagements (`engagements.selectors_portfolio`)."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from students.models import StudentProfile
from universities.models import University


def student_profile_for_user(*, user: User) -> StudentProfile | None:
    """The student's own profile with what its pages show (university, skills), or None: never made here
    (`students.services.student_profile_ensure` makes it where a page needs one)."""
    if not user.is_authenticated:
        return None
    return (
        StudentProfile.objects.filter(user_id=user.pk)
        .select_related("university", "user")
        .prefetch_related("skills")
        .first()
    )


def student_profile_get_for_user(*, user: User) -> StudentProfile:
    """`student_profile_for_user`, or Http404 for a student without a profile yet: for reads of what only
    a profile can have (an application, a résumé), which a student without one cannot have either."""
    profile = student_profile_for_user(user=user)
    if profile is None:
        raise Http404("No student profile yet.")
    return profile


def portfolio_get_for_viewer(*, public_id: UUID, viewer: User) -> StudentProfile:
    """The profile whose portfolio `viewer` may see: anyone's when the student made it public, otherwise
    only the student's own (as a preview); Http404 to everyone else, as for a profile that does not exist."""
    profile = StudentProfile.objects.filter(public_id=public_id).select_related("user", "university").first()
    if profile is None:
        raise Http404("No such portfolio.")
    if not profile.portfolio_public and not (viewer.is_authenticated and profile.user_id == viewer.pk):
        raise Http404("No such portfolio.")
    return profile


def student_verified_q(*, prefix: str = "") -> Q:
    """`StudentProfile.is_verified` as a filter; `prefix` reaches the profile from another model
    (`"student__"` from an application)."""
    return Q(**{f"{prefix}verified_at__isnull": False, f"{prefix}university__isnull": False})


def students_for_university(*, university: University) -> QuerySet[StudentProfile]:
    """Students linked to the university, verified or not (the office verifies the others): what its career
    office sees of them in the scoped admin."""
    return StudentProfile.objects.filter(university=university)


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
            ("your university", profile.university_id is not None or bool(profile.university_name)),
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
