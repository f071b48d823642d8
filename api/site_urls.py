"""Open-data addresses outside the API: /daten/, downloads, feeds, sitemap.xml and robots.txt."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from api import exports, views
from ikz.sitemaps import SITEMAPS
from practice import feeds

app_name = "opendata"

urlpatterns = [
    path("daten/", views.OpenDataView.as_view(), name="overview"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="api/robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "praxisbeispiele/export.csv",
        exports.PracticeExampleExportView.as_view(output="csv"),
        name="example-csv",
    ),
    path(
        "praxisbeispiele/export.json",
        exports.PracticeExampleExportView.as_view(output="json"),
        name="example-json",
    ),
    path(
        "massnahmen/export.csv",
        exports.MeasureExportView.as_view(output="csv"),
        name="measure-csv",
    ),
    path(
        "massnahmen/export.json",
        exports.MeasureExportView.as_view(output="json"),
        name="measure-json",
    ),
    path("praxisbeispiele/feed.rss", feeds.LatestExamplesFeed(), name="example-rss"),
    path("praxisbeispiele/feed.atom", feeds.LatestExamplesAtomFeed(), name="example-atom"),
    path("handlungsfelder/<slug:slug>/feed.rss", feeds.FieldExamplesFeed(), name="field-rss"),
    path("handlungsfelder/<slug:slug>/feed.atom", feeds.FieldExamplesAtomFeed(), name="field-atom"),
]
