"""Guards on the bundled content itself: sources, review dates, no public placeholders, law."""

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from catalog.models import PublicationState, Resource, ResourceKind

CATALOGUE = json.loads((settings.BASE_DIR / "content" / "catalogue.json").read_text("utf-8"))
CHECKED = date(2026, 12, 2)
VORLAGEN = settings.BASE_DIR / "content" / "vorlagen"
STATIC_VORLAGEN = settings.BASE_DIR / "static" / "vorlagen"
DISCLAIMER = (
    "Muster ohne Gewähr – keine Rechtsberatung; vor Verwendung mit der "
    "Rechtsaufsichtsbehörde abstimmen."
)  # the date the bundled facts were last checked against their sources


def published(items):
    return [item for item in items if item.get("publication_state", "published") == "published"]


@pytest.mark.parametrize(
    "example", published(CATALOGUE["practice_examples"]), ids=lambda e: e["slug"]
)
def test_every_public_example_has_sources_and_a_real_review_date(example):
    assert example["sources"], "no source"
    assert all(url.startswith(("http://", "https://")) for url in example["sources"])
    reviewed = date.fromisoformat(example["last_reviewed"])
    assert reviewed <= CHECKED


@pytest.mark.parametrize("resource", published(CATALOGUE["resources"]), ids=lambda r: r["slug"])
def test_no_public_resource_is_a_placeholder(resource):
    url = resource["url"]
    if url.startswith("/static/"):  # a file the project ships
        assert (settings.BASE_DIR / "static" / url.removeprefix("/static/")).is_file(), url
    else:
        assert url.startswith(("http://", "https://")), url
    if resource["kind"] in ("funding", "template"):  # facts and law that age
        assert resource.get("last_reviewed"), "no review date"


@pytest.mark.parametrize(
    "item",
    published(CATALOGUE["measures"]) + published(CATALOGUE["glossary"]),
    ids=lambda i: i["slug"],
)
def test_every_measure_and_term_names_a_source_or_is_editorial(item):
    sources = item.get("sources") or ([item["source_url"]] if item.get("source_url") else [])
    assert sources or item.get("basis") == "proposal" or item.get("editorial"), "no source"
    if item.get("last_reviewed"):
        assert date.fromisoformat(item["last_reviewed"]) <= CHECKED


def test_the_bundle_states_the_law_as_checked():
    text = json.dumps(CATALOGUE, ensure_ascii=False)
    assert "§ 1 SächsVwVfG " not in text  # repealed in 2010; today: § 1 SächsVwVfZG
    assert "standesamtsbezirk" not in {f["slug"] for f in CATALOGUE["cooperation_forms"]}
    forms = {e["slug"]: e["cooperation_form"] for e in CATALOGUE["practice_examples"]}
    for slug, form in forms.items():
        if "standesamt" in slug:
            assert form.startswith("zv-"), slug  # formed by a Zweckvereinbarung
    prose = re.sub(r"https?://[^\s\"\)]+", "", text)  # addresses are quoted as published
    assert "Rathaus-Cloud" not in prose  # one spelling: RathausCloud (eG)


@pytest.mark.django_db
def test_placeholders_are_loaded_as_drafts_and_stay_out_of_the_list(client):
    call_command("load_content", stdout=StringIO())
    drafts = Resource.objects.filter(url="", file="")
    assert drafts.exists()
    assert not drafts.filter(publication_state=PublicationState.PUBLISHED).exists()
    page = client.get("/werkzeuge/").content.decode()
    for resource in drafts:
        assert resource.title not in page


def test_a_resource_without_file_or_address_cannot_be_published():
    resource = Resource(
        kind=ResourceKind.TEMPLATE,
        title="Muster",
        slug="muster",
        publication_state=PublicationState.PUBLISHED,
    )
    with pytest.raises(ValidationError, match="in Vorbereitung"):
        resource.clean()


@pytest.mark.parametrize("stem", sorted(p.stem for p in VORLAGEN.glob("*.md")))
def test_every_template_opens_as_docx_and_odt_and_carries_the_disclaimer(stem):
    from docx import Document
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    docx_text = [p.text for p in Document(str(STATIC_VORLAGEN / f"{stem}.docx")).paragraphs]
    assert DISCLAIMER in docx_text
    assert len(docx_text) > 10
    odt = load(str(STATIC_VORLAGEN / f"{stem}.odt"))
    odt_text = [teletype.extractText(p) for p in odt.getElementsByType(P)]
    assert DISCLAIMER in odt_text
    # the office files are generated from the Markdown source and kept in step with it
    source = (VORLAGEN / f"{stem}.md").read_text(encoding="utf-8")
    assert all(line.lstrip("#- ").strip() in source for line in docx_text if line)


def test_the_template_command_rebuilds_identical_text(tmp_path, monkeypatch):
    from docx import Document

    from catalog.management.commands import build_templates

    monkeypatch.setattr(build_templates, "TARGET_DIR", tmp_path)
    call_command("build_templates", stdout=StringIO())
    for shipped in STATIC_VORLAGEN.glob("*.docx"):
        rebuilt = tmp_path / shipped.name
        assert [p.text for p in Document(str(rebuilt)).paragraphs] == [
            p.text for p in Document(str(shipped)).paragraphs
        ], shipped.name


@pytest.mark.django_db
def test_the_contacts_page_is_linked_from_every_page_and_names_every_landratsamt(client):
    call_command("load_content", stdout=StringIO())
    start = client.get("/").content.decode()
    assert 'href="/kontakte/"' in start  # footer link, on every page
    page = client.get("/kontakte/").content.decode()
    for district in (
        "Bautzen",
        "Erzgebirgskreis",
        "Görlitz",
        "Landkreis Leipzig",
        "Meißen",
        "Mittelsachsen",
        "Nordsachsen",
        "Sächsische Schweiz-Osterzgebirge",
        "Vogtlandkreis",
        "Zwickau",
    ):
        assert f"Landratsamt {district}" in page, district
    assert page.count("Internetseite") >= 10  # an official website for every Rechtsaufsicht
