"""The LTI 1.3 tool's endpoints (OIDC login initiation, resource-link launch, our public keys), the handoff
that signs the launched user in at the top-level window, the instructor's choice of the course an LMS
course opens, and the roster pull from the LMS.

Cross-site by nature: the platform POSTs the launch from its own domain, often inside an iframe. So the
login and launch endpoints are CSRF-exempt (the signed id_token, the state cookie and the single-use nonce
protect them instead) and may be framed by an https page; the rest of the site keeps SameSite=Lax cookies,
CSRF and `frame-ancestors 'none'`. Our session begins on the handoff page, loaded in a top-level window.
"""

from collections.abc import Callable
from dataclasses import asdict
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from courses.access import confirmed_faculty_page
from courses.lti.forms import LinkContextForm
from courses.lti.services import (
    LaunchProblem,
    LaunchRefused,
    LaunchRole,
    PendingContext,
    lms_requests_session,
    lti_context_link,
    lti_handoff_create,
    lti_handoff_take,
    lti_launch_refusal,
    lti_launch_resolve,
    lti_roster_pull,
    lti_tool_conf,
    lti_tool_for_launch,
    lti_unknown_registration,
)
from courses.models import FacultyProfile
from courses.selectors import course_get_for_instructor, course_list_for_faculty

PENDING_SESSION_KEY = "lti_pending_context"
PUBLIC_KEY_CACHE_SECONDS = 600


def lms_framable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The LMS shows these responses (a launch's page, its errors) in an iframe on its own https domain,
    which we cannot know in advance: Canvas posts from its shared login host, not the school's domain. They
    hold nothing a framing page could abuse: each is the answer to a signed, single-use launch."""
    return xframe_options_exempt(csp_replace({"frame-ancestors": ["'self'", "https:"]})(view))


def _refused(request: HttpRequest, refusal: LaunchRefused) -> HttpResponse:
    template = (
        "courses/lti/signup_first.html"
        if refusal.problem == LaunchProblem.NO_ACCOUNT
        else "courses/lti/problem.html"
    )
    return render(request, template, {"refusal": refusal}, status=refusal.status)


@csrf_exempt
@lms_framable
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Third-party initiated login: the platform names itself; we answer with its authorisation URL, our
    state in a short-lived cookie and a nonce kept in the cache (PyLTI1p3)."""
    oidc = DjangoOIDCLogin(request, lti_tool_conf(), launch_data_storage=DjangoCacheDataStorage())
    try:
        return oidc.redirect(request.build_absolute_uri(reverse("lti:launch")))
    except OIDCException as error:  # no issuer or login hint: not a login a platform started
        return _refused(request, lti_launch_refusal(id_token=None, error=error))
    except LtiException:  # PyLTI1p3's tool configuration found no active registration
        return _refused(request, lti_unknown_registration())


@csrf_exempt
@lms_framable
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    """The platform's signed id_token, checked by PyLTI1p3, then resolved to a user and a course. The user is
    signed in by the handoff page: straight away in a top-level window, through a new tab from an iframe."""
    try:
        # Over https the constructor already looks for the launch's session-id cookie set at the login.
        message_launch = DjangoMessageLaunch(
            request,
            lti_tool_conf(),
            launch_data_storage=DjangoCacheDataStorage(),
            requests_session=lms_requests_session(),
        )
        message_launch.set_public_key_caching(
            DjangoCacheDataStorage(), cache_lifetime=PUBLIC_KEY_CACHE_SECONDS
        )
        data = message_launch.get_launch_data()
        resource_launch = message_launch.is_resource_launch()
    except LtiException as error:
        return _refused(request, lti_launch_refusal(id_token=request.POST.get("id_token"), error=error))
    try:
        if not resource_launch:
            raise LaunchRefused(
                LaunchProblem.NOT_RESOURCE_LINK,
                "Only course links open here",
                "This tool opens a course from a link in your LMS course; other kinds of launch are not "
                "supported.",
                status=400,
            )
        result = lti_launch_resolve(tool=lti_tool_for_launch(data=data), data=data)
    except LaunchRefused as refusal:
        return _refused(request, refusal)
    continue_url = reverse("lti:continue", args=[lti_handoff_create(result=result)])
    destination = request.headers.get("Sec-Fetch-Dest", "")
    if destination == "document":
        return redirect(continue_url)
    return render(
        request,
        "courses/lti/open.html",
        {"result": result, "continue_url": continue_url, "framed": destination in {"iframe", "frame"}},
    )


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request: HttpRequest) -> JsonResponse:
    """Our public keys (every LtiToolKey in the admin), for the platforms to check what we sign."""
    return JsonResponse(lti_tool_conf().get_jwks())


