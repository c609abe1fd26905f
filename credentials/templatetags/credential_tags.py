"""The portfolio page (rendered by engagements, below this app) lists the student's credentials through
this tag: `{% load credential_tags %}{% portfolio_credentials profile is_owner %}`. One query."""

from django import template

from credentials.selectors import credential_list_for_portfolio
from students.models import StudentProfile

register = template.Library()


@register.inclusion_tag("credentials/_portfolio.html")
def portfolio_credentials(profile: StudentProfile, is_owner: bool = False) -> dict:
    return {"credentials": credential_list_for_portfolio(student=profile), "is_owner": is_owner}
