"""One path that marks public content as changed.

Public pages show what editors maintain, and the practice list keeps an in-memory index of it.
:func:`mark_content_changed` moves both markers together: the page cache's version token
(``ikz.caching``, so no stored page outlives the change) and the list index's
``ContentRevision`` (so every worker rebuilds its index and its revision-cached fragments).

It runs for the models in :data:`PUBLIC_CONTENT_MODELS` only: after their save and delete and
after the ``post_*`` actions of their many-to-many relations (a ``pre_*`` action changes nothing
yet). Bulk writers that send no signals (the content loader's municipality insert, demo data,
imports) call it themselves.

What visitors write never calls it: plans and their items, submissions, interest signals waiting
for review and the search log are not public content, so a script that writes them in a loop
neither empties the page cache nor rebuilds the list index. An interest signal changes a public
page only when it is or was approved (``planning.signals``); a changed questionnaire is content.
``tests/test_invalidation.py`` requires every model of the project's apps to be listed here or
in :data:`NOT_PUBLIC_MODELS`.
"""

import contextlib
import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ikz.caching import bump_content_version

# Models whose rows public pages show.
PUBLIC_CONTENT_MODELS = {
    "catalog.fieldofaction",
    "catalog.measure",
    "catalog.taggedmeasure",
    "catalog.actor",
    "catalog.resource",
    "catalog.glossaryterm",
    "practice.district",
    "practice.municipality",
    "practice.cooperationform",
    "practice.practiceexample",
    "practice.taggedpracticeexample",
    "practice.examplelink",
    "practice.exampleattachment",
    "pages.page",
    "pages.download",
    "planning.question",
    "planning.answeroption",
    "search.searchterm",  # synonyms change what searches and list filters find
    "taggit.tag",
}

# Models of the project's apps that public pages do not show (or, like interest signals, show
# only after a review that calls mark_content_changed itself).
NOT_PUBLIC_MODELS = {
    "practice.contentrevision",
    "editorial.linkcheck",
    "editorial.pendingchange",
    "planning.plan",
    "planning.planitem",
    "planning.interestsignal",
    "submissions.submission",
    "submissions.submissionlink",
    "submissions.submissionattachment",
    "search.searchlogentry",  # written by visitors' searches
}


_state = threading.local()


@contextlib.contextmanager
def suppressed():
    """For writes that are rolled back before anyone sees them (the preview of a pending
    change): nothing is marked as changed."""
    _state.suppressed = True
    try:
        yield
    finally:
        _state.suppressed = False


def mark_content_changed() -> None:
    """Public content changed: stored pages, the list's index and the page fragments cached per
    revision (``ikz.fragments``) are stale.

    The page-cache token moves now, so this request's own follow-up pages are fresh, and again
    after the commit, so no concurrent request can store the old state under the new token in
    between. The index revision is a database row and commits (or rolls back) with the change.
    """
    from practice.models import ContentRevision

    if getattr(_state, "suppressed", False):
        return
    bump_content_version()
    transaction.on_commit(bump_content_version, robust=True)
    ContentRevision.bump()


def public_models():
    return [apps.get_model(label) for label in PUBLIC_CONTENT_MODELS]


def _saved_or_deleted(sender, **kwargs):
    mark_content_changed()


def _relation_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        mark_content_changed()


def connect_signals() -> None:
    for model in public_models():
        label = model._meta.label_lower
        for signal in (post_save, post_delete):
            signal.connect(
                _saved_or_deleted, sender=model, dispatch_uid=f"ikz-content-{label}-{signal!r}"
            )
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _relation_changed,
                sender=through,
                dispatch_uid=f"ikz-content-{label}-{field.name}",
            )
