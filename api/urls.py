"""The API under ``/api/<version>/``; ``ikz/urls.py`` allows the versions (today only v1)."""

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

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    # Any other address under /api/v1/ ending in a slash gets a JSON 404, not the HTML page.
    re_path(r"^[\s\S]*/$", views.not_found),
]
