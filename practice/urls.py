from django.urls import path

from practice import attachments, views

app_name = "practice"

urlpatterns = [
    path("", views.PracticeExampleListView.as_view(), name="example-list"),
    path("karte/kreise-<slug:digest>.svg", views.map_outlines, name="map-outlines"),
    path("<slug:slug>/", views.PracticeExampleDetailView.as_view(), name="example-detail"),
    path("<slug:slug>/anhang/<int:pk>/", attachments.download, name="example-attachment"),
]
