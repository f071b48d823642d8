"""Who may open which admin page: anonymous, Redaktion, Chefredaktion and IT superuser.

Every model registered in the admin is visited in its change list, add form, change form,
delete confirmation and history. The expectations below restate the role design of
editorial/roles.py; a model of an app this file does not know is checked for the invariants
(anonymous → login, editors never delete it) so a colleague's new model cannot slip through.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from catalog.models import PublicationState
from editorial.models import LinkCheck
from tests.conftest import (
    make_actor,
    make_cooperation_form,
    make_district,
    make_download,
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)
from tests.editorial.conftest import browser

pytestmark = pytest.mark.django_db

VIEWS = ("changelist", "add", "change", "delete", "history")
ALL = set(VIEWS)
READ = {"changelist", "change", "history"}

KNOWN_APPS = {
    "catalog",
    "practice",
    "pages",
    "taggit",
    "auth",
    "axes",
    "editorial",
    "planning",
    "submissions",
}
TAXONOMIES = {
    "catalog.actor",
    "practice.cooperationform",
    "practice.district",
    "practice.municipality",
}


def label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


REGISTERED = sorted(admin.site._registry, key=label)
CONTENT = {
    label(model)
    for model in REGISTERED
    if model._meta.app_label in {"catalog", "practice", "pages"} and label(model) not in TAXONOMIES
} | {"taggit.tag", "planning.question"}

EXPECTED = {
    "redaktion": {
        **{model: ALL - {"delete"} for model in CONTENT},
        **dict.fromkeys(TAXONOMIES, READ),
        "editorial.linkcheck": READ,
        "editorial.pendingchange": READ,
        "planning.interestsignal": READ,
        "submissions.submission": ALL - {"delete"},
    },
    "chefredaktion": {
        **dict.fromkeys(CONTENT | TAXONOMIES, ALL),
        "editorial.linkcheck": READ | {"delete"},
        "editorial.pendingchange": READ,
        "axes.accessattempt": READ | {"delete"},
        "planning.interestsignal": READ | {"delete"},
        "submissions.submission": ALL,
    },
}


def make_tag():
    from taggit.models import Tag

    return Tag.objects.create(name="E-Akte", slug="e-akte")


def make_question():
    from planning.models import Question

    return Question.objects.create(field_of_action=make_field(), key="frage", text="Frage?")


def make_interest_signal():
    from planning.models import InterestSignal

    return InterestSignal.objects.create(
        measure=make_measure(),
        municipality=make_municipality(),
        organisation="Hauptamt",
        consent=True,
    )


def make_linkcheck():
    from django.utils import timezone

    return LinkCheck.objects.create(url="https://example.org/", checked_at=timezone.now())


def make_pending_change():
    """A Redaktion member's pending change of a published measure: she sees her own, Chefredaktion
    all (editorial.pending_admin)."""
    from editorial.models import PendingChange

    author = get_user_model().objects.get(username="redakteurin")
    return PendingChange.objects.create(
        item=make_measure(), item_label="Maßnahme", author=author, data={"title": "Neu"}
    )


def make_access_attempt():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        username="jemand", ip_address="127.0.0.1", failures_since_start=1, user_agent="Test"
    )


def make_access_log():
    from axes.models import AccessLog

    return AccessLog.objects.create(username="jemand", ip_address="127.0.0.1", user_agent="t")


def make_access_failure():
    from axes.models import AccessFailureLog

    return AccessFailureLog.objects.create(
        username="jemand", ip_address="127.0.0.1", user_agent="t", locked_out=False
    )


BUILDERS = {
    "catalog.fieldofaction": make_field,
    "catalog.measure": make_measure,
    "catalog.resource": make_resource,
    "catalog.glossaryterm": make_glossary_term,
    "catalog.actor": make_actor,
    "practice.district": make_district,
    "practice.municipality": make_municipality,
    "practice.cooperationform": make_cooperation_form,
    "practice.practiceexample": make_example,
    "pages.page": make_page,
    "pages.download": make_download,
    "planning.question": make_question,
    "planning.interestsignal": make_interest_signal,
    "taggit.tag": make_tag,
    "editorial.linkcheck": make_linkcheck,
    "editorial.pendingchange": make_pending_change,
    "axes.accessattempt": make_access_attempt,
    "axes.accesslog": make_access_log,
    "axes.accessfailurelog": make_access_failure,
    "auth.group": lambda: Group.objects.get(name="Redaktion"),
    "auth.user": lambda: get_user_model().objects.create_user("jemand"),
}


def an_instance(model):
    builder = BUILDERS.get(label(model))
    if builder is not None:
        return builder()
    return model._default_manager.first()  # unknown models: whatever exists, maybe nothing


def urls_for(model, obj):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    urls = {
        "changelist": reverse(f"{prefix}_changelist"),
        "add": reverse(f"{prefix}_add"),
    }
    if obj is not None:
        for view in ("change", "delete", "history"):
            urls[view] = reverse(f"{prefix}_{view}", args=[obj.pk])
    return urls


@pytest.fixture
def personas(redakteurin, chefin, it_admin):
    return {"redaktion": redakteurin, "chefredaktion": chefin, "superuser": it_admin}


def superuser_may(model, view, user):
    """Whether the model's admin offers ``view`` at all (axes logs, for one, are read-only)."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[model]
    if view == "add":
        return model_admin.has_add_permission(request)
    if view == "delete":
        return model_admin.has_delete_permission(request)
    return True


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_admin_permission_matrix(client, personas, model):
    obj = an_instance(model)
    urls = urls_for(model, obj)
    known = model._meta.app_label in KNOWN_APPS
    for view, url in urls.items():
        anonymous = client.get(url)
        assert anonymous.status_code == 302, (view, url)
        assert reverse("admin:login") in anonymous["Location"]

        for role, user in personas.items():
            status = browser(user).get(url).status_code
            assert status != 500, (role, view, url)
            if not superuser_may(model, view, personas["superuser"]):
                expected = 403  # the model's admin offers this to nobody
            elif role == "superuser":
                expected = 200
            elif known:
                allowed = EXPECTED[role].get(label(model), set())
                expected = 200 if view in allowed else 403
            elif role == "redaktion" and view == "delete":
                expected = 403
            else:
                continue
            assert status == expected, f"{role} {view} {url}: {status}, erwartet {expected}"


