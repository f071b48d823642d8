"""Downloads of practice example attachments.

The files live in the private storage (``ExampleAttachment``). Everyone may download an
attachment the editors marked public on a published example; staff who may change examples may
download every attachment, e.g. to check a file taken over from a submission. Everything else is a
404, so a draft's files are not even confirmed to exist. Files are always downloads, never run.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from practice.models import ExampleAttachment


def download(request, slug, pk):
    attachment = get_object_or_404(
        ExampleAttachment.objects.select_related("example"), pk=pk, example__slug=slug
    )
    public = attachment.is_public and attachment.example.is_published
    if not public and not request.user.has_perm("practice.change_practiceexample"):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
