"""Writes for student profiles: creation at sign-up, verification of the university (one by one, and in bulk
when a career office claims an email domain), a request for an unlisted university, the profile wizard's
steps and the résumé."""

from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from marketplace.iterables import batched
from marketplace.tasks import enqueue_on_commit
from marketplace.timezones import time_zone_normalise
from marketplace.uploads import upload_name, validate_pdf_upload
from students.models import StudentProfile
from students.notices import students_verified_by_domain
from students.selectors import student_profile_for_user
from universities.models import University, UniversityDomain, UniversityRequest, UniversityRequestStatus
from universities.permissions import require_university_manager
from universities.selectors import email_domain_claimed_q, university_for_email_domain
from universities.services import university_domain_add, university_requests_mark_added


def student_profile_create(*, user: User) -> StudentProfile:
    """The (empty) profile of a student account; the existing one when it is already there."""
    if user.role != Role.STUDENT:
        raise ValidationError("Only student accounts have a student profile.", code="not_a_student")
    profile, _ = StudentProfile.objects.get_or_create(user=user)
    return profile


def student_profile_ensure(*, user: User) -> StudentProfile:
    """The student's own profile as its pages read it (`student_profile_for_user`: university and skills
    loaded), made empty first when the account has none yet: sign-up makes one, but an account made in the
    admin does not. For the pages and endpoints that work from the student's profile (search, a project,
    saving, applying, the profile itself), so the first visit gives the student theirs; a page that only
    reads it uses `student_profile_for_user` and copes without one."""
    return student_profile_for_user(user=user) or student_profile_create(user=user)


def student_verify_from_email(*, user: User, email: str) -> StudentProfile | None:
    """Link a student to the university owning the domain of a confirmed address, and mark them verified.

    Called when allauth confirms an address, for every kind of account: non-students and addresses on no
    university domain are left alone (None). A student already verified keeps their university: a second
    university address never moves anybody silently; the career office unverifies first.
    """
    if user.role != Role.STUDENT:
        return None
    email = email.strip().lower()
    if not EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists():
        raise ValidationError(
            "Confirm this email address before it can verify your university.", code="email_not_confirmed"
        )
    university = university_for_email_domain(domain=email.rpartition("@")[2])
    if university is None:
        return None
    student_profile_create(user=user)
    with transaction.atomic():
        profile = StudentProfile.objects.select_for_update().get(user=user)
        if profile.is_verified:
            return profile
        profile.university = university
        profile.university_name = ""
        profile.verified_at = timezone.now()
        profile.verified_by = None
        profile.save(
            update_fields=["university", "university_name", "verified_at", "verified_by", "updated_at"]
        )
    return profile


# --- A university not on the platform yet -------------------------------------------------------------------

# Queued by name: students/tasks.py imports this module.
VERIFY_FOR_DOMAIN_TASK = "students.tasks.students_verify_for_domain"
VERIFY_BATCH_SIZE = 1000


def _email_domain(user: User) -> str:
    return user.email.strip().lower().rpartition("@")[2]


def _university_name_error(message: str, code: str) -> ValidationError:
    return ValidationError({"university_name": ValidationError(message, code=code)})


