"""allauth's sign-up form (settings.ACCOUNT_SIGNUP_FORM_CLASS): the students' and employers' form
(`students.forms_signup`) with a third choice, faculty. It lives here because a faculty sign-up creates the
faculty profile, and this app sits above `students` (the boundary moved here in one step, so the students'
form knows nothing of courses).

A faculty member signs up with an address on their university's domain; the profile waits for the career
office's confirmation in the admin.
"""

from django import forms
from django.http import HttpRequest

from accounts.models import Role, User
from courses.services import faculty_profile_create, faculty_university_for_email
from students.forms_signup import SIGNUP_ROLE_HINTS, SIGNUP_ROLES, RoleSignupForm

FACULTY_HINT = "I teach at a university: project work counts towards my course."


class SignupForm(RoleSignupForm):
    department = forms.CharField(
        label="Department",
        required=False,
        max_length=150,
        help_text="Faculty: your department or school.",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    field_order = ["role", "full_name", "email", "university", "department", "password1", "password2"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [*SIGNUP_ROLES, (Role.FACULTY, "Faculty")]
        self.fields["role"].error_messages["required"] = (
            "Choose whether you are a student, an employer or faculty."
        )

    def role_choices(self) -> list[tuple[object, str]]:
        hints = {**SIGNUP_ROLE_HINTS, Role.FACULTY: FACULTY_HINT}
        return [(choice, hints.get(choice.data["value"], "")) for choice in self["role"]]

    def clean(self) -> dict:
        cleaned = super().clean()
        email = cleaned.get("email") or ""
        if (
            cleaned.get("role") == Role.FACULTY
            and email
            and faculty_university_for_email(email=email) is None
        ):
            self.add_error(
                "email",
                "Faculty sign up with their university email address, and this domain is not a listed "
                "university. Ask your career office to add it.",
            )
        return cleaned

    def signup(self, request: HttpRequest, user: User) -> None:
        super().signup(request, user)
        if user.role == Role.FACULTY:
            faculty_profile_create(user=user, department=self.cleaned_data.get("department") or "")
