import io
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from submissions.forms import sign_start
from tests.conftest import make_cooperation_form, make_district, make_measure, make_municipality

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="bericht.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="beschluss.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/msword")


@pytest.fixture(autouse=True)
def _isolated_files_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def places(db):
    """Two districts with municipalities, a cooperation form and two published measures."""
    north, south = make_district(name="Nordkreis"), make_district(name="Südkreis")
    return {
        "bad_elster": make_municipality(district=south, name="Bad Elster", ags="14523010"),
        "adorf": make_municipality(district=south, name="Adorf", ags="14523020"),
        "hoyerswerda": make_municipality(district=north, name="Hoyerswerda", ags="14625240"),
        "merged": make_municipality(district=north, name="Altgemeinde", is_active=False),
        "form": make_cooperation_form(name="Zweckvereinbarung", slug="zweckvereinbarung"),
        "measure": make_measure(title="Gemeinsames Bürgerportal", slug="buergerportal"),
        "other_measure": make_measure(title="Gemeinsame E-Akte", slug="e-akte"),
    }


@pytest.fixture
def form_data(places):
    """A complete, valid submission as a browser would post it, shown a minute ago."""
    return {
        "title": "Gemeinsames Bürgerportal im Vogtland",
        "municipalities": [places["bad_elster"].pk, places["adorf"].pk],
        "other_partners": "Vogtlandkreis",
        "cooperation_form": places["form"].pk,
        "measures": [places["measure"].pk],
        "start_year": "2021",
        "end_year": "2023",
        "description": "Zwei Gemeinden betreiben ein gemeinsames Bürgerportal.",
        "results": "Anträge sind online möglich.",
        "link_1": "https://www.bad-elster.de/portal",
        "link_2": "adorf.de/buergerportal",
        "link_3": "",
        "contact_organisation": "Stadtverwaltung Bad Elster",
        "contact_person": "Erika Muster",
        "contact_email": "erika.muster@example.org",
        "contact_phone": "037437 123",
        "contact_consent": "on",
        "privacy": "on",
        "homepage": "",
        "started": sign_start(time.time() - 60),
    }


@pytest.fixture
def moderator(django_user_model):
    """A member of the editorial team: submissions and practice examples, no publishing."""
    user = django_user_model.objects.create_user(
        username="moderatorin", password="geheim-genug-123", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["submissions", "practice"]).exclude(
            codename__startswith="publish_"
        )
    )
    return user


@pytest.fixture
def moderator_client(moderator):
    browser = Client()
    browser.force_login(moderator)
    return browser
