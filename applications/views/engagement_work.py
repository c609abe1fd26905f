"""Placeholder: replaced by the pages of issue #5."""

from django.http import Http404


def milestone_add(request, *args, **kwargs):
    raise Http404("Not built yet.")


def milestone_edit(request, *args, **kwargs):
    raise Http404("Not built yet.")


def milestone_remove(request, *args, **kwargs):
    raise Http404("Not built yet.")


def deliverable_submit(request, *args, **kwargs):
    raise Http404("Not built yet.")


def deliverable_file(request, *args, **kwargs):
    raise Http404("Not built yet.")


def deliverable_approve(request, *args, **kwargs):
    raise Http404("Not built yet.")


def deliverable_request_changes(request, *args, **kwargs):
    raise Http404("Not built yet.")


def payment_mark_paid(request, *args, **kwargs):
    raise Http404("Not built yet.")


def engagement_cancel(request, *args, **kwargs):
    raise Http404("Not built yet.")
