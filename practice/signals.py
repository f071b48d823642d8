"""Every change of catalogue or practice content (and of tags) bumps ``ContentRevision``."""

from django.db.models.signals import m2m_changed, post_delete, post_save

INDEXED_APPS = {"catalog", "practice", "taggit"}


def _content_changed(sender, **kwargs):
    from practice.models import ContentRevision

    meta = getattr(sender, "_meta", None)
    config = getattr(meta, "app_config", None)  # None for the historical models of migrations
    if config is None or config.label not in INDEXED_APPS or sender is ContentRevision:
        return
    if meta.model_name.startswith("historical"):  # django-simple-history's own rows
        return
    ContentRevision.bump()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"ikz-content-revision-{signal!r}")
