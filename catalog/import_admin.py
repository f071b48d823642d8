"""The admin's spreadsheet import and export, in German and with the editors' safeguards.

``SpreadsheetAdminMixin`` replaces django-import-export's ``ImportExportMixin`` on the content
admins: German form labels, column labels and file names (``Praxisbeispiele-2026-12-01.xlsx``),
every error of an upload at once with its cell (``catalog.import_report``), a short preview that
lists state changes of published items first, and the tick that allows such changes.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from import_export.results import RowResult

from catalog import import_report, import_templates
from catalog.import_formats import FORMATS, UnreadableFile, export_filename
from catalog.import_resource import ALLOW_STATE_CHANGES_LABEL

ALLOW_STATE_CHANGES_HELP = gettext_lazy(
    "Nur ankreuzen, wenn die Datei veröffentlichte Einträge bewusst zurückziehen oder "
    "archivieren soll. Ohne Haken wird jede solche Zeile abgelehnt."
)


def allow_state_changes_field(widget=None):
    return forms.BooleanField(
        label=ALLOW_STATE_CHANGES_LABEL,
        help_text=ALLOW_STATE_CHANGES_HELP,
        required=False,
        widget=widget,
    )


class SpreadsheetImportForm(ImportForm):
    allow_state_changes = allow_state_changes_field()

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("Datei (XLSX oder CSV)")
        self.fields["format"].label = _("Dateiformat")


class SpreadsheetConfirmForm(ConfirmImportForm):
    allow_state_changes = allow_state_changes_field(widget=forms.HiddenInput())


class GermanExportForm(SelectableFieldsExportForm):
    """Column check boxes labelled with the German column headers."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("Dateiformat")

    def _get_field_label(self, resource, field_name):
        return resource().fields[field_name].column_name


class SpreadsheetAdminMixin(ImportExportMixin):
    import_formats = export_formats = FORMATS
    import_form_class = SpreadsheetImportForm
    confirm_form_class = SpreadsheetConfirmForm
    export_form_class = GermanExportForm
    import_template_name = "admin/import_export/spreadsheet_import.html"
    export_template_name = "admin/import_export/spreadsheet_export.html"

    # ---- the template -----------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        template = path(
            "import/vorlage/",
            self.admin_site.admin_view(self.import_template_view),
            name=f"{opts.app_label}_{opts.model_name}_import_template",
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request):
        """The XLSX template: German headers, an example row, and the valid values."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        response = HttpResponse(
            import_templates.workbook(resource),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = _("Importvorlage-%(name)s.xlsx") % {
            "name": str(self.model._meta.verbose_name_plural).replace(" ", "-")
        }
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    # ---- export ----------------------------------------------------------------------------

    def get_export_filename(self, request, queryset, file_format):
        return export_filename(self.model, file_format.get_extension())

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form)
        name = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    # ---- import ----------------------------------------------------------------------------

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        if form is not None and form.is_valid():
            kwargs["allow_state_changes"] = form.cleaned_data.get("allow_state_changes", False)
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["allow_state_changes"] = import_form.cleaned_data.get("allow_state_changes")
        return initial

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnreadableFile):
            form.add_error("import_file", str(e))
            return
        form.add_error(
            "import_file",
            _(
                "Die Datei konnte nicht gelesen werden. Bitte prüfen Sie, ob das gewählte "
                "Dateiformat (CSV oder XLSX) zur Datei passt."
            ),
        )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and response.context_data.get("result"):
            result = response.context_data["result"]
            response.context_data["problems"] = import_report.problems(result)
            response.context_data["preview_rows"] = import_report.preview(result)
        return response

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _(
                "Import abgeschlossen: %(new)d neu, %(updated)d aktualisiert, "
                "%(skipped)d unverändert."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
