"""Placeholder: replaced by the pages of issue #4."""

from django.http import Http404


def skill_suggest(request, *args, **kwargs):
    raise Http404("Not built yet.")
