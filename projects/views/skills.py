"""The skills picker's suggestions: a small HTML list of options, fetched as the user types."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from projects.skill_picker import skill_suggestions


@require_GET
@login_required
def skill_suggest(request: HttpRequest) -> HttpResponse:
    """At most 10 skills matching `?q=` by name or synonym, best first; any signed-in user may ask."""
    query = request.GET.get("q", "")[:100]
    response = render(
        request,
        "projects/widgets/skill_suggestions.html",
        {"skills": skill_suggestions(query=query), "query": query.strip()},
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
