from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("handlungsfelder/", views.FieldOfActionListView.as_view(), name="field-list"),
    path(
        "handlungsfelder/<slug:slug>/", views.FieldOfActionDetailView.as_view(), name="field-detail"
    ),
    path("massnahmen/", views.MeasureListView.as_view(), name="measure-list"),
    path("massnahmen/<slug:slug>/", views.MeasureDetailView.as_view(), name="measure-detail"),
    path("werkzeuge/", views.ResourceListView.as_view(), name="resource-list"),
    path("leitfaden/", views.GuideView.as_view(), name="guide"),
    path("suche/", views.SearchView.as_view(), name="search"),
]
