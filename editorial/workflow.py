"""The publication workflow: which state changes exist and who may make them.

Entwurf → In Prüfung → Veröffentlicht → Archiviert. Editors move items between draft and
review; only users with the model's ``publish_<model>`` permission publish, archive or take a
published or archived item back. Everything here is plain Python so forms, admin actions and
tests ask the same question: :func:`refusal`.
"""

from django.utils.translation import gettext as _

from catalog.models import PublicationState

State = PublicationState

# Every state change the workflow knows. Anything else is refused, for everyone.
TRANSITIONS = {
    State.DRAFT: {State.REVIEW, State.PUBLISHED},
    State.REVIEW: {State.DRAFT, State.PUBLISHED},
    State.PUBLISHED: {State.DRAFT, State.ARCHIVED},
    State.ARCHIVED: {State.DRAFT, State.PUBLISHED},
}

# States whose entering or leaving changes what the public sees.
PUBLIC_STATES = {State.PUBLISHED, State.ARCHIVED}


def publish_permission(model) -> str:
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def may_publish(user, model) -> bool:
    return user.has_perm(publish_permission(model))


def needs_publish_permission(old, new) -> bool:
    return new in PUBLIC_STATES or old in PUBLIC_STATES


def refusal(user, model, old, new) -> str | None:
    """Why ``user`` may not move an item of ``model`` from ``old`` to ``new`` (None: allowed).

    ``old`` is None for a new item; it starts in any state the user may reach from a draft.
    """
    new = State(new)
    old = State(old) if old else None
    if old == new:
        return None
    start = old or State.DRAFT
    if new != start and new not in TRANSITIONS[start]:
        return _("Der Status kann nicht von „%(old)s“ zu „%(new)s“ wechseln.") % {
            "old": start.label,
            "new": new.label,
        }
    if needs_publish_permission(old, new) and not may_publish(user, model):
        return _(
            "Nur die Chefredaktion darf veröffentlichen, archivieren oder Veröffentlichtes "
            "zurückziehen („%(old)s“ → „%(new)s“). Reichen Sie den Eintrag zur Prüfung ein."
        ) % {"old": start.label, "new": new.label}
    return None


def offered_states(user, model, old) -> list[State]:
    """The states a form offers: the current one and every state the user may move to."""
    return [state for state in State if refusal(user, model, old, state) is None]
