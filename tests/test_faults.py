"""Faults: the database goes away and comes back.

In-process tests (every run) simulate a failing database query; the PostgreSQL test starts a
throwaway cluster, runs the app under gunicorn against it, stops the cluster, sees the German
503 page and ``/healthz`` reporting it, starts the cluster again and sees the same gunicorn
serve pages again, without a restart.
"""

import http.client
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import OperationalError
from django.urls import reverse

from catalog import views as catalog_views
from tests.conftest import make_field

ROOT = Path(__file__).resolve().parent.parent
TRACEBACK_MARKERS = ("Traceback", 'File "/', "OperationalError", "psycopg")


def assert_friendly_503(status: int, body: str):
    assert status == 503
    assert "Der IKZ-Katalog ist gerade nicht erreichbar" in body
    assert '<html lang="de">' in body
    for marker in TRACEBACK_MARKERS:
        assert marker not in body


# -- in process ----------------------------------------------------------------------------------


@pytest.fixture
def broken_database(monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(catalog_views.HomeView, "get_context_data", fail)
    monkeypatch.setattr(catalog_views.HomeView, "post", fail, raising=False)


@pytest.mark.django_db
def test_a_failing_database_gives_the_german_maintenance_page(client, broken_database):
    response = client.get(reverse("catalog:home"))

    assert_friendly_503(response.status_code, response.content.decode())
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_form_input_sent_during_an_outage_comes_back(client, broken_database):
    text = "Unsere Gemeinden betreiben <b>gemeinsam</b> einen Bauhof – seit 2019."

    response = client.post(
        reverse("catalog:home"),
        {"beschreibung": text, "name": "Amt Müglitztal", "password": "geheim-123456"},
    )

    body = response.content.decode()
    assert_friendly_503(response.status_code, body)
    assert "Ihre Eingaben wurden noch nicht gespeichert" in body
    assert "Unsere Gemeinden betreiben &lt;b&gt;gemeinsam&lt;/b&gt; einen Bauhof" in body
    assert "Amt Müglitztal" in body
    assert "geheim-123456" not in body
    assert '<button type="submit">Erneut senden</button>' in body


@pytest.fixture
def database_down(monkeypatch):
    """Every SQL statement fails as if PostgreSQL had gone away."""
    from django.db.backends import utils

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def switch_off():
        monkeypatch.setattr(utils.CursorWrapper, "execute", fail)
        monkeypatch.setattr(utils.CursorWrapper, "executemany", fail)

    return switch_off


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/massnahmen/", "/api/v1/praxisbeispiele/"])
def test_the_api_answers_503_as_json_during_an_outage(client, database_down, url):
    database_down()

    response = client.get(url)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Der IKZ-Katalog ist vorübergehend nicht erreichbar."}
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_a_practice_example_report_sent_during_an_outage_is_given_back(client, database_down):
    url = reverse("submissions:form")
    report = {
        "title": "Gemeinsamer Winterdienst im Erzgebirge",
        "description": "Drei Gemeinden teilen sich seit 2021 Räumfahrzeuge und Personal.",
        "contact_email": "bauamt@example.org",
    }
    database_down()

    response = client.post(url, report)

    body = response.content.decode()
    assert_friendly_503(response.status_code, body)
    assert "Ihre Eingaben wurden noch nicht gespeichert" in body
    for value in report.values():
        assert value in body
    assert f'action="{url}"' in body


@pytest.mark.django_db
def test_other_errors_are_not_disguised_as_maintenance(client, monkeypatch):
    def fail(*args, **kwargs):
        raise ValueError("kaputt")

    monkeypatch.setattr(catalog_views.HomeView, "get_context_data", fail)
    client.raise_request_exception = False

    assert client.get(reverse("catalog:home")).status_code == 500


@pytest.mark.django_db
def test_health_reports_the_database(client):
    make_field()
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True


def test_liveness_needs_no_database(client):
    response = client.get(reverse("health-live"))

    assert response.status_code == 200
    assert response.content == b"ok"


# -- a real PostgreSQL that stops and starts -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


class Cluster:
    """A private PostgreSQL cluster in a temp directory, run as the ``postgres`` system user."""

    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command):
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, timeout=60)

    def init(self):
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        self.run(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-N")

    def start(self):
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l",
            str(self.base / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self):
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str):
        self.run(
            pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )


class Browser:
    """Just enough HTTP client: keeps cookies, never follows redirects."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text


@pytest.fixture
def throwaway_cluster():
    if not (pg_bin("initdb") and pg_bin("pg_ctl")):
        pytest.skip("initdb/pg_ctl nicht gefunden")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("runuser fehlt")
    base = Path(tempfile.mkdtemp(prefix="ikz-fault-"))
    cluster = Cluster(base)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        subprocess.run(
            [*cluster.as_postgres, pg_bin("pg_ctl"), "-D", str(cluster.data), "-m", "immediate",
             "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def app_on_cluster(throwaway_cluster):
    cluster = throwaway_cluster
    cluster.create_database("ikz_fault")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/ikz_fault",
        "DJANGO_DEBUG": "true",  # no collectstatic needed; the 503 page must not depend on it
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    subprocess.run(
        [python, "manage.py", "shell", "-c",
         "from tests.conftest import make_field; make_field(title='Organisation und Steuerung')"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    port = free_port()
    pidfile = cluster.base / "gunicorn.pid"
    log = open(cluster.base / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "ikz.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--no-control-socket", "--pid", str(pidfile)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    browser = Browser(port)
    try:
        for _ in range(100):
            try:
                if browser.request("GET", "/healthz/live")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn startete nicht")
        yield cluster, server, browser
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        log.close()


@pytest.mark.postgres
def test_outage_gives_503_and_service_resumes_without_restart(app_on_cluster):
    cluster, server, browser = app_on_cluster
    status, body = browser.request("GET", "/")
    assert status == 200 and "Organisation und Steuerung" in body
    status, body = browser.request("GET", "/admin/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    cluster.stop()

    status, body = browser.request("GET", "/")
    assert_friendly_503(status, body)
    status, body = browser.request("GET", "/praxisbeispiele/")
    assert_friendly_503(status, body)
    status, body = browser.request("GET", "/healthz")
    assert status == 503
    assert '"database": {"ok": false' in body
    assert browser.request("GET", "/healthz/live")[0] == 200
    status, body = browser.request(
        "POST",
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "redakteurin", "password": "sehr-geheim-99"},
    )
    assert_friendly_503(status, body)
    assert "redakteurin" in body and "sehr-geheim-99" not in body

    cluster.start()

    statuses = []
    for _ in range(20):
        status, body = browser.request("GET", "/")
        statuses.append(status)
        if status == 200:
            break
        time.sleep(0.25)
    assert statuses[-1] == 200, statuses
    assert "Organisation und Steuerung" in body
    assert len(statuses) <= 2, f"erst nach {len(statuses)} Anfragen wieder da: {statuses}"
    assert browser.request("GET", "/healthz")[0] == 200
    assert server.poll() is None, "derselbe gunicorn-Prozess bedient weiter"
