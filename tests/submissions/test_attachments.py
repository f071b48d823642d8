import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Submission, SubmissionAttachment
from submissions.uploads import MAX_ATTACHMENT_BYTES

from .conftest import PDF_BYTES, PNG_BYTES, docx, pdf

URL = "/praxisbeispiel-melden/"
pytestmark = pytest.mark.django_db


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def odt(name="konzept.odt"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return upload(name, buffer.getvalue(), "application/vnd.oasis.opendocument.text")


def test_pdf_image_and_office_files_are_accepted_by_their_content(client, form_data):
    files = {
        "attachment_1": pdf(),
        "attachment_2": upload("foto.PNG", PNG_BYTES, "image/png"),
        "attachment_3": docx(),
    }
    assert client.post(URL, {**form_data, **files}).status_code == 302
    assert client.post(URL, {**form_data, "attachment_1": odt()}).status_code == 302

    types = list(SubmissionAttachment.objects.order_by("pk").values_list("content_type", flat=True))
    assert types == [
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    ]


def test_an_oversized_attachment_is_refused_with_its_size(client, form_data):
    big = upload("gross.pdf", PDF_BYTES + b"0" * MAX_ATTACHMENT_BYTES)

    response = client.post(URL, {**form_data, "attachment_2": big})

    assert response.status_code == 400
    assert Submission.objects.count() == 0
    html = response.content.decode()
    assert "„gross.pdf“ ist 10,0\xa0MB groß; erlaubt sind höchstens 10,0\xa0MB" in html
    assert '<a href="#id_attachment_2">' in html
    assert form_data["description"] in html


DISGUISED = [
    ("bericht.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf"),
    ("bild.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image/png"),
    ("grafik.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
    ("seite.html", b"<html></html>", "text/html"),
    ("programm.pdf", b"MZ\x90\x00\x03", "application/pdf"),
    ("archiv.docx", b"PK\x03\x04 not really a zip", "application/msword"),
    ("echt.pdf.html", PDF_BYTES, "text/html"),  # real PDF, but the name would open as a page
    ("bild.jpg", PDF_BYTES, "image/jpeg"),  # real PDF with a wrong extension
]


@pytest.mark.parametrize(("name", "content", "claimed_type"), DISGUISED)
def test_disguised_or_dangerous_files_are_refused(client, form_data, name, content, claimed_type):
    response = client.post(URL, {**form_data, "attachment_1": upload(name, content, claimed_type)})

    assert response.status_code == 400
    assert Submission.objects.count() == 0
    assert "keine echte Datei der erlaubten Arten" in response.content.decode()


def test_a_plain_zip_archive_is_not_an_office_document(client, form_data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<html></html>")
    response = client.post(
        URL, {**form_data, "attachment_1": upload("paket.docx", buffer.getvalue())}
    )

    assert response.status_code == 400


def _stored_attachment(client, form_data):
    client.post(URL, {**form_data, "attachment_1": pdf("Bericht 2023.pdf")})
    return SubmissionAttachment.objects.get()


def test_attachments_are_stored_outside_the_public_media_folder(client, form_data, settings):
    attachment = _stored_attachment(client, form_data)

    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "Bericht" not in path  # a random name, nothing the visitor chose
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


def test_staff_download_attachments_only_as_files(client, moderator_client, form_data):
    attachment = _stored_attachment(client, form_data)

    response = moderator_client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Bericht_2023.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_visitors_and_staff_without_permission_cannot_download(
    client, form_data, django_user_model
):
    attachment = _stored_attachment(client, form_data)
    url = attachment.get_absolute_url()

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    staff = django_user_model.objects.create_user("praktikant", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_an_attachment_of_another_submission_is_not_found(client, moderator_client, form_data):
    attachment = _stored_attachment(client, form_data)
    client.post(URL, {**form_data, "title": "Zweite Meldung"})
    other = Submission.objects.get(title="Zweite Meldung")

    url = reverse("admin:submissions_submission_attachment", args=[other.pk, attachment.pk])
    assert moderator_client.get(url).status_code == 404


def test_deleting_a_submission_removes_its_files(client, form_data):
    attachment = _stored_attachment(client, form_data)
    path = Path(attachment.file.path)
    assert path.is_file()

    attachment.submission.delete()

    assert not path.exists()
