"""The employer's competency evaluation and the student's reflection, as forms.

The fields are built from what is asked (the credit's competencies, its required outcomes); the rules are
the services' (`courses.services.evaluation`), whose errors `add_service_errors` puts on the right field.
"""

from django import forms
from django.core.exceptions import ValidationError

from courses.models import CompetencyEvaluation, Reflection
from courses.services.evaluation import (
    MAX_OUTCOME_ANSWER,
    MAX_OVERALL_COMMENT,
    MAX_RATING_COMMENT,
    MAX_SUMMARY,
    MIN_SUMMARY,
    RUBRIC,
    Competency,
    RatingInput,
    rating_key,
)


def _add_errors(form: forms.Form, error: ValidationError, field_for: dict[str, str]) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = field_for.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


class EvaluationForm(forms.Form):
    """One level (radio buttons over the rubric) and one optional comment per competency, and an overall
    comment. `rows` pairs each competency with its two bound fields, for the rubric table."""

    overall_comment = forms.CharField(
        label="Overall comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_OVERALL_COMMENT}),
        help_text="For the student and the course's faculty: what went well, what to work on next.",
    )

    def __init__(
        self,
        *args,
        competencies: list[Competency],
        evaluation: CompetencyEvaluation | None = None,
        **kwargs,
    ) -> None:
        if evaluation is not None and "initial" not in kwargs:
            initial = {"overall_comment": evaluation.overall_comment}
            for rating in evaluation.ratings.select_related("skill"):
                initial[f"level_{rating_key(rating)}"] = str(rating.level)
                initial[f"comment_{rating_key(rating)}"] = rating.comment
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        choices = [(str(option.level), option.label) for option in RUBRIC]
        for competency in competencies:
            self.fields[f"level_{competency.key}"] = forms.ChoiceField(
                label=competency.label, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{competency.key}"] = forms.CharField(
                label=f"Comment on {competency.label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_RATING_COMMENT}),
            )
        self.order_fields([name for name in self.fields if name != "overall_comment"] + ["overall_comment"])

    @property
    def rows(self) -> list[tuple[Competency, forms.BoundField, forms.BoundField]]:
        return [
            (competency, self[f"level_{competency.key}"], self[f"comment_{competency.key}"])
            for competency in self.competencies
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "ratings": {
                competency.key: RatingInput(
                    level=data.get(f"level_{competency.key}") or None,
                    comment=data.get(f"comment_{competency.key}", ""),
                )
                for competency in self.competencies
            },
            "overall_comment": data.get("overall_comment", ""),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        field_for = {}
        for competency in self.competencies:
            field_for[f"ratings.{competency.key}.level"] = f"level_{competency.key}"
            field_for[f"ratings.{competency.key}.comment"] = f"comment_{competency.key}"
        _add_errors(self, error, field_for)


class ReflectionForm(forms.Form):
    """The summary, then one answer per outcome the faculty asked the work to show (the outcome as label)."""

    # Not `required` here: the service checks it with the answers, so every error shows at once.
    summary = forms.CharField(
        label="What you did on the project",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_SUMMARY, "aria-required": "true"}),
        required=False,
        help_text=f"At least {MIN_SUMMARY} characters: the problem, what you delivered, how you worked.",
    )

    def __init__(self, *args, outcomes: list[str], reflection: Reflection | None = None, **kwargs) -> None:
        if reflection is not None and "initial" not in kwargs:
            initial = {"summary": reflection.summary}
            for index, answer in enumerate(reflection.outcome_answers):
                initial[f"answer_{index}"] = answer
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for index, outcome in enumerate(outcomes):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=outcome,
                required=False,
                widget=forms.Textarea(
                    attrs={"rows": 4, "maxlength": MAX_OUTCOME_ANSWER, "aria-required": "true"}
                ),
                help_text="What you learned about this, with an example from the work.",
            )

    @property
    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{index}"] for index in range(len(self.outcomes))]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "summary": data.get("summary", ""),
            "outcome_answers": [data.get(f"answer_{index}", "") for index in range(len(self.outcomes))],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        field_for = {f"outcome_answers.{index}": f"answer_{index}" for index in range(len(self.outcomes))}
        _add_errors(self, error, field_for)
