"""The engagement page (rendered by engagements, below this app) shows its "Academic credit" panel through
this tag: `{% load credit_tags %}{% engagement_credit_panel engagement party %}`. Two queries at most."""

from django import template

from courses.models import CreditRequest, CreditStatus
from courses.selectors_credit import credit_courses_for_engagement
from engagements.models import Engagement, EngagementStatus

register = template.Library()


@register.inclusion_tag("courses/credit/_engagement_panel.html")
def engagement_credit_panel(engagement: Engagement, party: str) -> dict:
    """For the student: their request's status, or the way to ask when they are in a course it can count
    for. For the employer: that the work counts for credit, and where that stands (never the faculty's
    reasons). Nothing at all for an employer whose work nobody asked credit for."""
    requests = list(
        CreditRequest.objects.filter(engagement=engagement)
        .select_related("course__university")
        .order_by("-created_at")
    )
    live = next((credit for credit in requests if credit.status != CreditStatus.DECLINED), None)
    if party != "student":
        return {"party": party, "live": live, "show": live is not None}
    declined = [credit for credit in requests if credit.status == CreditStatus.DECLINED]
    courses = []
    if live is None and engagement.status != EngagementStatus.CANCELLED:
        courses = credit_courses_for_engagement(engagement=engagement)
    return {
        "party": party,
        "engagement": engagement,
        "live": live,
        "declined": declined,
        "courses": courses,
        "show": bool(live or declined or courses),
    }
