"""allauth's sign-up form (settings.ACCOUNT_SIGNUP_FORM_CLASS): it lives here because a student's sign-up
creates the student profile."""

from django import forms
from django.http import HttpRequest

from accounts.models import Role, User
from students.services import student_profile_create

SIGNUP_ROLES = [
    (Role.STUDENT, "I'm a student looking for projects"),
    (Role.EMPLOYER, "I'm hiring: my organisation has projects"),
]


class RoleSignupForm(forms.Form):
    """Extra fields on allauth's sign-up form. Career-office staff are invited, never self-registered."""

    full_name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    role = forms.ChoiceField(
        label="I am joining as", choices=SIGNUP_ROLES, widget=forms.RadioSelect, initial=Role.STUDENT
    )

    field_order = ["full_name", "email", "password1", "password2", "role"]

    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["full_name", "role"])
        if user.role == Role.STUDENT:
            student_profile_create(user=user)
