"""What the admin's templates add for the career office: the links to its reports.

The reports live in their own app (URL names `reports:*`); a report whose URL does not exist (yet) is left
out, so the admin works with or without them. Only career staff of a university and site staff see them.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from universities.admin_scoping import CareerOfficeScopedAdmin

register = template.Library()

REPORTS = (
    ("reports:index", "Overview"),
    ("reports:funnel", "Participation funnel"),
    ("reports:outcomes", "Outcomes"),
    ("reports:employers", "Employers"),
    ("reports:trends", "Trends"),
)


@register.simple_tag(takes_context=True)
def career_office_reports(context: template.Context) -> list[tuple[str, str]]:
    """(label, url) of each report the signed-in staff member may open; empty for anyone else."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not request.user.is_staff:
        return []
    if not request.user.is_superuser and CareerOfficeScopedAdmin.career_university(request) is None:
        return []
    links = []
    for name, label in REPORTS:
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return links
