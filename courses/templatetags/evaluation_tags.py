"""The engagement page (rendered by engagements, below this app) shows what its viewer owes for academic
credit once the work is done: `{% load evaluation_tags %}{% credit_writing_panel engagement party %}`.
The employer's members see the competency evaluation owed (or sent, to change until sign-off), the student
the reflection. One query, none while the work is under way."""

from django import template

from courses.selectors_credit import credit_evaluation_of, credit_reflection_of
from courses.selectors_evaluation import credit_list_for_engagement_panel
from engagements.models import Engagement

register = template.Library()


@register.inclusion_tag("courses/evaluation/_engagement_panel.html")
def credit_writing_panel(engagement: Engagement, party: str) -> dict:
    credits = (
        credit_list_for_engagement_panel(engagement=engagement) if party in ("student", "employer") else []
    )
    for credit in credits:
        credit.has_evaluation = credit_evaluation_of(credit) is not None
        credit.has_reflection = credit_reflection_of(credit) is not None
    return {"credits": credits, "party": party, "engagement": engagement}
