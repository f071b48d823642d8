"""Collect the external addresses named in the content and check whether they answer."""

from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from django.apps import apps
from django.db import models

from catalog.models import url_lines

CONTENT_APPS = ("catalog", "practice", "pages")
USER_AGENT = "IKZ-Katalog-Linkpruefung/1.0 (+https://www.ssg-sachsen.de)"
# Servers that refuse HEAD often answer a GET correctly; a 404 or 410 is final.
FINAL_STATUS = {404, 410}


@dataclass
class LinkResult:
    url: str
    status_code: int | None
    error: str = ""

    @property
    def is_ok(self) -> bool:
        return self.status_code is not None and self.status_code < 400


def _content_models():
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if not hasattr(model, "instance_type"):  # skip simple-history's historical models
                yield model


def collect_urls() -> dict[str, list[str]]:
    """Every http(s) address in URL fields and "sources" lines → where it was found."""
    found: dict[str, list[str]] = {}
    for model in _content_models():
        url_fields = [f.name for f in model._meta.fields if isinstance(f, models.URLField)]
        line_fields = [f.name for f in model._meta.fields if f.name == "sources"]
        if not url_fields and not line_fields:
            continue
        for obj in model._default_manager.only("pk", *url_fields, *line_fields).iterator():
            label = f"{model._meta.verbose_name} „{obj}“"
            urls = [getattr(obj, name) for name in url_fields]
            for name in line_fields:
                urls.extend(url_lines(getattr(obj, name)))
            for url in urls:
                if url and url.startswith(("http://", "https://")):
                    places = found.setdefault(url, [])
                    if label not in places:
                        places.append(label)
    return dict(sorted(found.items()))


def _request(url, method, timeout):
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    with urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
        return response.status


def check_url(url: str, timeout: float) -> LinkResult:
    """Never raises: an address that does not answer is reported with the reason."""
    try:
        try:
            return LinkResult(url, _request(url, "HEAD", timeout))
        except HTTPError as error:
            if error.code in FINAL_STATUS:
                return LinkResult(url, error.code)
            return LinkResult(url, _request(url, "GET", timeout))
    except HTTPError as error:
        return LinkResult(url, error.code)
    except TimeoutError:
        return LinkResult(url, None, f"keine Antwort innerhalb von {timeout:g} s")
    except URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return LinkResult(url, None, f"keine Antwort innerhalb von {timeout:g} s")
        return LinkResult(url, None, f"nicht erreichbar: {reason}"[:300])
    except (OSError, ValueError) as error:
        return LinkResult(url, None, f"nicht erreichbar: {error}"[:300])
