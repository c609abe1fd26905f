"""Placeholder: replaced by the pages of issue #5."""

from django.http import Http404


def message_list(request, *args, **kwargs):
    raise Http404("Not built yet.")


def message_send(request, *args, **kwargs):
    raise Http404("Not built yet.")


def hours_log(request, *args, **kwargs):
    raise Http404("Not built yet.")
