from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("massnahmenplan/", views.plan_start, name="plan-start"),
    path("massnahmenplan/neu/", views.plan_create, name="plan-create"),
    path("massnahmenplan/hinzufuegen/", views.plan_add, name="plan-add"),
    path("massnahmenplan/bearbeiten/<str:token>/", views.plan_edit, name="plan-edit"),
    path(
        "massnahmenplan/bearbeiten/<str:token>/hinzufuegen/",
        views.plan_add,
        name="plan-edit-add",
    ),
    path("massnahmenplan/<str:token>/", views.plan_detail, name="plan-detail"),
    path("massnahmenplan/<str:token>/druck/", views.plan_print, name="plan-print"),
    path("massnahmenplan/<str:token>/massnahmenplan.csv", views.plan_csv, name="plan-csv"),
    path("standortbestimmung/", views.selfcheck, name="selfcheck"),
    path("standortbestimmung/ergebnis/", views.selfcheck_result, name="selfcheck-result"),
    path("fehlende-beispiele/", views.gaps, name="gaps"),
    path(
        "massnahmen/<slug:slug>/wir-planen-das-auch/",
        views.interest_create,
        name="interest-create",
    ),
]
