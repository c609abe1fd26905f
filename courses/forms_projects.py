"""Forms of the course-linked projects' pages: the employer's proposal, the faculty's decline and remove."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from courses.services.course_projects import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH
from projects.models import Project


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Project) -> str:
        return f"{obj.title} ({obj.get_status_display().lower()})"


class ProposalForm(forms.Form):
    project = ProjectChoiceField(
        queryset=Project.objects.none(),
        label="Project",
        empty_label=None,
        help_text="One of your organisation's drafts or open projects in no course yet. Its application "
        "deadline and due date must fall within the course's term.",
    )
    message = forms.CharField(
        label="Message to the faculty",
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why the project suits the course, and how you will work with its students.",
    )

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The employer reads it.",
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The employer reads it.",
    )
