"""``/sitemap.xml``: every public page with its last change, under the canonical ``SITE_URL``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from catalog.models import FieldOfAction, GlossaryTerm, Measure, Resource
from pages.models import Page
from practice.models import PracticeExample


class CanonicalSitemap(Sitemap):
    """Addresses under ``SITE_URL``, whatever host the crawler used."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PublishedSitemap(CanonicalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class FieldOfActionSitemap(PublishedSitemap):
    model = FieldOfAction
    priority = 0.8


class MeasureSitemap(PublishedSitemap):
    model = Measure
    priority = 0.7


class PracticeExampleSitemap(PublishedSitemap):
    model = PracticeExample
    priority = 0.7


class PageSitemap(PublishedSitemap):
    model = Page
    priority = 0.3


def _latest(*models):
    dates = [
        model.objects.published().aggregate(latest=Max("updated_at"))["latest"] for model in models
    ]
    dates = [date for date in dates if date]
    return max(dates) if dates else None


class ListPageSitemap(CanonicalSitemap):
    """The list and overview pages; each changes when the content it lists changes."""

    priority = 0.6
    PAGES = {
        "catalog:home": (FieldOfAction, Measure, PracticeExample),
        "catalog:field-list": (FieldOfAction, Measure, PracticeExample),
        "catalog:measure-list": (Measure,),
        "practice:example-list": (PracticeExample,),
        "catalog:resource-list": (Resource,),
        "catalog:guide": (GlossaryTerm,),
        "opendata:overview": (FieldOfAction, Measure, PracticeExample, Resource),
        "planning:plan-start": (Measure,),
        "planning:selfcheck": (FieldOfAction, Measure),
        "planning:gaps": (Measure, PracticeExample),
    }

    def items(self):
        return list(self.PAGES)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return _latest(*self.PAGES[item])


SITEMAPS = {
    "seiten": ListPageSitemap,
    "handlungsfelder": FieldOfActionSitemap,
    "massnahmen": MeasureSitemap,
    "praxisbeispiele": PracticeExampleSitemap,
    "inhaltsseiten": PageSitemap,
}
