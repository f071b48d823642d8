"""Property-based fuzzing of every public URL, the API and the forms (hypothesis).

Random and hostile query strings, path segments, headers and form posts must never produce a
5xx or a stack trace, and GET requests must never change stored content. The examples are
bounded so the module runs in seconds as part of ``make test``.
"""

import hashlib
import os
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)
from tests.public_urls import public_routes, url_for

EXAMPLES = int(os.environ.get("IKZ_FUZZ_EXAMPLES", "60"))  # make fuzz raises it
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRACEBACK_MARKERS = (
    b"Traceback (most recent call last)",
    b'File "/',
    b"Exception Value",
    b"django.db.utils",
    b"Internal Server Error",
)
HOSTILE = [
    "",
    " ",
    "'",
    '"',
    "\\",
    "%",
    "%%",
    "%zz",
    "' OR '1'='1' --",
    "1; DROP TABLE practice_practiceexample; --",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "{{ 7*7 }}",
    "{% debug %}",
    "${jndi:ldap://127.0.0.1/x}",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "😀" * 5,
    "ä ö ü ß Ä Ö Ü",
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999999",
    "2024-13-45",
    "[]",
    "{}",
    "null",
    "true",
    "x" * 3000,
    "a,b,c",
    "*",
    "&",
    "=",
    "#",
    "?",
]
FILTER_PARAMETERS = [
    "q",
    "handlungsfeld",
    "massnahme",
    "landkreis",
    "gemeinde",
    "form",
    "status",
    "von",
    "bis",
    "groesse",
    "schlagwort",
    "sortierung",
    "seite",
    "page",
    "page_size",
    "limit",
    "offset",
    "ordering",
    "format",
    "typ",
    "art",
    "akteur",
]

values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
latin1 = st.text(alphabet=st.characters(max_codepoint=255, exclude_categories=["Cs"]), max_size=80)
query_pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(FILTER_PARAMETERS), st.text(max_size=10)), values),
    max_size=6,
)
raw_queries = st.one_of(
    query_pairs.map(lambda pairs: urlencode(pairs)),
    latin1,
    st.sampled_from(["a=%zz", "seite=%ff%fe", "&&&=&", "q", "=x", "q=" + "%" * 20]),
)


def as_wsgi_header(value: str) -> str:
    """What a WSGI server hands Django: the UTF-8 bytes read as latin-1, without CR/LF/NUL,
    which servers refuse in headers (Django's test client would pass anything through)."""
    cleaned = value.replace("\r", "").replace("\n", "").replace("\x00", "")
    return cleaned.encode("utf-8").decode("latin-1").strip()


header_values = st.one_of(st.sampled_from(HOSTILE[:-5]), st.text(max_size=60))
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.one_of(
            st.sampled_from(
                [
                    "application/json",
                    "text/html",
                    "*/*",
                    "application/xml",
                    "text/csv",
                    "application/vnd.oai.openapi",
                    "text/html;q=0.1, application/json;q=oops",
                ]
            ),
            header_values,
        ),
        "Accept-Language": header_values,
        "If-None-Match": header_values,
        "If-Modified-Since": st.one_of(
            st.sampled_from(["Wed, 21 Oct 2015 07:28:00 GMT", "gestern", "0"]), header_values
        ),
        "Range": st.sampled_from(["bytes=0-10", "bytes=-1", "bytes=abc", "lines=1-2"]),
        "Referer": header_values,
        "User-Agent": header_values,
        "X-Forwarded-For": st.one_of(
            st.sampled_from(["203.0.113.9", "203.0.113.9, 10.0.0.1", "-" * 300]), header_values
        ),
        "X-Forwarded-Proto": st.sampled_from(["https", "http", "gopher", ""]),
        "X-Requested-With": st.sampled_from(["fetch", "XMLHttpRequest", "", "x"]),
        "HX-Request": st.sampled_from(["true", "false", ""]),
        "Cookie": st.one_of(
            st.sampled_from(["sessionid=kaputt", "csrftoken=x", "messages=%%%", "sessionid=; a=b"]),
            header_values,
        ),
    },
).map(lambda chosen: {name: as_wsgi_header(value) for name, value in chosen.items()})


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_sound(response, what: str):
    assert response.status_code < 500, f"{what} → {response.status_code}"
    body = body_of(response)
    for marker in TRACEBACK_MARKERS:
        assert marker not in body, f"{what}: {marker!r} in der Antwort"


# The anonymous search log is the one table a GET writes to (one row per normalised query and day).
WRITTEN_BY_GET = {"search.SearchLogEntry"}


