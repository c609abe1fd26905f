"""Placeholder: replaced by the pages of issue #5."""

from django.http import Http404


def review_write(request, *args, **kwargs):
    raise Http404("Not built yet.")
