from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """What the editors keep for the search: synonyms ("Suchbegriffe") and the anonymous log.

    The search itself lives in ``catalog/search.py``; suggestions in ``search/suggest.py``.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Suche")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from search.suggest import forget_synonyms

        for signal in (post_save, post_delete):
            signal.connect(
                forget_synonyms, sender="search.SearchTerm", dispatch_uid=f"synonyms-{signal!r}"
            )
