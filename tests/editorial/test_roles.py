"""The two editorial roles are created by migrate, kept in step by setup_roles, and used locally."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from editorial.roles import CHIEF_EDITORS, EDITORS, setup_roles

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrate_created_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, CHIEF_EDITORS}


def test_editors_create_and_edit_but_do_not_publish_delete_or_edit_taxonomies():
    perms = codenames(EDITORS)
    assert {
        "catalog.add_measure",
        "catalog.change_measure",
        "practice.change_practiceexample",
        "pages.change_page",
        "practice.view_municipality",
        "taggit.add_tag",
    } <= perms
    assert not {p for p in perms if ".publish_" in p}
    assert not {p for p in perms if ".delete_" in p}
    assert (
        not {
            "practice.change_district",
            "practice.add_cooperationform",
            "catalog.change_actor",
            "practice.change_municipality",
        }
        & perms
    )
    assert not {p for p in perms if p.startswith("auth.")}


def test_chief_editors_additionally_publish_delete_and_edit_taxonomies():
    perms = codenames(CHIEF_EDITORS)
    assert codenames(EDITORS) <= perms
    assert {
        "catalog.publish_measure",
        "catalog.publish_fieldofaction",
        "catalog.publish_resource",
        "practice.publish_practiceexample",
        "pages.publish_page",
        "catalog.publish_glossaryterm",
    } <= perms
    assert {"catalog.delete_measure", "practice.delete_practiceexample"} <= perms
    assert {
        "practice.change_district",
        "practice.add_cooperationform",
        "catalog.change_actor",
        "practice.change_municipality",
    } <= perms
    assert not {p for p in perms if p.startswith("auth.")}


def test_both_roles_manage_submissions_and_only_chief_editors_delete_them():
    editors, chiefs = codenames(EDITORS), codenames(CHIEF_EDITORS)
    assert {"submissions.view_submission", "submissions.change_submission"} <= editors
    assert "submissions.delete_submission" not in editors
    assert "submissions.delete_submission" in chiefs


def test_setup_roles_is_idempotent_and_resets_drifted_groups():
    before = {name: codenames(name) for name in (EDITORS, CHIEF_EDITORS)}
    editors = Group.objects.get(name=EDITORS)
    chief = Group.objects.get(name=CHIEF_EDITORS)
    editors.permissions.add(*chief.permissions.filter(codename="publish_measure"))
    out = StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    assert {name: codenames(name) for name in (EDITORS, CHIEF_EDITORS)} == before
    assert "Gruppe „Redaktion“" in out.getvalue()
    assert Group.objects.filter(name=EDITORS).count() == 1


def test_setup_roles_recreates_deleted_groups():
    Group.objects.filter(name=CHIEF_EDITORS).delete()
    counts = setup_roles()
    assert counts[CHIEF_EDITORS] == Group.objects.get(name=CHIEF_EDITORS).permissions.count()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_ensure_editor_creates_a_chief_editor_who_is_no_superuser(debug, django_user_model):
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    user = django_user_model.objects.get(username="redaktion")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [CHIEF_EDITORS]
    assert user.has_perm("catalog.publish_measure")
    assert "Passwort:" in out.getvalue()


def test_ensure_editor_turns_an_old_superuser_login_into_a_chief_editor(debug, django_user_model):
    django_user_model.objects.create_superuser("redaktion", password=None)
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    user = django_user_model.objects.get(username="redaktion")
    assert not user.is_superuser
    assert user.groups.filter(name=CHIEF_EDITORS).exists()
    assert "Superuser-Rechte entzogen" in out.getvalue()
