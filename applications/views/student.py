"""Placeholder: replaced by the pages of issue #4."""

from django.http import Http404


def application_list(request, *args, **kwargs):
    raise Http404("Not built yet.")


def application_detail(request, *args, **kwargs):
    raise Http404("Not built yet.")


def application_withdraw(request, *args, **kwargs):
    raise Http404("Not built yet.")
