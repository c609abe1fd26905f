"""The web benchmark's pieces: its settings and URLconf (the bare view exists only there), the sessions it
makes, the applicants it seeds, the load generators and their table, and gunicorn stopped on the way out."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from applications.models import Application
from demo import loadgen
from demo.bench_urls import BARE_PATH, FLOOR_PATH
from demo.management.commands.bench_web import (
    EMPLOYER_EMAIL,
    database_url,
    free_port,
    gunicorn,
    seed_applicants,
    session_cookie,
)
from employers.factories import EmployerFactory
from employers.models import EmployerMember
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory

ROOT = Path(__file__).resolve().parent.parent.parent
BARE = f"/{BARE_PATH}"
FLOOR = f"/{FLOOR_PATH}"


def test_the_bare_view_is_not_in_the_sites_urlconf(client):
    with pytest.raises(Resolver404):
        resolve(BARE)
    assert client.get(BARE).status_code == 404


@override_settings(ROOT_URLCONF="demo.bench_urls")
def test_the_bench_urlconf_adds_the_bare_view_to_the_site(client):
    response = client.get(BARE)

    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert resolve("/projects/").url_name == "search"


def test_the_floor_is_not_in_the_sites_urlconf(client):
    with pytest.raises(Resolver404):
        resolve(FLOOR)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="demo.bench_urls")
def test_the_floor_is_the_empty_base_layout_for_a_signed_in_user(client):
    student = StudentProfileFactory()
    assert client.get(FLOOR).status_code == 302  # signed out: to the login, as the site's pages do

    client.force_login(student.user)
    response = client.get(FLOOR)

    assert response.status_code == 200
    assert [template.name for template in response.templates] == [
        "base.html",
        "partials/nav.html",
        "partials/messages.html",
    ]
    assert b'aria-label="Main"' in response.content and b"Log out" in response.content


def test_the_bench_settings_are_productions_on_plain_http_localhost():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.bench"}
    env.pop("DJANGO_SECRET_KEY", None)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.DEBUG, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.ROOT_URLCONF, "
        "s.SECRET_KEY.startswith('bench-throwaway-'), s.X_FRAME_OPTIONS, "
        "s.STORAGES['staticfiles']['BACKEND']]))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        False,
        ["localhost", "127.0.0.1"],
        False,
        False,
        "demo.bench_urls",
        True,
        "DENY",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


@pytest.mark.django_db
def test_a_made_session_signs_the_student_in_under_the_servers_secret(client):
    student = StudentProfileFactory(skills=[SkillFactory()])
    secret = "bench-throwaway-for-this-test"
    _, cookie = session_cookie(student.user, secret=secret)
    name, key = cookie.split("=")
    client.cookies[name] = key

    with override_settings(SECRET_KEY=secret):
        assert client.get("/students/dashboard/").status_code == 200
    with override_settings(SECRET_KEY="another-secret"):  # the session's hash no longer verifies
        assert client.get("/students/dashboard/").status_code == 302


@pytest.mark.django_db
def test_seeding_the_applicants_twice_adds_them_once():
    skill = SkillFactory()
    employer = EmployerFactory(slug="bench-employer-0")
    project = ProjectFactory(
        employer=employer, published=True, title="Bench project 7", required_skills=[skill]
    )
    sharing = [StudentProfileFactory(user__email=f"s{n}@bench.example", skills=[skill]) for n in range(3)]
    others = [StudentProfileFactory(user__email=f"o{n}@bench.example") for n in range(3)]

    user, chosen = seed_applicants(count=4)
    again, chosen_again = seed_applicants(count=4)

    assert (user, chosen) == (again, chosen_again) == (user, project)
    assert user.email == EMPLOYER_EMAIL
    assert EmployerMember.objects.get(user=user).employer == employer
    applicants = set(Application.objects.filter(project=project).values_list("student", flat=True))
    assert len(applicants) == 4
    assert {s.pk for s in sharing} < applicants and len(applicants & {s.pk for s in others}) == 1


def test_the_database_url_names_the_bench_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mk?sslmode=disable")
    assert (
        database_url("mk_bench_matching")
        == "postgres://postgres@127.0.0.1:5432/mk_bench_matching?sslmode=disable"
    )


WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8000/bench/bare/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.10ms    1.20ms  20.00ms   90.00%
    Req/Sec     0.98k   100.00     1.10k    70.00%
  Latency Distribution
     50%  850.00us
     75%    4.50ms
     90%    5.00ms
     99%    1.20s
  1960 requests in 1.00s, 500.00KB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:   1958.00
Transfer/sec:    500.00KB
"""


