"""The guide page: chapters, method, glossary, fields and published downloads."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog.models import PublicationState
from pages.models import Download, DownloadKind
from tests.conftest import (
    make_field,
    make_glossary_term,
    make_page,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_guide_page_shows_chapters_method_glossary_and_fields(client, editor_client):
    make_glossary_term(term="Interkommunale Zusammenarbeit", slug="ikz")
    make_glossary_term(term="Unveröffentlicht", publication_state=PublicationState.DRAFT)
    make_field(title="Strategie und Steuerung")
    make_page(slug="methode", title="Methodischer Ansatz", summary="Wie wir vorgingen.")
    for browser in (client, editor_client):
        content = text(browser.get(reverse("catalog:guide")))
        assert "Kapitel 1" in content and "Kapitel 3" in content and "Anhang" in content
        assert 'id="begriff-ikz"' in content
        assert "Unveröffentlicht" not in content
        assert "Strategie und Steuerung" in content
        assert "Wie wir vorgingen." in content
        assert 'href="/methode/"' in content


def test_guide_page_offers_uploaded_downloads_only_when_published(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    download = Download(kind=DownloadKind.GUIDE, title="Leitfaden als PDF")
    download.file.save("leitfaden.pdf", ContentFile(b"%PDF-1.4"), save=False)
    download.save()
    assert "Leitfaden als PDF" not in text(client.get(reverse("catalog:guide")))
    download.publication_state = PublicationState.PUBLISHED
    download.save()
    content = text(client.get(reverse("catalog:guide")))
    assert "Leitfaden als PDF" in content
    assert "(PDF)" in content
    assert download.file.url in content


@pytest.mark.parametrize("terms", [10, 200])
def test_guide_page_query_count_does_not_grow(client, django_assert_num_queries, terms):
    for _ in range(terms):
        make_glossary_term()
        make_field()
    # fields, method page, glossary, downloads
    with django_assert_num_queries(4):
        client.get(reverse("catalog:guide"))
