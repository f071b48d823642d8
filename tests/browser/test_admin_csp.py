"""The admin works under the site's Content-Security-Policy (no 'unsafe-inline'): the ``page``
fixture fails a test on any CSP report in the console; these tests drive the admin's scripts."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalog.models import Measure
from editorial.models import PendingChange
from practice.models import PracticeExample
from tests.browser.test_accessibility import build_catalogue
from tests.browser.test_admin_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_page_select2_and_import_preview_run_without_inline_code(
    live_server, page, admin_user
):
    build_catalogue()
    measure = Measure.objects.get(slug="gemeinsame-e-akte")
    change = PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(Measure),
        object_id=measure.pk,
        item_label=str(measure),
        data={"summary": "Erste Zeile\nzweite Zeile"},
        base={"summary": measure.summary},
        author=admin_user,
    )
    log_in(page, live_server, admin_user)

    page.goto(live_server.url + reverse("admin:index"))
    page.goto(live_server.url + reverse("admin:editorial_pendingchange_change", args=[change.pk]))
    assert page.locator("table.pending-diff td br").count() >= 1  # line breaks without CSS

    example = PracticeExample.objects.order_by("pk").first()
    page.goto(live_server.url + reverse("admin:practice_practiceexample_change", args=[example.pk]))
    page.locator(".select2-selection").first.click()
    page.keyboard.type("a")
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")

    page.goto(live_server.url + reverse("admin:catalog_measure_import"))
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "massnahmen.csv",
                "mimeType": "text/csv",
                "buffer": b"Kurzname;Titel\r\ngemeinsame-e-akte;Gemeinsame E-Akte\r\n",
            }
        ],
    )
    page.select_option("select[name=format]", label="csv")
    page.locator("form:not(#logout-form) [type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert "Importieren" in page.title()
