"""check_links against a local HTTP server (ok, 404, timeout) and with the network gone."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from unittest import mock
from urllib.error import URLError

import pytest
from django.core.management import call_command
from django.utils import timezone

from editorial.links import collect_urls
from editorial.models import LinkCheck
from practice.models import ExampleLink
from tests.conftest import make_example, make_measure, make_resource

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body):
        if self.path == "/langsam":
            time.sleep(1.5)
        if self.path == "/kein-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in {"/gut", "/langsam", "/kein-head"}:
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def run(*args):
    out = StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue()


def test_it_collects_urls_from_url_fields_sources_and_example_links():
    make_resource(url="https://example.org/werkzeug")
    make_measure(sources="https://example.org/quelle\n\nhttps://example.org/zweite")
    example = make_example(title="Bauhof")
    ExampleLink.objects.create(example=example, title="Projekt", url="https://example.org/link")
    found = collect_urls()
    assert set(found) == {
        "https://example.org/werkzeug",
        "https://example.org/quelle",
        "https://example.org/zweite",
        "https://example.org/link",
    }
    assert found["https://example.org/link"] == ["Weblink „Projekt“"]


def test_it_checks_ok_missing_and_slow_links(server):
    make_resource(url=f"{server}/gut")
    make_measure(sources=f"{server}/fehlt\n{server}/langsam\n{server}/kein-head")
    output = run("--timeout", "0.5", "--workers", "2")

    results = {check.url.removeprefix(server): check for check in LinkCheck.objects.all()}
    assert results["/gut"].is_ok and results["/gut"].status_code == 200
    assert results["/kein-head"].is_ok  # HEAD refused, GET answered
    assert not results["/fehlt"].is_ok and results["/fehlt"].status_code == 404
    assert not results["/langsam"].is_ok and results["/langsam"].status_code is None
    assert "keine Antwort innerhalb von 0.5 s" in results["/langsam"].error
    assert results["/fehlt"].found_in.startswith("Maßnahme „")
    assert "[4/4]" in output
    assert "Fertig: 2 erreichbar, 1 defekt, 1 nicht erreichbar." in output


def test_dry_run_reports_but_stores_nothing(server):
    make_resource(url=f"{server}/fehlt")
    output = run("--dry-run")
    assert "defekt 404" in output
    assert "Probelauf: nichts gespeichert." in output
    assert LinkCheck.objects.count() == 0


def test_offline_it_reports_unreachable_links_and_keeps_the_last_results():
    make_resource(url="https://example.org/irgendwo")
    make_measure(sources="https://example.com/quelle")
    earlier = LinkCheck.objects.create(
        url="https://example.org/irgendwo", status_code=200, is_ok=True, checked_at=timezone.now()
    )
    with mock.patch(
        "editorial.links.urlopen",
        side_effect=URLError("[Errno -3] Temporary failure in name resolution"),
    ):
        output = run()
    assert "[2/2] https://example" in output
    assert "nicht erreichbar: [Errno -3]" in output
    assert "Fertig: 0 erreichbar, 0 defekt, 2 nicht erreichbar." in output
    assert "Nichts gespeichert, die letzten Ergebnisse bleiben." in output
    assert list(LinkCheck.objects.all()) == [earlier]
    earlier.refresh_from_db()
    assert earlier.is_ok


def test_a_closed_port_is_unreachable_not_an_error(server):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    make_resource(url=f"http://127.0.0.1:{port}/")
    make_resource(url=f"{server}/gut")
    run("--timeout", "1")
    check = LinkCheck.objects.get(url=f"http://127.0.0.1:{port}/")
    assert not check.is_ok
    assert check.status_code is None
    assert "nicht erreichbar" in check.error


def test_results_of_links_no_longer_in_the_content_are_dropped(server):
    resource = make_resource(url=f"{server}/gut")
    run()
    resource.url = f"{server}/fehlt"
    resource.save()
    run()
    assert list(LinkCheck.objects.values_list("url", flat=True)) == [f"{server}/fehlt"]


def test_bad_options_are_refused_with_a_german_message():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--workers mindestens 1"):
        run("--workers", "0")
