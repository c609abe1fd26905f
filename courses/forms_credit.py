"""The academic credit forms: the student's request, the faculty's decision and sign-off. They check the
shape of the input; the rules are the services' (courses/services/credit.py)."""

from django import forms
from django.utils.dateformat import format as date_format

from courses.models import Course, CreditResult
from courses.services.credit import MAX_GRADE_LENGTH, MAX_NOTE_LENGTH


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, course: Course) -> str:
        until = date_format(course.term_end, "j M Y")
        return f"{course.code} {course.title} ({course.university.name}, until {until})"


class CreditRequestForm(forms.Form):
    course = CourseChoiceField(
        label="Course",
        queryset=Course.objects.none(),
        empty_label=None,
        to_field_name="public_id",
        help_text="The course this work should count for: one you are enrolled in.",
    )
    note = forms.CharField(
        label="Note to the faculty",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why this work fits the course, or anything the faculty should know.",
    )

    def __init__(self, *args, courses: list[Course], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (
            Course.objects.filter(pk__in=[course.pk for course in courses])
            .select_related("university")
            .order_by("term_end", "code")
        )


class CreditApproveForm(forms.Form):
    outcomes = forms.MultipleChoiceField(
        label="Outcomes the work must show",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The student answers each of them in their reflection.",
    )

    def __init__(self, *args, course: Course, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].choices = [(outcome, outcome) for outcome in course.learning_outcomes]
        if not course.learning_outcomes:
            self.fields["outcomes"].widget = forms.MultipleHiddenInput()


class CreditDeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The student reads it.",
    )


class CreditSignOffForm(forms.Form):
    result = forms.ChoiceField(label="Result", choices=CreditResult.choices, widget=forms.RadioSelect)
    grade = forms.CharField(
        label="Grade",
        required=False,
        max_length=MAX_GRADE_LENGTH,
        help_text="Only when the result is a grade, e.g. A- or 8.5.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The student reads it; it is part of the credit record.",
    )
