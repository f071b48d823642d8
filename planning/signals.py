"""Interest signals ("Wir planen das auch") reach public pages only once approved.

Visitors create them as pending, which changes no public page, so saving one must not mark
content as changed (``ikz.invalidation``). A signal that is approved, or was approved before
this save or delete, appears on (or leaves) its measure's page: only then is content changed.
Questions and answer options are ordinary public content, listed in ``ikz.invalidation``.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from ikz.invalidation import mark_content_changed


def _remember_public_state(sender, instance, **kwargs):
    from planning.models import SignalStatus

    instance._was_public = (
        not instance._state.adding
        and sender.objects.filter(pk=instance.pk, status=SignalStatus.APPROVED).exists()
    )


def _signal_changed(sender, instance, **kwargs):
    from planning.models import SignalStatus

    if instance.status == SignalStatus.APPROVED or getattr(instance, "_was_public", False):
        mark_content_changed()


def connect_signals() -> None:
    from planning.models import InterestSignal

    pre_save.connect(
        _remember_public_state, sender=InterestSignal, dispatch_uid="planning-signal-pre"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _signal_changed, sender=InterestSignal, dispatch_uid=f"planning-signal-{signal!r}"
        )
