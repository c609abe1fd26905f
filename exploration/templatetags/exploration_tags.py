"""The portfolio page (rendered by engagements, below this app) shows the future-hire marks the student
chose to show through this tag: `{% load exploration_tags %}{% portfolio_future_hires profile %}`.
One query."""

from django import template

from exploration.selectors import future_hire_list_public
from students.models import StudentProfile

register = template.Library()


@register.inclusion_tag("exploration/_portfolio.html")
def portfolio_future_hires(profile: StudentProfile) -> dict:
    return {"marks": list(future_hire_list_public(student=profile))}