def content_checksum() -> str:
    """A digest over every row of the project's own tables (and tags)."""
    digest = hashlib.sha256()
    project = str(django_settings.BASE_DIR)
    for model in apps.get_models():
        config = apps.get_app_config(model._meta.app_label)
        if not (config.path.startswith(project) or config.label == "taggit"):
            continue
        if model._meta.label in WRITTEN_BY_GET:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        for row in model._default_manager.order_by("pk").values_list(*fields):
            digest.update(repr((model._meta.label, row)).encode())
    return digest.hexdigest()


@pytest.fixture
def catalogue(db):
    district = make_district(slug="bautzen")
    places = [make_municipality(district=district) for _ in range(3)]
    field = make_field()
    measures = [make_measure(field_of_action=field) for _ in range(2)]
    form = make_cooperation_form()
    example = make_example(
        measures=measures, municipalities=places, cooperation_form=form, start_year=2020
    )
    example.tags.add("E-Akte")
    make_example(publication_state="draft", title="Entwurf")
    make_page()
    make_resource()
    make_glossary_term()
    objects = {
        "field": field,
        "measure": measures[0],
        "example": example,
        "page": make_page(),
        "resource": make_resource(),
        "district": district,
        "municipality": places[0],
        "cooperation_form": form,
        "tag": example.tags.first(),
    }
    urls = []
    for key, namespace, name in public_routes():
        url = url_for(key, namespace, name, objects)
        if url is not None:
            urls.append(url)
    return urls


@pytest.fixture(autouse=True)
def no_throttling(settings):
    # Hundreds of requests from one test client would hit the API's rate limit (429 is fine,
    # but it would hide the views behind it). Every submission attempt counts, so that limit
    # is lifted too: the fuzzer must reach the form's checks.
    cache.clear()
    settings.IKZ_RATE_SUBMISSIONS = "100000/hour"


def test_the_public_urls_are_discovered(catalogue):
    assert "/" in catalogue
    assert any(url.startswith("/praxisbeispiele/") for url in catalogue)
    assert len(catalogue) > 10


def test_hostile_query_strings_and_headers_never_break_a_page(client, catalogue):
    before = content_checksum()

    @FUZZ
    @given(url=st.sampled_from(catalogue), query=raw_queries, extra=headers)
    def check(url, query, extra):
        cache.clear()
        response = client.get(url, QUERY_STRING=query, headers=extra)
        assert_sound(response, f"GET {url}?{query} {extra}")

    check()
    assert content_checksum() == before, "ein GET hat gespeicherte Inhalte verändert"


def test_hostile_path_segments_give_404_not_500(client, catalogue):
    before = content_checksum()
    prefixes = sorted({url.rsplit("/", 2)[0] + "/" for url in catalogue if url.count("/") > 1})

    @FUZZ
    @given(
        prefix=st.sampled_from(prefixes + ["/", "/api/v1/"]),
        segment=st.one_of(st.sampled_from(HOSTILE[1:]), st.text(min_size=1, max_size=60)),
        slash=st.booleans(),
    )
    def check(prefix, segment, slash):
        path = prefix + quote(segment, safe="") + ("/" if slash else "")
        response = client.get(path)
        assert_sound(response, f"GET {path}")

    check()
    assert content_checksum() == before


def test_hostile_posts_to_public_urls_never_break(client, catalogue):
    @FUZZ
    @given(
        url=st.sampled_from(catalogue),
        data=st.dictionaries(
            st.one_of(st.sampled_from(FILTER_PARAMETERS + ["title", "email"]), st.text(max_size=8)),
            values,
            max_size=6,
        ),
    )
    def check(url, data):
        response = client.post(url, data)
        assert_sound(response, f"POST {url} {data}")

    check()


SUBMISSION_FIELDS = [
    "title",
    "summary",
    "municipalities",
    "other_partners",
    "cooperation_form",
    "measures",
    "start_year",
    "end_year",
    "description",
    "results",
    "link_1",
    "contact_organisation",
    "contact_person",
    "contact_email",
    "contact_phone",
    "contact_consent",
    "privacy",
    "homepage",
    "started",
]


def test_hostile_submissions_never_break_the_form(client, catalogue):
    url = reverse("submissions:form")

    @settings(FUZZ, max_examples=max(EXAMPLES * 2 // 3, 10))
    @given(
        data=st.dictionaries(st.sampled_from(SUBMISSION_FIELDS), values, max_size=12),
        upload=st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["bild.png", "x.exe", "../../a.pdf", "ä ö.pdf", ""]),
                st.binary(max_size=200),
            ),
        ),
    )
    def check(data, upload):
        payload = dict(data)
        if upload is not None:
            payload["attachment_1"] = SimpleUploadedFile(upload[0] or "leer", upload[1])
        response = client.post(url, payload)
        assert_sound(response, f"POST {url} {data}")

    check()
