"""Redis down (the cache and the broker pointed at a closed port): the site degrades, it does not fail.

The cache is the production one (settings/base.py CACHES, marketplace/cache.py) and so is the session engine;
only the address changes. Nothing is mocked: every call really fails to connect.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.factories import DEFAULT_PASSWORD
from accounts.services import api_token_create
from employers.factories import EmployerFactory
from engagements.models import Message
from marketplace import cache as failover_cache
from marketplace.celery import app as celery_app
from marketplace.models import ParkReason
from marketplace.parked import park_task
from marketplace.settings import base
from notifications.models import EmailState, Notification
from tests.engagement_world import make_engagement_world

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = {"default": {**base.CACHES["default"], "LOCATION": CLOSED_PORT}}
    monkeypatch.setattr(failover_cache, "RETRY_AFTER", 0)  # every call tries Redis, and fails, again
    monkeypatch.setattr(celery_app.conf, "broker_url", CLOSED_PORT)
    _forget_broker_connections()
    cache.clear()  # this process's stand-in memory: no login attempts counted by another test
    yield
    cache.clear()
    monkeypatch.undo()
    _forget_broker_connections()


def _forget_broker_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_the_health_check_answers_503_naming_redis_and_the_broker(client, db, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "redis": "down",
        "broker": "down",
        "tasks_parked": {"broker_down": 0, "gave_up": 0, "waiting_for_a_person": 0},
    }


def test_the_health_check_reports_each_dependency_and_parked_tasks_when_all_are_up(client, db, settings):
    settings.CACHES = {"default": {**base.CACHES["default"], "LOCATION": settings.REDIS_URL}}
    park_task(name="notifications.tasks.notification_emails_send", args=[[1]], reason=ParkReason.GAVE_UP)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == body["database"] == body["redis"] == body["broker"] == "ok"
    assert body["tasks_parked"] == {"broker_down": 0, "gave_up": 1, "waiting_for_a_person": 0}


def test_a_signed_in_user_keeps_browsing(client, student_profile, redis_down):
    client.force_login(student_profile.user)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user == student_profile.user


def test_login_answers_a_wrong_password_and_lets_the_right_one_in(client, student, redis_down):
    login = reverse("account_login")
    wrong = client.post(login, {"login": student.email, "password": "wrong"})
    assert wrong.status_code == 200
    assert "not correct" in wrong.content.decode()
    right = client.post(login, {"login": student.email, "password": DEFAULT_PASSWORD})
    assert right.status_code == 302
    assert client.get(reverse("dashboard")).wsgi_request.user == student


def test_login_stays_rate_limited_per_process(client, student, redis_down):
    for _ in range(10):
        client.post(reverse("account_login"), {"login": student.email, "password": "wrong"})
    refused = client.post(reverse("account_login"), {"login": student.email, "password": DEFAULT_PASSWORD})
    assert "Too many failed login attempts" in refused.content.decode()


def test_the_api_answers_anonymous_and_token_clients(student_profile, redis_down):
    employer = EmployerFactory()
    api = APIClient()
    assert api.get(f"/api/v1/employers/{employer.slug}/").status_code == 200
    token = api_token_create(user=student_profile.user, name="outage")[1]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/projects/").status_code == 200


def test_posting_a_message_saves_it_and_leaves_the_email_to_the_sweep(client, transactional_db, redis_down):
    world = make_engagement_world()
    client.force_login(world.student)
    url = reverse("engagements:message_send", args=[world.engagement.public_id])
    response = client.post(url, {"message-body": "Still there?"})
    assert response.status_code == 302
    assert Message.objects.get(engagement=world.engagement).body == "Still there?"
    # The employer's instant email could not be queued: it waits, pending, for the email sweep.
    assert Notification.objects.filter(user=world.employer, email_state=EmailState.PENDING).exists()


def test_the_api_stays_throttled_per_process(db, settings, redis_down):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"}}
    employer = EmployerFactory()
    api = APIClient()
    answers = [api.get(f"/api/v1/employers/{employer.slug}/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
