"""Courses launched from an LMS (Canvas, Moodle, Blackboard) as an LTI 1.3 tool, and rosters pulled from it.

A launch arrives already checked by PyLTI1p3 (signature against the platform's keys, state, nonce,
deployment, message format; `courses.lti.views`). What it means here is decided in `lti_launch_resolve`:

- the platform's user is found by the `sub` linked at an earlier launch, else by a confirmed email address of
  an account of the launch's role (never a staff account); an address with no account gets the sign-up page
  (and, for a learner of a linked course, a course invite that enrols them once they confirm it);
- an instructor (LIS Instructor or Administrator context role) must be confirmed faculty; an LMS course not
  linked yet is linked by them to one of their courses (`lti_context_link`), a linked one opens its course
  if they teach it;
- a learner (LIS Learner context role) must be a student and the LMS course linked; they are enrolled
  through `enrolment_add` like any other enrolment.

The roster pull is `courses.lti.services.roster`, the tool's key pair `courses.lti.services.keys`.

A launch is handed to the browser's top-level window through a single-use token (`lti_handoff_*`): inside
the LMS's iframe our session cookie (SameSite=Lax) would not come back, so the user is signed in only where
it will (the launch page opens the course in a new tab when it was framed).
"""

import logging
import secrets
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

import jwt
import requests
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pylti1p3.contrib.django import DjangoDbToolConf
from pylti1p3.contrib.django.lti1p3_tool_config.models import LtiTool
from pylti1p3.roles import AbstractRole, TeacherRole
from pylti1p3.service_connector import REQUESTS_USER_AGENT

from accounts.models import Role, User
from courses.models import Course, CourseInvite, EnrolmentSource, LtiContextLink, LtiUserLink
from courses.selectors import course_get_for_instructor, faculty_profile_for
from courses.services import enrolment_add, roster_rows_check
from courses.services.roster import INVITE
from students.models import StudentProfile

logger = logging.getLogger(__name__)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
CONTEXT_CLAIM = CLAIM + "context"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
LMS_TIMEOUT_SECONDS = 10
HANDOFF_SECONDS = 120
NONCE_SECONDS = 60 * 60 * 24  # longer than any id_token a platform signs lives


class LaunchRole(StrEnum):
    INSTRUCTOR = "instructor"
    LEARNER = "learner"


class LaunchProblem(StrEnum):
    UNKNOWN_REGISTRATION = "unknown_registration"
    INVALID_TOKEN = "invalid_token"
    REPLAYED = "replayed"
    NOT_RESOURCE_LINK = "not_resource_link"
    NO_CONTEXT = "no_context"
    WRONG_ROLE = "wrong_role"
    NO_EMAIL = "no_email"
    NO_ACCOUNT = "no_account"
    UNCONFIRMED_EMAIL = "unconfirmed_email"
    ACCOUNT_REFUSED = "account_refused"
    FACULTY_UNCONFIRMED = "faculty_unconfirmed"
    NOT_COURSE_INSTRUCTOR = "not_course_instructor"
    CONTEXT_NOT_LINKED = "context_not_linked"


