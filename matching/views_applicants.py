"""The employer's applicant pages: a project's applicants by status, one applicant's page, and the decisions
(shortlist, reject with a note, accept, reject several at once)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_page
from applications.forms_employer import BulkRejectForm, RejectForm
from applications.models import PENDING_APPLICATION_STATUSES, Application, ApplicationStatus
from applications.selectors import (
    APPLICANT_ORDER,
    application_get_for_employer,
    application_list_filter_verified,
    application_list_for_project,
    application_neighbours_for_employer,
    application_status_counts_for_project,
    application_weekly_budget,
)
from applications.services.applications import (
    application_reject,
    application_reject_many,
    application_shortlist,
)
from engagements.forms.application_thread import application_thread_context
from engagements.services.hiring import application_accept
from matching.reasons import Match
from matching.selectors import application_list_annotate_match, match_by_application
from projects.models import Project, ProjectStatus, Skill
from projects.selectors import project_get_for_employer

PAGE_SIZE = 25
STATUS_TABS = [
    ("", "All"),
    (ApplicationStatus.SUBMITTED, "New"),
    (ApplicationStatus.SHORTLISTED, "Shortlisted"),
    (ApplicationStatus.ACCEPTED, "Accepted"),
    (ApplicationStatus.REJECTED, "Not selected"),
    (ApplicationStatus.WITHDRAWN, "Withdrawn"),
    (ApplicationStatus.CLOSED, "Closed unanswered"),
]
SORTS = {"": "In the order they applied", "match": "Best match first"}


@dataclass
class ApplicantRow:
    application: Application
    required: list[Skill]
    nice: list[Skill]
    waiting_days: int | None
    match: Match | None = None
    # What the row shows, worked out once in the view rather than per row in the template (the page lists
    # up to PAGE_SIZE applicants; template lookups, `{% url %}` and method calls added up per row).
    name: str = ""
    url: str = ""
    picked: bool = False
    overdue: bool = False

    @property
    def is_pending(self) -> bool:
        return self.application.status in PENDING_APPLICATION_STATUSES


def nudge_after_days() -> int:
    """Applicants waiting this long are flagged, as the reminder to the employer says."""
    return settings.MARKETPLACE["EMPLOYER_NUDGE_DAYS"]


def _status_param(value: str | None) -> str:
    return value if value in ApplicationStatus.values else ""


def _sort_param(value: str | None) -> str:
    return value if value in SORTS else ""


def _verified_param(value: str | None) -> bool:
    """The "verified students only" filter (`?verified=1`)."""
    return value in ("1", "true", "on")


def _applicants_url(project: Project, status: str, sort: str = "", verified: bool = False) -> str:
    url = reverse("manage:applicants", kwargs={"public_id": project.public_id})
    params = (("status", status), ("sort", sort), ("verified", "1" if verified else ""))
    query = {key: value for key, value in params if value}
    return f"{url}?{urlencode(query)}" if query else url


def _skill_ids(project: Project) -> tuple[set[int], set[int]]:
    """The ids of the project's required and nice-to-have skills."""
    required = set(project.required_skills.values_list("id", flat=True))
    nice = set(project.nice_to_have_skills.values_list("id", flat=True)) - required
    return required, nice