def test_wrk_output_is_read_in_milliseconds_with_its_errors():
    result = loadgen.parse_wrk(WRK_OUTPUT)

    assert (result.requests, result.seconds, result.p50_ms, result.p99_ms) == (1960, 1.0, 0.85, 1200.0)
    assert result.errors == 6
    assert result.per_second == 1960


def test_the_table_shows_each_page_as_a_share_of_the_bare_view_and_of_the_floor():
    bare = loadgen.LoadResult(requests=2000, seconds=1.0, p50_ms=3.0, p99_ms=9.0, load=(1.5, 1.75))
    floor = loadgen.LoadResult(requests=1000, seconds=1.0, p50_ms=6.0, p99_ms=12.0, load=(1.75, 1.75))
    page = loadgen.LoadResult(
        requests=500, seconds=1.0, p50_ms=14.0, p99_ms=1500.0, errors=2, load=(1.75, 2.0)
    )

    table = loadgen.format_table(
        [("bare JSON view", bare, None, None), ("floor", floor, bare, floor), ("search", page, bare, floor)]
    ).splitlines()

    assert table[0] == (
        "| page | req/s | p50 | p99 | share of bare | share of floor | errors | load start/end |"
    )
    assert table[2] == "| bare JSON view | 2,000.0 | 3.0 ms | 9.0 ms | 100% | — | 0 | 1.50/1.75 |"
    assert table[3] == "| floor | 1,000.0 | 6.0 ms | 12.0 ms | 50.0% | 100.0% | 0 | 1.75/1.75 |"
    assert table[4] == "| search | 500.0 | 14.0 ms | 1.50 s | 25.0% | 50.0% | 2 | 1.75/2.00 |"


@pytest.fixture
def bench_bare_url(live_server, settings) -> str:
    settings.ROOT_URLCONF = "demo.bench_urls"
    return f"{live_server.url}{BARE}"


def test_the_python_load_generator_measures_a_live_server(bench_bare_url):
    result = loadgen.measure(bench_bare_url, seconds=1, connections=2)

    assert result.requests > 0 and result.errors == 0
    assert 0 < result.p50_ms <= result.p99_ms
    assert 0.9 < result.seconds < 10
    assert all(value >= 0 for value in result.load)


def test_the_python_load_generator_counts_error_answers(live_server):
    result = loadgen.run_python(f"{live_server.url}/no-such-page/", seconds=1, connections=2)

    assert result.requests > 0 and result.errors == result.requests


@pytest.mark.skipif(loadgen.wrk_path() is None, reason="wrk is not installed (apt-get install wrk)")
def test_wrk_measures_a_live_server(bench_bare_url):
    result = loadgen.measure(bench_bare_url, seconds=1, connections=2, wrk=loadgen.wrk_path())

    assert result.requests > 0 and result.errors == 0
    assert 0 < result.p50_ms <= result.p99_ms


def _process_group(group: int) -> list[str]:
    listing = subprocess.run(["ps", "-o", "pid=", "-g", str(group)], capture_output=True, text=True)
    return listing.stdout.split()


def test_gunicorn_is_stopped_with_its_workers_even_when_the_run_fails(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.bench"}
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with (
        pytest.raises(RuntimeError, match="interrupted"),
        gunicorn(env=env, port=port, workers=2, log=log) as server,
    ):
        assert server.url == f"http://127.0.0.1:{port}"
        result = loadgen.run_python(f"{server.url}{BARE}", seconds=1, connections=2)
        assert result.requests > 0 and result.errors == 0
        assert len(_process_group(server.process_group)) == 3  # the master and two workers
        raise RuntimeError("interrupted")

    assert _process_group(server.process_group) == []