def test_the_matrix_covers_the_content_and_taxonomies():
    labels = {label(model) for model in REGISTERED}
    assert {"catalog.measure", "practice.practiceexample", "pages.page"} <= labels
    assert labels >= TAXONOMIES
    assert {"auth.user", "auth.group", "editorial.linkcheck"} <= labels


PREVIEWS = [make_field, make_measure, make_example, make_page]


@pytest.mark.parametrize("make", PREVIEWS, ids=["field", "measure", "example", "page"])
@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.REVIEW])
def test_preview_of_unpublished_items(client, personas, make, state):
    obj = make(publication_state=state)
    url = obj.get_absolute_url()
    assert client.get(url).status_code == 404
    for role, user in personas.items():
        response = browser(user).get(url)
        assert response.status_code == 200, role
        assert "no-store" in response.get("Cache-Control", ""), role
        assert "Vorschau" in response.content.decode(), role


@pytest.mark.parametrize("make", PREVIEWS, ids=["field", "measure", "example", "page"])
def test_change_form_and_list_link_to_the_preview(chef_client, make):
    obj = make(publication_state=PublicationState.DRAFT)
    opts = obj._meta
    change = chef_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert f'<a href="{obj.get_absolute_url()}">Vorschau (Entwurf)</a>' in change.content.decode()
    changelist = chef_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert f'href="{obj.get_absolute_url()}" aria-label="Vorschau: {obj}"' in (
        changelist.content.decode()
    )


def test_staff_without_any_group_see_no_content(django_user_model):
    nobody = django_user_model.objects.create_user("praktikant", is_staff=True)
    response = browser(nobody).get(reverse("admin:catalog_measure_changelist"))
    assert response.status_code == 403
