from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from ikz import health
from ikz.files import serve_media
from ikz.views import print_site_url

admin.site.site_header = "IKZ-Katalog – Redaktion"
admin.site.site_title = "IKZ-Katalog Redaktion"
admin.site.index_title = "Inhalte pflegen"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.health, name="health"),
    path("healthz/live", health.live, name="health-live"),
    path("druck-adresse.css", print_site_url, name="print-site-url"),
    # Open data: the versioned API (v2 can join the pattern later), downloads, feeds, sitemap.
    re_path(r"^api/(?P<version>v1)/", include("api.urls")),
    path("", include("api.site_urls")),
    path("", include("catalog.urls")),
    path("praxisbeispiele/", include("practice.urls")),
    path("praxisbeispiel-melden/", include("submissions.urls")),
    path("", include("planning.urls")),
]

if settings.DEBUG:  # production: nginx serves /media/ with the same headers (docs/DEPLOYMENT.md)
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Content pages (Impressum, Datenschutz …) live at the top level, so they come last.
urlpatterns += [path("", include("pages.urls"))]
