"""The faculty's course form, the students' join form and the roster upload."""

from django import forms

from courses.models import MAX_LEARNING_OUTCOMES, Course, SoftSkill
from marketplace.csv_upload import MAX_ROWS, MAX_UPLOAD_BYTES
from projects.skill_picker import SkillPickerField


class CourseForm(forms.Form):
    code = forms.CharField(label="Course code", max_length=30, help_text="e.g. BUS 301")
    title = forms.CharField(label="Title", max_length=200)
    term_start = forms.DateField(label="Term starts", widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label="Term ends", widget=forms.DateInput(attrs={"type": "date"}))
    credits = forms.DecimalField(
        label="Credits available", min_value=0, max_value=60, max_digits=4, decimal_places=1
    )
    expected_hours = forms.IntegerField(
        label="Expected hours of project work",
        min_value=1,
        max_value=2000,
        help_text="What each student should log over the term.",
    )
    learning_outcomes = forms.CharField(
        label="Learning outcomes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One per line, in order; at most {MAX_LEARNING_OUTCOMES}.",
    )
    soft_skills = forms.MultipleChoiceField(
        label="Transferable skills assessed",
        required=False,
        choices=SoftSkill.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = SkillPickerField(label="Skills assessed", required=False, max_skills=15)

    @classmethod
    def initial_for(cls, course: Course) -> dict:
        return {
            "code": course.code,
            "title": course.title,
            "term_start": course.term_start,
            "term_end": course.term_end,
            "credits": course.credits,
            "expected_hours": course.expected_hours,
            "learning_outcomes": "\n".join(course.learning_outcomes),
            "soft_skills": course.soft_skills,
            "skills": course.skills.all(),
        }

    def clean_learning_outcomes(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["learning_outcomes"].splitlines()]
        return [line for line in lines if line]

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=20,
        help_text="The code your instructor gave you, e.g. K7MX2QPA.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster (CSV)",
        help_text=(
            f"A CSV with an email column (a name column is welcome); at most {MAX_ROWS:,} rows and "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Save it from your spreadsheet as CSV UTF-8."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class InstructorAddForm(forms.Form):
    email = forms.EmailField(
        label="Colleague's email address",
        max_length=254,
        help_text="Their university address: they must have signed up as faculty and been confirmed.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
