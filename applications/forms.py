"""Forms of the students' application pages."""

from django import forms

COVER_NOTE_MAX = 3000
ANSWER_MAX = 2000


class ApplicationForm(forms.Form):
    """A cover note, one answer per screening question (`answer_0`, `answer_1`, ...) and an optional new
    résumé.

    Only the shape of the input is checked here; whether the student may apply, and the résumé's content,
    are the services' business.
    """

    cover_note = forms.CharField(
        label="Cover note",
        max_length=COVER_NOTE_MAX,
        strip=True,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "Why this project, what you have done that is close to it (a course, a "
                "side project, a job), and when you can start. A few short paragraphs are plenty.",
            }
        ),
        help_text=f"Up to {COVER_NOTE_MAX} characters. The employer reads this first.",
        error_messages={"required": "Write a short cover note: it is the first thing the employer reads."},
    )
    resume = forms.FileField(
        label="Upload a new résumé",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text="PDF, at most 5 MB. It is saved to your profile too, in place of any résumé there.",
    )

    def __init__(self, *args, questions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        resume = self.fields.pop("resume")
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": "Answer this question: every question is required."},
            )
        self.fields["resume"] = resume

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{index}"] for index in range(len(self.questions))]

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{index}"] for index in range(len(self.questions))]
