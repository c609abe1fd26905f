"""Placeholder: replaced by the pages of issue #4."""

from django.http import Http404


def saved_list(request, *args, **kwargs):
    raise Http404("Not built yet.")


def project_detail(request, *args, **kwargs):
    raise Http404("Not built yet.")


def project_apply(request, *args, **kwargs):
    raise Http404("Not built yet.")


def project_save_toggle(request, *args, **kwargs):
    raise Http404("Not built yet.")


def project_report(request, *args, **kwargs):
    raise Http404("Not built yet.")
