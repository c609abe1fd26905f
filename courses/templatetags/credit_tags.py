"""The engagement page (rendered by engagements, below this app) shows its one "Academic credit" panel
through this tag: `{% load credit_tags %}{% engagement_credit_panel engagement party %}`. One query
(`courses.selectors_credit.credit_panel_for_engagement`)."""

from django import template

from courses.selectors_credit import credit_panel_for_engagement
from engagements.access import EngagementParty
from engagements.models import Engagement

register = template.Library()


@register.inclusion_tag("courses/credit/_engagement_panel.html")
def engagement_credit_panel(engagement: Engagement, party: EngagementParty) -> dict:
    """For the student: their request and where it stands, or the way to ask when they are in a course it
    can count for; once the work is done, what is owed by whom. For the employer: that the work counts for
    credit, where that stands (never the faculty's reasons nor the reflection) and the evaluation they owe.
    Nothing at all for an employer whose work nobody asked credit for."""
    return {"panel": credit_panel_for_engagement(engagement=engagement, party=party)}