def _render_list(
    request: HttpRequest, project: Project, status: str, form: BulkRejectForm, *, http_status: int = 200
) -> HttpResponse:
    sort = _sort_param(request.GET.get("sort") or request.POST.get("sort"))
    verified = _verified_param(request.GET.get("verified") or request.POST.get("verified"))
    counts = application_status_counts_for_project(user=request.user, project=project, verified_only=verified)
    applicants = application_list_annotate_match(
        application_list_for_project(user=request.user, project=project), project=project
    )
    order = ("-match_score", *APPLICANT_ORDER) if sort == "match" else APPLICANT_ORDER
    applicants = applicants.order_by(*order)
    if status:
        applicants = applicants.filter(status=status)
    applicants = application_list_filter_verified(applicants, verified_only=verified)
    page = Paginator(applicants, PAGE_SIZE).get_page(request.GET.get("page"))
    matches = match_by_application(project=project, applications=page.object_list)
    required_ids, nice_ids = _skill_ids(project)
    today = timezone.localdate()
    nudge_days = nudge_after_days()
    picked = set(form.selected)
    query = f"?{urlencode({'status': status})}" if status else ""
    rows = []
    for application in page:
        skills = list(application.student.skills.all())
        pending = application.status in PENDING_APPLICATION_STATUSES
        waiting = (today - timezone.localdate(application.created_at)).days if pending else None
        rows.append(
            ApplicantRow(
                application=application,
                required=[skill for skill in skills if skill.id in required_ids],
                nice=[skill for skill in skills if skill.id in nice_ids],
                waiting_days=waiting,
                match=matches.get(application.pk),
                name=application.student.user.get_full_name(),
                url=reverse("manage:applicant", kwargs={"public_id": application.public_id}) + query,
                picked=str(application.public_id) in picked,
                overdue=waiting is not None and waiting >= nudge_days,
            )
        )
    tabs = [
        (value, label, counts[value or "all"], _applicants_url(project, value, sort, verified))
        for value, label in STATUS_TABS
    ]
    sorts = [
        (value, label, _applicants_url(project, status, value, verified)) for value, label in SORTS.items()
    ]
    verified_filters = [
        (False, "All applicants", _applicants_url(project, status, sort)),
        (True, "Verified students only", _applicants_url(project, status, sort, verified=True)),
    ]
    return render(
        request,
        "applications/employer/applicants.html",
        {
            "project": project,
            "status": status,
            "sort": sort,
            "sorts": sorts,
            "verified_only": verified,
            "verified_filters": verified_filters,
            "tabs": tabs,
            "counts": counts,
            "page": page,
            "rows": rows,
            "required_count": len(required_ids),
            "form": form,
            "selected": form.selected,
            "has_pending": any(row.is_pending for row in rows),
            "nudge_after_days": nudge_after_days(),
        },
        status=http_status,
    )


