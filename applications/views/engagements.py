"""Placeholder: replaced by the pages of issue #5."""

from django.http import Http404


def engagement_list(request, *args, **kwargs):
    raise Http404("Not built yet.")


def engagement_detail(request, *args, **kwargs):
    raise Http404("Not built yet.")


def engagement_confirm_kickoff(request, *args, **kwargs):
    raise Http404("Not built yet.")
