"""The review form: a rating from 1 to 5, a text, and (for the employer's side) the skills demonstrated."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from engagements.services.reviews import REVIEW_TEXT_MAX_LENGTH
from projects.models import Skill

RATING_WORDS = {1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent"}


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating",
        choices=list(RATING_WORDS.items()),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "rating-input"}),
        error_messages={"required": "Choose a rating from 1 to 5 stars."},
    )
    text = forms.CharField(
        label="Your review",
        max_length=REVIEW_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write a few words: they say more than the stars."},
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills they demonstrated",
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the skills the work showed. They appear on the student's portfolio with your review.",
    )

    def __init__(
        self,
        *args: Any,
        side: str,
        other: str,
        skill_choices: QuerySet[Skill] | None = None,
        **kwargs: Any,
    ) -> None:
        """`side` is the writer's ("student" or "employer"), `other` the name of whom they review.

        `skill_choices` is given for the employer's side only; without any choice the field is left out.
        """
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        if side == "student":
            text.label = f"Your review of {other}"
            text.help_text = (
                "What was it like to work with them: the brief, their answers and feedback, the payment?"
            )
        else:
            text.help_text = (
                "The quality of the work, communication, reliability: "
                "what would another employer want to know?"
            )
        if skill_choices is None or not skill_choices.exists():
            del self.fields["skills"]
        else:
            self.fields["skills"].queryset = skill_choices
