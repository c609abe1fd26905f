"""The student's profile wizard: an overview and one page per step (URL names students:profile and
students:profile_step, composed in marketplace/urls.py). It lives in projects because the skills step picks
from the projects' skill taxonomy (projects.skill_picker)."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Role, User
from accounts.permissions import role_page
from marketplace.forms import add_service_errors
from projects.forms_student_profile import STEP_FORMS, ProfileStepForm, step_initial
from students.models import StudentProfile
from students.selectors import (
    PROFILE_STEP_SLUGS,
    PROFILE_STEPS,
    student_profile_for_user,
    student_profile_progress,
)
from students.services import (
    student_profile_create,
    student_profile_update,
    student_resume_remove,
    student_resume_set,
    student_university_choose,
    student_university_name,
)

SAVED_MESSAGES = {
    "university": "Saved your studies.",
    "skills": "Saved your skills.",
    "availability": "Saved your availability.",
    "about": "Saved your bio and links.",
}


def _own_profile(user: User) -> StudentProfile:
    profile = student_profile_for_user(user=user)
    if profile is None:
        student_profile_create(user=user)
        profile = student_profile_for_user(user=user)
    return profile


@role_page(Role.STUDENT)
def profile_overview(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request.user)
    progress = student_profile_progress(profile=profile)
    context = {
        "profile": profile,
        "progress": progress,
        "resume_filename": PurePath(profile.resume.name).name if profile.resume else "",
    }
    return render(request, "students/profile_overview.html", context)


def _save_step(step: str, form: ProfileStepForm, profile: StudentProfile) -> None:
    data = form.cleaned_data
    if step == "university":
        if "university" in form.fields:
            if data["university"] is None and data["university_name"].strip():
                student_university_name(profile=profile, name=data["university_name"])
            else:
                student_university_choose(profile=profile, university=data["university"])
        student_profile_update(
            profile=profile, data={"major": data["major"], "graduation_year": data["graduation_year"]}
        )
    elif step == "about":
        student_profile_update(
            profile=profile,
            data={"bio": data["bio"], "links": data["links"], "portfolio_public": data["portfolio_public"]},
        )
        if data.get("remove_resume"):
            student_resume_remove(profile=profile)
        if data.get("resume"):
            student_resume_set(profile=profile, upload=data["resume"])
    else:
        student_profile_update(profile=profile, data={name: data[name] for name in form.fields})


def _after_save_url(request: HttpRequest, step: str) -> str:
    index = PROFILE_STEP_SLUGS.index(step)
    then = request.POST.get("then")
    if then == "back" and index > 0:
        return reverse("students:profile_step", args=[PROFILE_STEP_SLUGS[index - 1]])
    if then == "overview" or index == len(PROFILE_STEP_SLUGS) - 1:
        return reverse("students:profile")
    return reverse("students:profile_step", args=[PROFILE_STEP_SLUGS[index + 1]])


@role_page(Role.STUDENT)
def profile_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404("No such step.")
    profile = _own_profile(request.user)
    form_class = STEP_FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, profile=profile)
        if form.is_valid():
            try:
                with transaction.atomic():
                    _save_step(step, form, profile)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                progress = student_profile_progress(profile=student_profile_for_user(user=request.user))
                message = SAVED_MESSAGES[step]
                if form.cleaned_data.get("resume"):
                    message += " Your new résumé is the one employers will download."
                elif form.cleaned_data.get("remove_resume"):
                    message += " Your résumé is deleted."
                if progress.complete and step == PROFILE_STEP_SLUGS[-1]:
                    message += " Your profile is complete: employers see all of it when you apply."
                messages.success(request, message)
                return redirect(_after_save_url(request, step))
    else:
        form = form_class(initial=step_initial(step, profile), profile=profile)
    index = PROFILE_STEP_SLUGS.index(step)
    context = {
        "profile": profile,
        "form": form,
        "step": step,
        "step_title": PROFILE_STEPS[index][1],
        "step_summary": PROFILE_STEPS[index][2],
        "step_number": index + 1,
        "step_count": len(PROFILE_STEPS),
        "steps": PROFILE_STEPS,
        "previous_step": PROFILE_STEP_SLUGS[index - 1] if index > 0 else None,
        "is_last": index == len(PROFILE_STEPS) - 1,
        "resume_filename": PurePath(profile.resume.name).name if profile.resume else "",
    }
    return render(request, "students/profile_step.html", context)