def student_university_request(*, profile: StudentProfile, name: str) -> UniversityRequest:
    """Ask for the student's university to be added: its name as typed, and the domain of their email
    address, which the career office claims later (`university_domain_claim` then verifies them).

    Refused to a verified student, for a university already listed (choose it instead), and when the address
    is on a listed university's domain (confirming it verifies the student). Asking again for the same
    domain while the request waits only corrects the name; the same name again after a decline asks nothing.
    """
    name = " ".join((name or "").split())
    if len(name) < 2 or len(name) > 200:
        raise _university_name_error("Give your university's name (2 to 200 characters).", "invalid_name")
    if profile.is_verified:
        raise _university_name_error("Your university is verified already.", "already_verified")
    listed = University.objects.filter(name__iexact=name).first()
    if listed is not None:
        raise _university_name_error(
            f"{listed.name} is on the platform already: choose it from the list.", "university_listed"
        )
    domain = _email_domain(profile.user)
    owner = university_for_email_domain(domain=domain)
    if owner is not None:
        raise _university_name_error(
            f"Your address is on {owner.name}'s domain: confirm it and you are verified as its student.",
            "domain_listed",
        )
    latest = (
        UniversityRequest.objects.filter(requested_by=profile.user, domain=domain).order_by("-pk").first()
    )
    if latest is not None and latest.status == UniversityRequestStatus.DECLINED and latest.name == name:
        return latest  # saving the profile again is no new request
    waiting = {"requested_by": profile.user, "domain": domain, "status": UniversityRequestStatus.PENDING}
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.is_verified:
            raise _university_name_error("Your university is verified already.", "already_verified")
        locked.university, locked.university_name = None, name
        locked.save(update_fields=["university", "university_name", "updated_at"])
        # The profile row lock orders two requests of the same student, so this cannot race itself.
        request, _ = UniversityRequest.objects.update_or_create(**waiting, defaults={"name": name})
    profile.university, profile.university_name = None, name
    return request


def student_university_name(*, profile: StudentProfile, name: str) -> UniversityRequest | None:
    """The university the student names in free text: a listed one (its name, in any case) links them to it
    (`student_university_choose`, None); any other is asked for (`student_university_request`)."""
    listed = University.objects.filter(name__iexact=" ".join((name or "").split())).first()
    if listed is not None:
        student_university_choose(profile=profile, university=listed)
        return None
    return student_university_request(profile=profile, name=name)


def student_university_at_signup(*, profile: StudentProfile, name: str) -> UniversityRequest | None:
    """`student_university_name` for the sign-up form, where the address is not confirmed yet: nothing
    when it is on a listed university's domain (confirming it links and verifies the student)."""
    if not name.strip() or university_for_email_domain(domain=_email_domain(profile.user)) is not None:
        return None
    return student_university_name(profile=profile, name=name)


def university_domain_claim(*, university: University, domain: str) -> UniversityDomain:
    """A career office claims an email domain (the admin, or a script): the domain is the university's, and
    once that commits a task verifies the students already confirmed on it (`students_verify_for_domain`).
    Claiming it again changes nothing but runs the (idempotent) verification once more."""
    with transaction.atomic():
        claimed = university_domain_add(university=university, domain=domain)
        enqueue_on_commit(VERIFY_FOR_DOMAIN_TASK, claimed.pk)
    return claimed


def _unverified_q() -> Q:
    """The rule of `StudentProfile.is_verified`, negated, for a conditional UPDATE."""
    return Q(verified_at__isnull=True) | Q(university__isnull=True)


