import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ikz.env import database_from_url, env_bool, env_int, env_list

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "ikz-katalog.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://ikz-katalog.example.org",
    "DATABASE_URL": "sqlite:///var/deploy-check.sqlite3",
}


def run_manage(env_overrides, *args):
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_reads_booleans_strictly(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "vielleicht")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_it_rejects_non_numbers(monkeypatch):
    monkeypatch.setenv("PORT_NUMBER", "zwölf")
    with pytest.raises(ImproperlyConfigured, match="PORT_NUMBER"):
        env_int("PORT_NUMBER", 1)


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example ,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_it_parses_database_urls(tmp_path):
    pg = database_from_url(
        "postgres://ikz:p%40ss@db.local:5433/katalog?sslmode=require", base_dir=tmp_path
    )
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "katalog",
        "ikz",
        "p@ss",
        "db.local",
        "5433",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    relative = database_from_url("sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert relative["NAME"] == str(tmp_path / "var/db.sqlite3")
    absolute = database_from_url("sqlite:////srv/ikz.sqlite3", base_dir=tmp_path)
    assert absolute["NAME"] == "/srv/ikz.sqlite3"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/ikz",
        "postgres://localhost/",
        "postgres://h:notaport/db",
        "sqlite://",
    ],
)
def test_it_refuses_unusable_database_urls(url, tmp_path):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, base_dir=tmp_path)


def test_dates_numbers_and_plurals_render_in_german_in_berlin_time():
    from datetime import UTC, datetime

    from django.template import Context, Template

    template = Template(
        '{% load humanize %}{{ moment|date:"j. F Y, H:i" }} · {{ big|intcomma }} · '
        "{{ moment|timesince:later }}"
    )
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Berlin
    later = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    rendered = template.render(Context({"moment": moment, "later": later, "big": 12345}))
    assert rendered == "2. März 2026, 00:30 · 12.345 · 3\xa0Tage"


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_SECRET_KEY"]
    result = run_manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_deploy_check_reports_no_warnings_with_production_settings():
    result = run_manage(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
