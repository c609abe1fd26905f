"""An engagement has at most MAX_MILESTONES milestones: one more is a field-free 400, never a runaway list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from engagements.models import Milestone
from engagements.services.milestones import MAX_MILESTONES

pytestmark = pytest.mark.django_db


@pytest.mark.engagement_world(milestones=MAX_MILESTONES - 1)
def test_the_employer_adds_milestones_up_to_the_bound_and_no_further(w):
    client = APIClient()
    client.force_authenticate(w.employer)
    url = reverse("api-engagement-milestone-list", kwargs={"public_id": w.engagement.public_id})
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    assert client.post(url, {"title": "The last one", "due_date": due}).status_code == 201
    response = client.post(url, {"title": "One too many", "due_date": due})
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert f"at most {MAX_MILESTONES} milestones" in response.json()["errors"]["non_field_errors"][0]
    assert Milestone.objects.filter(engagement=w.engagement).count() == MAX_MILESTONES
