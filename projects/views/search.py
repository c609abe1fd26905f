"""Placeholder: replaced by the pages of issue #4."""

from django.http import Http404


def project_search(request, *args, **kwargs):
    raise Http404("Not built yet.")
