from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """What the editors keep for the search: synonyms ("Suchbegriffe") and the anonymous log.

    The search itself lives in ``catalog/search.py``; suggestions in ``search/suggest.py``.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Suche")
