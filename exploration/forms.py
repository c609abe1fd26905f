from django import forms

from projects.models import Project


class TalentInviteForm(forms.Form):
    """Invite one student of the talent list to apply to one of the organisation's open projects."""

    student = forms.IntegerField(widget=forms.HiddenInput)
    project = forms.ModelChoiceField(queryset=Project.objects.none(), label="Project")
    message = forms.CharField(
        label="Message (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
