"""Keep the anonymous page cache fresh when editors change what public pages show.

Questions and answer options appear on the self-check pages, approved interest signals on the
measure pages. Visitors' plans are not content: they never touch the page cache (their views
are ``never_cache``), so saving one does not invalidate every cached page.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ikz.caching import bump_content_version


def public_content_changed(**kwargs) -> None:
    bump_content_version()
    transaction.on_commit(bump_content_version, robust=True)


def connect_signals() -> None:
    from planning.models import AnswerOption, InterestSignal, Question

    for model in (Question, AnswerOption, InterestSignal):
        for signal in (post_save, post_delete):
            signal.connect(
                public_content_changed,
                sender=model,
                dispatch_uid=f"planning-{model.__name__}-{signal!r}",
            )
    m2m_changed.connect(
        public_content_changed,
        sender=AnswerOption.measures.through,
        dispatch_uid="planning-answeroption-measures",
    )