def _destination(role: LaunchRole, course, pending: PendingContext | None) -> str:
    if pending is not None:
        return reverse("lti:link")
    if role == LaunchRole.LEARNER:
        return reverse("courses:student_course", args=[course.public_id])
    return reverse("courses:detail", args=[course.public_id])


@require_GET
def continue_launch(request: HttpRequest, token: str) -> HttpResponse:
    """Sign the launched user in (a single-use token from the launch) and open their course. An account with
    two-factor authentication signs in as usual first: the LMS does not stand in for the second factor."""
    handoff = lti_handoff_take(token=token)
    if handoff is None:
        refusal = LaunchRefused(
            LaunchProblem.INVALID_TOKEN,
            "This link has expired",
            "Links from an LMS launch work once, for two minutes. Open the course again from your LMS.",
            status=400,
        )
        return _refused(request, refusal)
    user, pending = handoff["user"], handoff["pending"]
    destination = _destination(handoff["role"], handoff["course"], pending)
    if request.user != user:
        if request.user.is_authenticated:
            logout(request)
        if is_mfa_enabled(user):
            if pending is not None:
                request.session[PENDING_SESSION_KEY] = asdict(pending)
            messages.info(
                request, "Your account uses two-factor authentication: sign in to open your course."
            )
            return redirect(f"{reverse('account_login')}?{urlencode({'next': destination})}")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if pending is not None:
        request.session[PENDING_SESSION_KEY] = asdict(pending)
    return redirect(destination)


@confirmed_faculty_page
@require_http_methods(["GET", "POST"])
def link_context(request: HttpRequest, *, faculty: FacultyProfile) -> HttpResponse:
    """The instructor chooses which of their courses the LMS course they launched opens."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not data:
        return render(request, "courses/lti/link_context.html", {"pending": None}, status=404)
    pending = PendingContext(**data)
    courses = list(course_list_for_faculty(user=request.user))
    form = LinkContextForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            link = lti_context_link(
                by=request.user, pending=pending, course_public_id=form.cleaned_data["course"]
            )
        except ValidationError as error:
            form.add_error("course", error.message_dict.get("course", error.messages))
        else:
            request.session.pop(PENDING_SESSION_KEY, None)
            messages.success(
                request, f"{pending.context_title or 'Your LMS course'} now opens {link.course.code} here."
            )
            return redirect("courses:detail", public_id=link.course.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "courses/lti/link_context.html",
        {"pending": pending, "form": form, "courses": courses},
        status=status,
    )


@confirmed_faculty_page
@require_POST
def roster_pull(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    """Pull the roster from the LMS (Names and Role Provisioning Service) through the roster path."""
    course = course_get_for_instructor(user=request.user, public_id=public_id)
    try:
        done = lti_roster_pull(course=course, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = f"From your LMS: {done['enrolled']} enrolled, {done['invited']} invited"
        if done["unchanged"]:
            text += f", {done['unchanged']} already here or not eligible"
        if done["without_email"]:
            text += f", {done['without_email']} without an email address skipped"
        messages.success(request, text + ".")
    return redirect("courses:detail", public_id=course.public_id)