class LaunchRefused(Exception):
    """A launch we will not honour; the page shows `title` and `message` (and `email`, `role` for the sign-up
    page), with `status`."""

    def __init__(
        self,
        problem: LaunchProblem,
        title: str,
        message: str,
        *,
        status: int = 403,
        email: str = "",
        role=None,
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.title = title
        self.message = message
        self.status = status
        self.email = email
        self.role = role


class LearnerRole(AbstractRole):
    """Learner in the LMS course. PyLTI1p3's StudentRole also accepts the system role User that Canvas gives
    everyone, teaching assistants included, so it would let any member in as a student."""

    _common_roles = ("Learner",)
    _context_roles = ("Learner",)


class _TimeoutSession(requests.Session):
    """Calls to the platform (its keys, tokens, memberships) give up after LMS_TIMEOUT_SECONDS."""

    def __init__(self) -> None:
        super().__init__()
        self.headers["User-Agent"] = REQUESTS_USER_AGENT

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", LMS_TIMEOUT_SECONDS)
        return super().request(*args, **kwargs)


def lms_requests_session() -> requests.Session:
    return _TimeoutSession()


def lti_tool_conf() -> DjangoDbToolConf:
    """The platform registrations as the admin keeps them (PyLTI1p3's LtiTool and LtiToolKey)."""
    return DjangoDbToolConf()


@dataclass(frozen=True)
class LaunchClaims:
    """What a validated id_token says that we use."""

    tool_id: int
    sub: str
    email: str
    name: str
    role: LaunchRole | None
    context_id: str
    context_title: str
    memberships_url: str
    nonce: str


@dataclass(frozen=True)
class PendingContext:
    """An LMS course an instructor launched before it was linked; kept in their session until they pick."""

    tool_id: int
    context_id: str
    context_title: str
    memberships_url: str


@dataclass(frozen=True)
class LaunchResult:
    user: User
    role: LaunchRole
    course: Course | None
    pending: PendingContext | None = None


def launch_claims(*, tool: LtiTool, data: dict[str, Any]) -> LaunchClaims:
    context = data.get(CONTEXT_CLAIM) or {}
    nrps = data.get(NRPS_CLAIM) or {}
    if TeacherRole(data).check():
        role = LaunchRole.INSTRUCTOR
    elif LearnerRole(data).check():
        role = LaunchRole.LEARNER
    else:
        role = None
    name = data.get("name") or " ".join(filter(None, [data.get("given_name"), data.get("family_name")]))
    return LaunchClaims(
        tool_id=tool.pk,
        sub=str(data.get("sub") or ""),
        email=str(data.get("email") or "").strip().lower(),
        name=str(name or "")[:150],
        role=role,
        context_id=str(context.get("id") or ""),
        context_title=str(context.get("title") or context.get("label") or "")[:255],
        memberships_url=str(nrps.get("context_memberships_url") or "")[:1024],
        nonce=str(data.get("nonce") or ""),
    )


def lti_tool_for_launch(*, data: dict[str, Any]) -> LtiTool:
    """The active registration a validated launch came through (issuer and client id, the audience)."""
    aud = data.get("aud")
    client_id = aud[0] if isinstance(aud, list) else aud
    tool = LtiTool.objects.filter(issuer=data.get("iss"), client_id=client_id, is_active=True).first()
    if tool is None:
        raise lti_unknown_registration()
    return tool


def _nonce_claim(nonce: str) -> None:
    """An id_token is good for one launch: its nonce is recorded, and a second use refused."""
    if not nonce or not cache.add(f"lti-used-nonce:{nonce}", 1, timeout=NONCE_SECONDS):
        raise LaunchRefused(
            LaunchProblem.REPLAYED,
            "This launch was already used",
            "Open the course again from your LMS.",
            status=400,
        )


def _wrong_role(claims: LaunchClaims, user: User | None = None) -> LaunchRefused:
    if user is not None:
        message = (
            f"Your LMS launched you as {_role_words(claims.role)}, but your account here is "
            f"{user.get_role_display().lower()}. Launch from the LMS course where you have that role, or ask "
            "your instructor."
        )
    else:
        message = "Only instructors and learners of the LMS course can open it here."
    return LaunchRefused(LaunchProblem.WRONG_ROLE, "This role cannot open the course here", message)


def _role_words(role: LaunchRole | None) -> str:
    return {LaunchRole.INSTRUCTOR: "an instructor", LaunchRole.LEARNER: "a learner"}.get(role, "a member")


ACCOUNT_ROLE = {LaunchRole.INSTRUCTOR: Role.FACULTY, LaunchRole.LEARNER: Role.STUDENT}


def _check_account(*, claims: LaunchClaims, user: User) -> None:
    if not user.is_active or user.is_staff or user.is_superuser:
        raise LaunchRefused(
            LaunchProblem.ACCOUNT_REFUSED,
            "This account cannot be opened from an LMS",
            "Staff and deactivated accounts sign in here directly, never through an LMS launch.",
        )
    if user.role != ACCOUNT_ROLE[claims.role]:
        raise _wrong_role(claims, user)


def lti_user_match(*, claims: LaunchClaims, context_course: Course | None = None) -> User:
    """Our user for the launch's platform user: the linked `sub`, else the account whose confirmed address is
    the launch's email (linked from now on). Refuses staff, other roles, and unknown addresses (after
    inviting a learner of a linked course)."""
    link = LtiUserLink.objects.select_related("user").filter(tool_id=claims.tool_id, sub=claims.sub).first()
    if link is not None:
        _check_account(claims=claims, user=link.user)
        return link.user
    if not claims.email:
        raise LaunchRefused(
            LaunchProblem.NO_EMAIL,
            "Your LMS did not tell us who you are",
            "The launch carried no email address. Ask your LMS administrator to share names and email "
            "addresses with this tool (its privacy setting), then launch again.",
        )
    addresses = list(
        EmailAddress.objects.select_related("user").filter(email__iexact=claims.email).order_by("-verified")
    )
    user = next((address.user for address in addresses if address.verified), None)
    if user is None:
        user = User.objects.filter(email__iexact=claims.email).first()
        if user is not None or addresses:
            raise LaunchRefused(
                LaunchProblem.UNCONFIRMED_EMAIL,
                "Confirm your email address first",
                f"An account uses {claims.email} but has not confirmed it. Open the confirmation email we "
                "sent, then launch again from your LMS.",
                email=claims.email,
            )
        if claims.role == LaunchRole.LEARNER and context_course is not None:
            _invite_learner(course=context_course, claims=claims)
        raise LaunchRefused(
            LaunchProblem.NO_ACCOUNT,
            "Sign up first",
            f"No account here uses {claims.email}. Sign up with exactly this address, confirm it, then "
            "launch again from your LMS.",
            email=claims.email,
            role=ACCOUNT_ROLE[claims.role],
        )
    _check_account(claims=claims, user=user)
    try:
        with transaction.atomic():
            LtiUserLink.objects.get_or_create(tool_id=claims.tool_id, sub=claims.sub, defaults={"user": user})
    except IntegrityError:  # a simultaneous launch linked it: same user, nothing to do
        pass
    return user


def _invite_learner(*, course: Course, claims: LaunchClaims) -> None:
    """A learner of a linked course with no account yet joins it once they sign up and confirm the address,
    as a roster's unknown address does (the roster's rules say whether the address may be invited)."""
    [row] = roster_rows_check(
        course=course, rows=[{"line": 1, "values": {"email": claims.email, "name": claims.name}}]
    )
    if row["action"] == INVITE and not row["problem"]:
        CourseInvite.objects.bulk_create(
            [CourseInvite(course=course, email=row["email"], full_name=row["name"])], ignore_conflicts=True
        )


def lti_launch_resolve(*, tool: LtiTool, data: dict[str, Any]) -> LaunchResult:
    """What a validated resource-link launch does: who it signs in and which course it opens (see the module
    docstring). Raises LaunchRefused with the page to show instead."""
    claims = launch_claims(tool=tool, data=data)
    _nonce_claim(claims.nonce)
    if claims.role is None:
        raise _wrong_role(claims)
    if not claims.context_id:
        raise LaunchRefused(
            LaunchProblem.NO_CONTEXT,
            "Open this from a course in your LMS",
            "The launch did not come from an LMS course. Add the tool to a course and open it from there.",
            status=400,
        )
    link = (
        LtiContextLink.objects.select_related("course")
        .filter(tool=tool, context_id=claims.context_id)
        .first()
    )
    user = lti_user_match(claims=claims, context_course=link.course if link else None)
    if claims.role == LaunchRole.INSTRUCTOR:
        return _instructor_launch(claims=claims, user=user, link=link)
    return _learner_launch(claims=claims, user=user, link=link)


def _instructor_launch(*, claims: LaunchClaims, user: User, link: LtiContextLink | None) -> LaunchResult:
    faculty = faculty_profile_for(user=user)
    if faculty is None or not faculty.is_confirmed:
        raise LaunchRefused(
            LaunchProblem.FACULTY_UNCONFIRMED,
            "Waiting for your career office",
            "Your university's career office has not confirmed you as faculty yet. Once they have, launch "
            "again from your LMS.",
        )
    if link is None:
        pending = PendingContext(
            tool_id=claims.tool_id,
            context_id=claims.context_id,
            context_title=claims.context_title,
            memberships_url=claims.memberships_url,
        )
        return LaunchResult(user=user, role=LaunchRole.INSTRUCTOR, course=None, pending=pending)
    if not link.course.instructors.filter(pk=faculty.pk).exists():
        raise LaunchRefused(
            LaunchProblem.NOT_COURSE_INSTRUCTOR,
            "You do not teach the linked course",
            f"This LMS course opens {link.course}, which you are not an instructor of here. Ask its "
            "instructor to add you.",
        )
    changed = {
        name: value
        for name, value in (
            ("memberships_url", claims.memberships_url),
            ("context_title", claims.context_title),
        )
        if value and getattr(link, name) != value
    }
    if changed:
        LtiContextLink.objects.filter(pk=link.pk).update(**changed)
    return LaunchResult(user=user, role=LaunchRole.INSTRUCTOR, course=link.course)


def _learner_launch(*, claims: LaunchClaims, user: User, link: LtiContextLink | None) -> LaunchResult:
    student = StudentProfile.objects.filter(user=user).first()
    if student is None:
        raise _wrong_role(claims, user)
    if link is None:
        raise LaunchRefused(
            LaunchProblem.CONTEXT_NOT_LINKED,
            "This course is not set up yet",
            "Your instructor has not connected this LMS course to a course here yet. Try again once they "
            "have opened it from the LMS.",
        )
    enrolment_add(course=link.course, student=student, source=EnrolmentSource.LMS)
    return LaunchResult(user=user, role=LaunchRole.LEARNER, course=link.course)


def lti_context_link(*, by: User, pending: PendingContext, course_public_id: Any) -> LtiContextLink:
    """Link the LMS course `pending` (launched by `by`) to one of `by`'s courses (404 for anyone else's).
    Linking it again to the same course changes nothing; to another course is refused."""
    course = course_get_for_instructor(user=by, public_id=course_public_id)
    link, created = LtiContextLink.objects.get_or_create(
        tool_id=pending.tool_id,
        context_id=pending.context_id,
        defaults={
            "course": course,
            "context_title": pending.context_title,
            "memberships_url": pending.memberships_url,
            "linked_by": by,
        },
    )
    if not created and link.course_id != course.pk:
        raise ValidationError(
            {"course": "This LMS course already opens another course here."}, code="already_linked"
        )
    return link


def lti_handoff_create(*, result: LaunchResult) -> str:
    """A single-use token, good for HANDOFF_SECONDS, that signs `result.user` in at the top-level window."""
    token = secrets.token_urlsafe(32)
    cache.set(
        f"lti-handoff:{token}",
        {
            "user_id": result.user.pk,
            "role": str(result.role),
            "course_id": result.course.pk if result.course else None,
            "pending": asdict(result.pending) if result.pending else None,
        },
        timeout=HANDOFF_SECONDS,
    )
    return token


def lti_handoff_take(*, token: str) -> dict[str, Any] | None:
    """The launch a handoff token stands for, once: a second take (or a late one) gets None."""
    key = f"lti-handoff:{token}"
    data = cache.get(key)
    if data is None or not cache.delete(key):
        return None
    user = User.objects.filter(pk=data["user_id"], is_active=True).first()
    if user is None:
        return None
    course = Course.objects.filter(pk=data["course_id"]).first() if data["course_id"] else None
    pending = PendingContext(**data["pending"]) if data["pending"] else None
    return {"user": user, "role": LaunchRole(data["role"]), "course": course, "pending": pending}


def lti_launch_refusal(*, id_token: str | None, error: Exception) -> LaunchRefused:
    """The page for a launch PyLTI1p3 refused: an issuer and client id we have no active registration for,
    or else a token that is malformed, tampered with, expired, or not from this browser's login."""
    logger.info("LTI launch refused: %s", error)
    try:
        unverified = jwt.decode(id_token or "", options={"verify_signature": False})
    except jwt.InvalidTokenError:
        unverified = {}
    aud = unverified.get("aud")
    client_id = aud[0] if isinstance(aud, list) and aud else aud
    if (
        unverified
        and not LtiTool.objects.filter(
            issuer=unverified.get("iss"), client_id=client_id, is_active=True
        ).exists()
    ):
        return lti_unknown_registration()
    return LaunchRefused(
        LaunchProblem.INVALID_TOKEN,
        "This launch could not be verified",
        "The LMS's launch was invalid or has expired, or your browser did not keep the cookie it needs "
        "inside the LMS frame. Open the course again from your LMS; if it keeps failing, ask your LMS "
        "administrator to set the tool to open in a new window.",
        status=400,
    )


def lti_unknown_registration() -> LaunchRefused:
    return LaunchRefused(
        LaunchProblem.UNKNOWN_REGISTRATION,
        "This LMS is not registered",
        "Your LMS is not (or no longer) registered with us. Ask your LMS administrator to check the tool's "
        "registration.",
        status=400,
    )
