"""allauth's sign-up form (settings.ACCOUNT_SIGNUP_FORM_CLASS): it lives here because a student's sign-up
creates the student profile."""

from django import forms
from django.http import HttpRequest

from accounts.models import Role, User
from students.services import student_profile_create, student_university_at_signup
from universities.models import University

SIGNUP_ROLES = [
    (Role.STUDENT, "Student"),
    (Role.EMPLOYER, "Employer"),
]
# What each choice means, shown under its name on the sign-up page.
SIGNUP_ROLE_HINTS = {
    Role.STUDENT: "I'm a student looking for short paid projects.",
    Role.EMPLOYER: "I'm hiring: I post projects for my organisation.",
}


class RoleSignupForm(forms.Form):
    """Extra fields on allauth's sign-up form. Career-office staff are invited, never self-registered.

    Nobody is preselected unless the sign-up link says who is coming (`?role=`, students/views_signup.py):
    an employer who skims past the question gets asked it, not a student account."""

    full_name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    role = forms.ChoiceField(
        label="I am joining as",
        choices=SIGNUP_ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you are a student or an employer."},
    )

    university = forms.CharField(
        label="Your university",
        required=False,
        min_length=2,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "signup-universities", "autocomplete": "off"}),
        help_text="Students: type its name. Not on our list yet? Type it anyway: we ask for it to be added, "
        "and you can apply to public projects meanwhile.",
    )

    field_order = ["role", "full_name", "email", "university", "password1", "password2"]

    def university_names(self) -> list[str]:
        """The listed universities, offered as the university field is typed (a <datalist>)."""
        return list(University.objects.order_by("name").values_list("name", flat=True))

    def role_choices(self) -> list[tuple[object, str]]:
        """The role's radio buttons with what each means, for the sign-up page's two large options."""
        return [(choice, SIGNUP_ROLE_HINTS.get(choice.data["value"], "")) for choice in self["role"]]

    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["full_name", "role"])
        if user.role == Role.STUDENT:
            profile = student_profile_create(user=user)
            student_university_at_signup(profile=profile, name=self.cleaned_data.get("university") or "")
