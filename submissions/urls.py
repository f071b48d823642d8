from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.submission_form, name="form"),
    path("danke/", views.ThanksView.as_view(), name="thanks"),
]
