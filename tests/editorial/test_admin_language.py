"""The admin speaks German: every page of every content model, walked as the editor-in-chief.

For each registered model the test opens the change list, the add form, the change form of an
object that has a history with a real change, the history page and – where the model has them –
import and export, and fails on English UI words in the visible text and in the attributes a
screen reader reads (``title``, ``aria-label``, ``placeholder``, button values).
"""

import contextlib
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from catalog.models import Measure
from practice.models import CooperationForm
from tests.browser.test_accessibility import build_catalogue

pytestmark = pytest.mark.django_db

# Words and fragments that only an English (or untranslated) UI would show. Matched as whole
# words, case-sensitive, so German words that contain them ("Filterung") do not count.
ENGLISH = [
    "Select all",
    "Lessons Learned",
    "Federal State",
    "Is Demo",
    "Taggit",
    "TAGGIT",
    "Axes",
    "AXES",
    "Merge selected",
    "chars]",
    "Changes",
    "None",
    "Search",
    "Filter by",
    "Save",
    "Delete",
    "History",
    "Changed",
    "Created",
    "Date/time",
    "Please",
    "selected",
    "Django",
    "Welcome",
    "Log out",
    "View site",
    "klicke",
    "+00:00",
    "tags",
]
ATTRIBUTES = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')
BUTTON_VALUES = re.compile(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"')


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<option\b[^>]*>", " ", html)
    readable = ATTRIBUTES.findall(html) + BUTTON_VALUES.findall(html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split() + readable)


def english_words(text: str) -> list[str]:
    return [
        word
        for word in ENGLISH
        if re.search(r"(?<![\wÄÖÜäöüß])" + re.escape(word) + r"(?![\wÄÖÜäöüß])", text)
    ]


def admin_pages() -> dict[str, str]:
    pages = {"index": reverse("admin:index")}
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        pages[f"{info} list"] = reverse(f"admin:{info}_changelist")
        pages[f"{info} add"] = reverse(f"admin:{info}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages[f"{info} change"] = reverse(f"admin:{info}_change", args=[obj.pk])
            pages[f"{info} history"] = reverse(f"admin:{info}_history", args=[obj.pk])
        for extra in ("import", "export"):
            with contextlib.suppress(NoReverseMatch):  # only models with import/export
                pages[f"{info} {extra}"] = reverse(f"admin:{info}_{extra}")
    return pages


@pytest.fixture
def catalogue_with_history():
    build_catalogue()
    measure = Measure.objects.get(slug="gemeinsame-e-akte")
    measure.summary = "Eine neue, deutlich längere Kurzbeschreibung " * 12
    measure.last_reviewed = timezone.localdate() - timedelta(days=3)
    measure.save()
    form = CooperationForm.objects.first()
    form.explanation = "Geänderte Erläuterung"
    form.save()


def test_no_admin_page_shows_english_words(admin_client, catalogue_with_history):
    found = {}
    pages = admin_pages()
    for name, url in pages.items():
        response = admin_client.get(url)
        if response.status_code == 403:
            continue  # a model without that view (e.g. no adding of log entries)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        words = english_words(visible_text(response.content.decode()))
        if words:
            found[name] = words
    assert len(pages) > 60
    assert found == {}


def test_history_shows_german_dates_and_shortened_texts(admin_client, catalogue_with_history):
    measure = Measure.objects.get(slug="gemeinsame-e-akte")
    response = admin_client.get(reverse("admin:catalog_measure_history", args=[measure.pk]))
    content = response.content.decode()
    assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", content)
    assert "Zeichen …]" in content
    assert "chars]" not in content


def test_the_admin_is_branded(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "IKZ-Katalog – Redaktion" in content
    assert "css/admin.css" in content
    assert "Schlagwörter" in content
    assert "Anmeldeschutz" in content
