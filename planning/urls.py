from django.urls import path

from planning import editor, exports, plan_views, views

app_name = "planning"

urlpatterns = [
    path("massnahmenplan/", plan_views.plan_start, name="plan-start"),
    path("massnahmenplan/neu/", plan_views.plan_create, name="plan-create"),
    path("massnahmenplan/hinzufuegen/", plan_views.plan_add, name="plan-add"),
    path("massnahmenplan/gemeinden/", editor.partner_search, name="partner-search"),
    path("massnahmenplan/bearbeiten/<str:token>/", editor.plan_edit, name="plan-edit"),
    path(
        "massnahmenplan/bearbeiten/<str:token>/hinzufuegen/",
        plan_views.plan_add,
        name="plan-edit-add",
    ),
    path("massnahmenplan/<str:token>/", plan_views.plan_detail, name="plan-detail"),
    path("massnahmenplan/<str:token>/druck/", plan_views.plan_print, name="plan-print"),
    path("massnahmenplan/<str:token>/massnahmenplan.csv", exports.plan_csv, name="plan-csv"),
    path(
        "massnahmenplan/<str:token>/beschlussvorlage-entwurf.docx",
        exports.plan_docx,
        name="plan-docx",
    ),
    path("standortbestimmung/", views.selfcheck, name="selfcheck"),
    path("standortbestimmung/ergebnis/", views.selfcheck_result, name="selfcheck-result"),
    path("fehlende-beispiele/", views.gaps, name="gaps"),
    path(
        "massnahmen/<slug:slug>/wir-planen-das-auch/",
        views.interest_create,
        name="interest-create",
    ),
]
