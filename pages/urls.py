from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("styleguide/", views.StyleguideView.as_view(), name="styleguide"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