def students_verify_for_domain(*, domain_id: int) -> int:
    """Link and verify every student with a confirmed address on the claimed domain, as
    `student_verify_from_email` would have had the domain been there when they confirmed; mark the waiting
    requests for it added. Returns how many existing profiles were verified (a student account without a
    profile yet gets a verified one, not counted).

    Students verified already keep their university. Idempotent and race-safe: each batch is one
    conditional UPDATE of unverified rows, so a run repeated (or beside a confirmation) changes nobody twice.
    Queries: a few, plus one UPDATE per `VERIFY_BATCH_SIZE` students; the students newly verified (the
    profiles carrying this run's `verified_at`) are told in one INSERT.
    """
    claimed = UniversityDomain.objects.select_related("university").filter(pk=domain_id).first()
    if claimed is None:  # removed again before the task ran
        return 0
    on_domain = EmailAddress.objects.filter(verified=True).filter(
        email_domain_claimed_q(field="email", claimed=claimed, email=True)
    )
    students = User.objects.filter(role=Role.STUDENT, pk__in=on_domain.values("user_id"))
    now = timezone.now()
    without_profile = students.filter(student_profile__isnull=True).values_list("pk", flat=True)
    StudentProfile.objects.bulk_create(
        [
            StudentProfile(user_id=pk, university_id=claimed.university_id, verified_at=now)
            for pk in without_profile
        ],
        ignore_conflicts=True,
    )
    # The addresses are matched once (a scan of the confirmed ones); the rows are then updated in batches.
    waiting = list(
        StudentProfile.objects.filter(_unverified_q(), user__in=students)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    verified = 0
    for batch in batched(waiting, VERIFY_BATCH_SIZE):
        verified += StudentProfile.objects.filter(_unverified_q(), pk__in=batch).update(
            university_id=claimed.university_id,
            university_name="",
            verified_at=now,
            verified_by=None,
            updated_at=now,
        )
    university_requests_mark_added(claimed=claimed)
    students_verified_by_domain(university=claimed.university, verified_at=now)
    return verified


def student_verify(*, profile: StudentProfile, by: User) -> StudentProfile:
    """The career office vouches by hand for a student linked to its university (no university address)."""
    require_university_manager(user=by, university_id=profile.university_id, action="verify its students")
    if profile.university_id is None:
        raise ValidationError("Link the student to a university before verifying them.", code="no_university")
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.university_id != profile.university_id:
            raise ValidationError("This student has changed university meanwhile.", code="university_changed")
        if locked.verified_at is not None:
            return locked
        locked.verified_at = timezone.now()
        locked.verified_by = by
        locked.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return locked


def student_unverify(*, profile: StudentProfile, by: User) -> StudentProfile:
    """Withdraw verification (left, graduated, a mistake); the student stays linked, so it can be undone."""
    require_university_manager(user=by, university_id=profile.university_id, action="unverify its students")
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.university_id != profile.university_id:
            raise ValidationError("This student has changed university meanwhile.", code="university_changed")
        if locked.verified_at is None:
            return locked
        locked.verified_at = None
        locked.verified_by = None
        locked.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return locked


# --- The profile wizard -------------------------------------------------------------------------------------

MIN_WEEKLY_HOURS, MAX_WEEKLY_HOURS = 1, 60  # the model's check constraint caps it at 60
MAX_LINKS = 5
MAX_INTERESTS = 20
MAX_BIO_CHARS = 2000
PROFILE_FIELDS = frozenset(
    {
        "major",
        "graduation_year",
        "skills",
        "interests",
        "weekly_hours_available",
        "time_zone",
        "bio",
        "links",
        "portfolio_public",
    }
)


def graduation_year_range() -> range:
    """Graduation years a student may give: from last year (just graduated) to eight years ahead."""
    this_year = timezone.localdate().year
    return range(this_year - 1, this_year + 9)


def _clean_interests(interests: list[str]) -> list[str]:
    seen: set[str] = set()
    cleaned = []
    for raw in interests:
        interest = " ".join(str(raw).split())
        if interest and interest.lower() not in seen:
            seen.add(interest.lower())
            cleaned.append(interest)
    if any(len(interest) > 100 for interest in cleaned):
        raise ValidationError({"interests": ["Keep each interest under 100 characters."]})
    if len(cleaned) > MAX_INTERESTS:
        raise ValidationError({"interests": [f"List at most {MAX_INTERESTS} interests."]})
    return cleaned


def _clean_links(links: list[str]) -> list[str]:
    """Web addresses, one per entry: https:// is assumed when no scheme is given; duplicates dropped."""
    validate = URLValidator(schemes=["http", "https"])
    cleaned: list[str] = []
    errors = []
    for raw in links:
        link = str(raw).strip()
        if not link:
            continue
        if "://" not in link:
            link = f"https://{link}"
        try:
            validate(link)
            if len(link) > 500:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(f"“{raw.strip()}” is not a web address (e.g. https://github.com/you).")
            continue
        if link not in cleaned:
            cleaned.append(link)
    if errors:
        raise ValidationError({"links": errors})
    if len(cleaned) > MAX_LINKS:
        raise ValidationError({"links": [f"Give at most {MAX_LINKS} links; you gave {len(cleaned)}."]})
    return cleaned


def student_profile_update(*, profile: StudentProfile, data: dict[str, Any]) -> StudentProfile:
    """Save the given profile fields (any subset of PROFILE_FIELDS; a wizard step sends its own).

    The university and verification are not among them: see student_university_choose and the
    verification services. Raises ValidationError with a dict of field errors and saves nothing then.
    """
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    values = dict(data)
    errors: dict[str, list[str]] = {}
    if "major" in values:
        values["major"] = " ".join((values["major"] or "").split())
        if len(values["major"]) > 150:
            errors["major"] = ["Keep your major under 150 characters."]
    if "graduation_year" in values and values["graduation_year"] is not None:
        years = graduation_year_range()
        if values["graduation_year"] not in years:
            errors["graduation_year"] = [f"Choose a year from {years[0]} to {years[-1]}."]
    if "weekly_hours_available" in values:
        hours = values["weekly_hours_available"]
        if hours is None or not MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS:
            errors["weekly_hours_available"] = [
                f"Give a number of hours from {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}."
            ]
    if "time_zone" in values:
        zone = time_zone_normalise(values["time_zone"] or "")
        if zone is None:
            errors["time_zone"] = ["Choose a time zone from the list."]
        values["time_zone"] = zone
    if "bio" in values:
        values["bio"] = (values["bio"] or "").strip()
        if len(values["bio"]) > MAX_BIO_CHARS:
            errors["bio"] = [f"Keep your bio under {MAX_BIO_CHARS} characters."]
    for name, clean in (("interests", _clean_interests), ("links", _clean_links)):
        if name in values:
            try:
                values[name] = clean(values[name] or [])
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    skills = values.pop("skills", None)
    with transaction.atomic():
        for name, value in values.items():
            setattr(profile, name, value)
        profile.save(update_fields=[*values, "updated_at"])
        if skills is not None:
            profile.skills.set(skills)
    return profile


def student_university_choose(*, profile: StudentProfile, university: University | None) -> StudentProfile:
    """Link an unverified student to the university they say they attend (None: not listed).

    It never verifies: that takes a confirmed address on the university's domain or the career office.
    A verified student cannot move; the career office unverifies first.
    """
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.verified_at is not None:
            if locked.university_id == (university.pk if university else None):
                return locked
            raise ValidationError(
                {"university": ["Your university is verified; ask its career office if it is wrong."]},
                code="verified_university_locked",
            )
        changed = []
        if locked.university_id != (university.pk if university else None):
            locked.university = university
            changed.append("university")
        if university is not None and locked.university_name:
            locked.university_name = ""  # the named, unlisted university gives way to the chosen one
            changed.append("university_name")
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
    profile.university = locked.university
    profile.university_name = locked.university_name
    profile.updated_at = locked.updated_at
    return profile


# --- The résumé ---------------------------------------------------------------------------------------------


def student_resume_set(*, profile: StudentProfile, upload: UploadedFile) -> StudentProfile:
    """Store a new résumé (a real PDF of at most 5 MB, checked by its content) privately, replacing the old.

    The previous file is deleted only after the transaction that points the profile at the new one commits,
    so a rollback (e.g. an application that fails after the upload) never leaves the profile without a file.
    Raises ValidationError({"resume": [...]}) for a bad file.
    """
    try:
        validate_pdf_upload(upload)
    except ValidationError as error:
        raise ValidationError({"resume": error}) from None
    name = upload_name(upload, allowed_suffixes=[".pdf"], default_suffix=".pdf")
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        previous = locked.resume.name if locked.resume else ""
        locked.resume.save(name, upload, save=False)
        locked.save(update_fields=["resume", "updated_at"])
        if previous and previous != locked.resume.name:
            transaction.on_commit(partial(locked.resume.storage.delete, previous))
    profile.resume = locked.resume.name
    profile.updated_at = locked.updated_at
    return profile


def student_resume_remove(*, profile: StudentProfile) -> StudentProfile:
    """Forget the résumé and delete its file once that is committed; nothing to do when there is none."""
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.resume:
            previous = locked.resume.name
            storage = locked.resume.storage
            locked.resume = ""
            locked.save(update_fields=["resume", "updated_at"])
            transaction.on_commit(partial(storage.delete, previous))
    profile.resume = ""
    profile.updated_at = locked.updated_at
    return profile