@role_page(Role.EMPLOYER)
def applicant_list(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    form = BulkRejectForm(applicants=Application.objects.none())
    return _render_list(request, project, _status_param(request.GET.get("status")), form)


@require_POST
@role_page(Role.EMPLOYER)
def applicant_bulk_reject(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    status = _status_param(request.POST.get("status"))
    form = BulkRejectForm(
        request.POST, applicants=application_list_for_project(user=request.user, project=project)
    )
    if not form.is_valid():
        return _render_list(request, project, status, form)
    result = application_reject_many(
        applications=form.cleaned_data["applications"], by=request.user, note=form.cleaned_data["note"]
    )
    if result.rejected:
        count = len(result.rejected)
        messages.success(
            request,
            f"{count} applicant{'s' if count != 1 else ''} turned down with your message.",
        )
    for application, error in result.refused:
        messages.warning(
            request,
            f"{application.student.user.get_full_name()} was not turned down: {' '.join(error.messages)}",
        )
    return redirect(
        _applicants_url(
            project,
            status,
            _sort_param(request.POST.get("sort")),
            _verified_param(request.POST.get("verified")),
        )
    )


def _applicant_context(request: HttpRequest, application: Application, **extra) -> dict:
    project = application.project
    student = application.student
    required = list(project.required_skills.all())
    required_ids = {skill.id for skill in required}
    student_skills = list(student.skills.all())
    student_skill_ids = {skill.id for skill in student_skills}
    budget = application_weekly_budget(student=student, project=project)
    status = _status_param(request.GET.get("status") or request.POST.get("status"))
    previous, following = application_neighbours_for_employer(
        user=request.user, application=application, status=status or None
    )
    pending = application.status in PENDING_APPLICATION_STATUSES
    can_accept = pending and project.status in (ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS)
    return {
        "application": application,
        "project": project,
        "student": student,
        "skills": [(skill, skill.id in required_ids) for skill in student_skills],
        "missing_required": [skill for skill in required if skill.id not in student_skill_ids],
        "match": match_by_application(project=project, applications=[application]).get(application.pk),
        "current_load": budget.current,
        "added_load": budget.added,
        "load_after": budget.total,
        "over_budget": budget.exceeds,
        "events": list(application.events.all()),
        "pending": pending,
        "can_shortlist": application.status == ApplicationStatus.SUBMITTED,
        "can_accept": can_accept and project.openings_left > 0,
        "openings_filled": can_accept and project.openings_left == 0,
        "reject_form": extra.pop("reject_form", None) or RejectForm(),
        "previous": previous,
        "following": following,
        "status": status,
        "list_url": _applicants_url(project, status),
        **application_thread_context(request, application, "employer"),
        **extra,
    }


@role_page(Role.EMPLOYER)
def applicant_detail(request: HttpRequest, public_id) -> HttpResponse:
    application = application_get_for_employer(user=request.user, public_id=public_id)
    return render(request, "applications/employer/applicant.html", _applicant_context(request, application))


def _after_decision(
    request: HttpRequest, application: Application, *, level: int, text: str, **extra
) -> HttpResponse:
    """With htmx, the refreshed decision panel with the outcome inside it; otherwise back to the page."""
    if request.headers.get("HX-Request"):
        fresh = application_get_for_employer(user=request.user, public_id=application.public_id)
        outcome = {"tag": message_constants.DEFAULT_TAGS[level], "text": text}
        context = _applicant_context(request, fresh, outcome=outcome, **extra)
        return render(request, "applications/employer/_decision.html", context)
    messages.add_message(request, level, text)
    url = reverse("manage:applicant", kwargs={"public_id": application.public_id})
    status = _status_param(request.POST.get("status"))
    return redirect(f"{url}?{urlencode({'status': status})}" if status else url)


@require_POST
@role_page(Role.EMPLOYER)
def applicant_shortlist(request: HttpRequest, public_id) -> HttpResponse:
    application = application_get_for_employer(user=request.user, public_id=public_id)
    name = application.student.user.get_full_name()
    try:
        application_shortlist(application=application, by=request.user)
    except ValidationError as error:
        return _after_decision(request, application, level=messages.ERROR, text=" ".join(error.messages))
    return _after_decision(request, application, level=messages.SUCCESS, text=f"{name} is on your shortlist.")


@require_POST
@role_page(Role.EMPLOYER)
def applicant_reject(request: HttpRequest, public_id) -> HttpResponse:
    application = application_get_for_employer(user=request.user, public_id=public_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        if request.headers.get("HX-Request"):
            context = _applicant_context(request, application, reject_form=form)
            return render(request, "applications/employer/_decision.html", context)
        return render(
            request,
            "applications/employer/applicant.html",
            _applicant_context(request, application, reject_form=form),
        )
    name = application.student.user.get_full_name()
    try:
        application_reject(application=application, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        return _after_decision(request, application, level=messages.ERROR, text=" ".join(error.messages))
    return _after_decision(
        request, application, level=messages.SUCCESS, text=f"{name} has been told, with your note."
    )


@require_POST
@role_page(Role.EMPLOYER)
def applicant_accept(request: HttpRequest, public_id) -> HttpResponse:
    application = application_get_for_employer(user=request.user, public_id=public_id)
    name = application.student.user.get_full_name()
    try:
        application_accept(application=application, by=request.user)
    except ValidationError as error:
        return _after_decision(request, application, level=messages.ERROR, text=" ".join(error.messages))
    return _after_decision(
        request,
        application,
        level=messages.SUCCESS,
        text=f"{name} is accepted and an engagement was created: agree the kickoff with them next.",
    )
