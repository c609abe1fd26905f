"""The profile wizard's forms, one per step: they parse what was typed; students.services holds the rules."""

from typing import Any

from django import forms

from marketplace.timezones import canonical_time_zone, time_zone_choices
from marketplace.widgets import TimeZoneSelect
from projects.skill_picker import SkillPickerField
from students.models import StudentProfile
from students.services import (
    MAX_LINKS,
    MAX_WEEKLY_HOURS,
    MIN_WEEKLY_HOURS,
    graduation_year_range,
)
from universities.models import University


class ProfileStepForm(forms.Form):
    """A wizard step: knows the profile it edits (some fields depend on it)."""

    def __init__(self, *args: Any, profile: StudentProfile, **kwargs: Any) -> None:
        self.profile = profile
        super().__init__(*args, **kwargs)


class UniversityStepForm(ProfileStepForm):
    university = forms.ModelChoiceField(
        queryset=University.objects.order_by("name"),
        required=False,
        empty_label="My university is not listed",
        label="University",
        help_text="Choosing it links you to it; its career office or a confirmed university email address "
        "verifies you.",
    )
    university_name = forms.CharField(
        required=False,
        max_length=200,
        label="Not listed? Your university's name",
        help_text="We ask for it to be added, for the email domain of your address. Meanwhile you can apply "
        "to public projects, as a student not verified yet.",
    )
    major = forms.CharField(
        max_length=150,
        label="Major or field of study",
        error_messages={"required": "Tell employers what you study."},
    )
    graduation_year = forms.TypedChoiceField(
        coerce=int,
        label="Expected graduation year",
        error_messages={"required": "Choose the year you expect to graduate."},
    )

    def __init__(self, *args: Any, profile: StudentProfile, **kwargs: Any) -> None:
        super().__init__(*args, profile=profile, **kwargs)
        years = [(year, year) for year in graduation_year_range()]
        self.fields["graduation_year"].choices = [("", "Choose a year"), *years]
        self.fields["major"].widget.attrs.update({"autocomplete": "off", "placeholder": "e.g. Economics"})
        if profile.is_verified:
            del self.fields["university"]
            del self.fields["university_name"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("university") and (cleaned.get("university_name") or "").strip():
            self.add_error(
                "university_name", "Choose your university from the list or type its name, not both."
            )
        return cleaned


class SkillsStepForm(ProfileStepForm):
    skills = SkillPickerField(
        label="Your skills",
        max_skills=25,
        help_text="Projects that need these skills are matched to you. Type them separated by commas, "
        "e.g. “Python, Excel, Copywriting”.",
    )
    interests = forms.CharField(
        required=False,
        max_length=2000,
        label="Interests",
        help_text="Fields or kinds of work you would like to explore, separated by commas, "
        "e.g. “climate, fintech, user research”.",
    )

    def clean_interests(self) -> list[str]:
        return [part for part in self.cleaned_data["interests"].split(",") if part.strip()]


class AvailabilityStepForm(ProfileStepForm):
    weekly_hours_available = forms.IntegerField(
        min_value=MIN_WEEKLY_HOURS,
        max_value=MAX_WEEKLY_HOURS,
        label="Hours a week you can give to projects",
        help_text="Alongside your coursework. We warn you before you apply to more than fits, and employers "
        "see it, so be honest: most students give 5 to 15 hours.",
    )
    time_zone = forms.ChoiceField(
        label="Your time zone",
        help_text="Deadlines and meeting times are shown in it.",
        widget=TimeZoneSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(current=self.profile.time_zone)
        hours = self.fields["weekly_hours_available"]
        hours.widget.attrs.update({"inputmode": "numeric", "class": "input-short"})


class AboutStepForm(ProfileStepForm):
    bio = forms.CharField(
        required=False,
        max_length=2000,
        label="Short bio",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Two or three sentences: what you study, what you are good at, what you want to learn.",
    )
    links = forms.CharField(
        required=False,
        label="Links",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "github.com/you\nlinkedin.com/in/you"}),
        help_text=f"Portfolio, GitHub, LinkedIn...: one per line, at most {MAX_LINKS}.",
    )
    resume = forms.FileField(
        required=False,
        label="Upload your résumé",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text="A PDF of at most 5 MB. Only you and the employers you apply to can download it.",
    )
    remove_resume = forms.BooleanField(required=False, label="Remove my résumé")
    portfolio_public = forms.BooleanField(
        required=False,
        label="Show my completed projects on a public page",
        help_text="Anyone with the link sees the projects you completed and the reviews you received.",
    )

    def __init__(self, *args: Any, profile: StudentProfile, **kwargs: Any) -> None:
        super().__init__(*args, profile=profile, **kwargs)
        if profile.resume:
            self.fields["resume"].label = "Replace it with a new one"
        else:
            del self.fields["remove_resume"]

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("resume") and cleaned.get("remove_resume"):
            self.add_error("remove_resume", "Either upload a new résumé or remove it, not both.")
        return cleaned


STEP_FORMS: dict[str, type[ProfileStepForm]] = {
    "university": UniversityStepForm,
    "skills": SkillsStepForm,
    "availability": AvailabilityStepForm,
    "about": AboutStepForm,
}


def step_initial(step: str, profile: StudentProfile) -> dict[str, Any]:
    """What a step's form shows before anything is typed: the profile's current values."""
    if step == "university":
        return {
            "university": profile.university_id,
            "university_name": profile.university_name,
            "major": profile.major,
            "graduation_year": profile.graduation_year,
        }
    if step == "skills":
        return {"skills": list(profile.skills.all()), "interests": ", ".join(profile.interests)}
    if step == "availability":
        return {
            "weekly_hours_available": profile.weekly_hours_available,
            # A zone saved under an alias (US/Eastern) is shown as the zone it stands for.
            "time_zone": canonical_time_zone(profile.time_zone) or profile.time_zone,
        }
    return {
        "bio": profile.bio,
        "links": "\n".join(profile.links),
        "portfolio_public": profile.portfolio_public,
    }
