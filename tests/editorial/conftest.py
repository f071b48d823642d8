"""Personas of the editorial roles and a helper that submits an admin form as a browser would."""

import pytest
from django.contrib.auth.models import Group
from django.forms import CheckboxInput, FileInput
from django.test import Client

from editorial.roles import CHIEF_EDITORS, EDITORS


def _member(django_user_model, username, group_name):
    # No password: hashing one costs a second per test, and the personas use force_login.
    user = django_user_model.objects.create_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def redakteurin(django_user_model):
    return _member(django_user_model, "redakteurin", EDITORS)


@pytest.fixture
def chefin(django_user_model):
    return _member(django_user_model, "chefin", CHIEF_EDITORS)


@pytest.fixture
def it_admin(django_user_model):
    return django_user_model.objects.create_superuser(username="it", password=None)


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def redaktion_client(redakteurin):
    return browser(redakteurin)


@pytest.fixture
def chef_client(chefin):
    return browser(chefin)


def _add_form(data, form):
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, FileInput):
            continue
        value = bound.field.prepare_value(bound.value())
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            value = ""
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)


def form_data(response, **changes) -> dict:
    """The POST data of the admin form in ``response``, as shown, with ``changes`` applied."""
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return data
