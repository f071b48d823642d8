"""The API under ``/api/<version>/``; ``ikz/urls.py`` allows the versions (today only v1)."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("handlungsfelder", views.FieldOfActionViewSet, basename="field")
router.register("massnahmen", views.MeasureViewSet, basename="measure")
router.register("praxisbeispiele", views.PracticeExampleViewSet, basename="example")
router.register("werkzeuge", views.ResourceViewSet, basename="resource")
router.register("gemeinden", views.MunicipalityViewSet, basename="municipality")
router.register("landkreise", views.DistrictViewSet, basename="district")
router.register("kooperationsformen", views.CooperationFormViewSet, basename="cooperation-form")
router.register("schlagwoerter", views.TagViewSet, basename="tag")

# The two API documentation pages are the only ones with a looser Content-Security-Policy: the
# Swagger UI inserts styles, ReDoc also starts with an inline script and runs a worker. (ReDoc's
# Google fonts stay blocked; it falls back to the system fonts.)
SWAGGER_CSP = csp_update({"style-src": ["'unsafe-inline'"]})
REDOC_CSP = csp_update(
    {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SWAGGER_CSP(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("redoc/", REDOC_CSP(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    *router.urls,
    # Any other address under /api/v1/ ending in a slash gets a JSON 404, not the HTML page.
    re_path(r"^[\s\S]*/$", views.not_found),
]
