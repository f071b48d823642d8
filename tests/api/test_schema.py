"""The OpenAPI schema is valid, and every operation holds up against generated requests."""

import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ikz.wsgi import application
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
    make_resource,
)


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for name in (
        "handlungsfelder",
        "massnahmen",
        "praxisbeispiele",
        "werkzeuge",
        "landkreise",
        "kooperationsformen",
        "schlagwoerter",
    ):
        assert {f"/api/v1/{name}/", f"/api/v1/{name}/{{slug}}/"} <= paths
    assert {"/api/v1/gemeinden/", "/api/v1/gemeinden/{ags}/"} <= paths
    example_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/praxisbeispiele/"]["get"]["parameters"]
    }
    assert example_parameters >= {
        "q", "handlungsfeld", "massnahme", "landkreis", "gemeinde", "form", "status",
        "von", "bis", "groesse", "schlagwort", "sortierung", "seite",
    }  # fmt: skip


@pytest.mark.django_db
def test_the_docs_pages_use_only_our_own_assets(client):
    for path in ("/api/v1/docs/", "/api/v1/redoc/"):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "cdn" not in html.lower()
        assert "/static/drf_spectacular_sidecar/" in html


@pytest.fixture
def published_catalogue(db):
    district = make_district(slug="bautzen")
    town = make_municipality(district=district, ags="14625240", latitude=51.2, longitude=14.1)
    field = make_field(slug="digitale-verwaltung")
    measure = make_measure(field_of_action=field, slug="e-akte")
    measure.resources.add(make_resource(slug="checkliste"))
    example = make_example(
        measures=[measure],
        municipalities=[town],
        slug="gemeinsame-e-akte",
        cooperation_form=make_cooperation_form(slug="zweckverband"),
        start_year=2020,
    )
    example.tags.add("E-Akte")


@pytest.fixture
def api_schema(published_catalogue):
    """The schema, loaded through the WSGI app that also answers the generated requests.

    Like Django's test client, keep the request signals from closing the test's database
    connection (it is inside a transaction, which PostgreSQL would otherwise lose).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_answers_generated_requests_within_the_schema(api_schema):
    """No 5xx, and status, headers and body as documented, for 20 generated requests each.

    A for loop instead of ``schemathesis.pytest.from_fixture``, which does not run on pytest 9.
    """
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 16  # list and detail of eight resources

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            derandomize=True,  # the same requests in every run: no flaky CI
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def check(case):
            # Filters take slugs of existing objects: a well-formed but unknown slug is a 400.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
