"""The bundled content: loaded completely, twice without change, and not at all in a dry run."""

import json
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from catalog.models import Actor, FieldOfAction, GlossaryTerm, Measure, PublicationState, Resource
from pages.models import Page
from practice.models import CooperationForm, District, Municipality, PracticeExample

pytestmark = pytest.mark.django_db

CONTENT_DIR = settings.BASE_DIR / "content"


def load(*args) -> str:
    out = StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            District,
            Municipality,
            CooperationForm,
            Actor,
            FieldOfAction,
            Measure,
            Resource,
            GlossaryTerm,
            PracticeExample,
            Page,
        )
    }


def test_it_loads_the_whole_catalogue():
    load()
    loaded = counts()
    assert loaded["District"] == 13
    assert loaded["Municipality"] == 419
    assert loaded["FieldOfAction"] == 7
    assert loaded["Measure"] == 37
    assert loaded["PracticeExample"] >= 20
    assert PracticeExample.objects.in_saxony().count() >= 20
    assert loaded["CooperationForm"] >= 9
    assert loaded["GlossaryTerm"] >= 4
    assert loaded["Resource"] >= 15
    assert {"ueber-diesen-katalog", "impressum", "datenschutz", "barrierefreiheit"} <= set(
        Page.objects.values_list("slug", flat=True)
    )
    assert not FieldOfAction.objects.exclude(publication_state=PublicationState.PUBLISHED).exists()
    # Every practice example names its sources, and no one is named as a contact.
    for example in PracticeExample.objects.all():
        assert example.source_urls, example.slug
        assert all(url.startswith(("http://", "https://")) for url in example.source_urls)
    assert not PracticeExample.objects.exclude(contact_person="").exists()
    assert not PracticeExample.objects.exclude(contact_email="").exists()
    # Municipality names and districts come from Destatis.
    wurzen = Municipality.objects.select_related("district").get(ags="14729410")
    assert wurzen.name == "Wurzen"
    assert wurzen.district.name == "Landkreis Leipzig"
    assert Municipality.objects.filter(district__key="14521").count() == 59
    assert Municipality.objects.values("slug").distinct().count() == 419


def test_running_it_twice_changes_nothing():
    load()
    before = counts()
    output = load()
    assert counts() == before
    assert " 0 neu" in output
    assert "Praxisbeispiele: 0 neu, 0 aktualisiert" in output


def edit_as(user, obj, **changes):
    """Save like the admin does: the history records who changed it."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def corrected_content(tmp_path, change) -> str:
    corrected = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, corrected)
    data = json.loads((corrected / "catalogue.json").read_text(encoding="utf-8"))
    change(data)
    (corrected / "catalogue.json").write_text(json.dumps(data), encoding="utf-8")
    return str(corrected)


def test_it_keeps_editors_changes_on_a_plain_run(django_user_model):
    load()
    editor = django_user_model.objects.create_user("redaktion")
    measure = Measure.objects.order_by("pk").first()
    edit_as(editor, measure, title="Von der Redaktion geändert")
    load()
    measure.refresh_from_db()
    assert measure.title == "Von der Redaktion geändert"


def test_update_brings_corrections_in_and_keeps_what_editors_changed(tmp_path, django_user_model):
    load()
    editor = django_user_model.objects.create_user("redaktion")
    edited, untouched = Measure.objects.order_by("pk")[:2]
    edit_as(editor, edited, title="Von der Redaktion geändert")

    def correct(data):
        for item in data["measures"]:
            if item["slug"] in (edited.slug, untouched.slug):
                item["title"] = "Korrigierter Titel " + item["slug"]
                item["summary"] = "Korrigierte Kurzfassung."

    output = load("--update", "--source", corrected_content(tmp_path, correct))

    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.title == "Von der Redaktion geändert"  # the editor's field stays
    assert edited.summary == "Korrigierte Kurzfassung."  # the field nobody touched is corrected
    assert untouched.title == f"Korrigierter Titel {untouched.slug}"
    assert f"beibehalten: Maßnahmen {edited.slug}: title" in output
    assert edited.history.first().history_user is None  # the loader's save is its own record


def test_update_leaves_relations_of_edited_items_alone(tmp_path, django_user_model):
    load()
    editor = django_user_model.objects.create_user("redaktion")
    example = PracticeExample.objects.get(slug="standesamtsbezirk-bautzen-goeda")
    edit_as(editor, example, summary="Redaktionelle Fassung.")
    example.tags.set(["Von der Redaktion"])

    def correct(data):
        for item in data["practice_examples"]:
            if item["slug"] == example.slug:
                item["tags"] = ["Neu aus dem Paket"]

    load("--update", "--source", corrected_content(tmp_path, correct))
    assert list(example.tags.names()) == ["Von der Redaktion"]


def test_a_second_update_changes_nothing():
    load()
    load("--update")
    output = load("--update")
    counted = [line for line in output.splitlines() if "aktualisiert" in line]
    assert counted and all(", 0 aktualisiert," in line for line in counted), output
    assert "beibehalten" not in output


def test_dry_run_saves_nothing():
    output = load("--dry-run")
    assert "Probelauf" in output
    assert "Maßnahmen: 37 neu" in output
    assert set(counts().values()) == {0}


def test_broken_content_is_refused_as_a_whole(tmp_path):
    broken = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, broken)
    data = json.loads((broken / "catalogue.json").read_text(encoding="utf-8"))
    data["practice_examples"][-1]["measures"] = ["gibt-es-nicht"]
    (broken / "catalogue.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="gibt-es-nicht"):
        load("--source", str(broken))
    assert set(counts().values()) == {0}


def test_the_back_office_sheet_links_the_rechtsaufsicht_contacts(client):
    load()
    page = client.get("/massnahmen/back-office-buendelung-mandatierende-zweckvereinbarung/")
    steps = page.content.decode().split('id="schritte"', 1)[1]
    assert 'href="/kontakte/"' in steps.split("</section>", 1)[0]
