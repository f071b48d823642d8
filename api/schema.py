"""Additions to the generated OpenAPI schema: the licence object and the documented errors."""

from django_filters import ModelMultipleChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

LICENCE_PART = {
    "type": "object",
    "properties": {
        "lizenz": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "namensnennung": {"type": "string"},
        "quelle": {"type": "string"},
    },
    "required": ["lizenz", "url"],
}
LICENCE = {
    "type": "object",
    "description": "Lizenz der Inhalte und Namensnennungen für Gemeinde- und Geodaten.",
    "properties": dict.fromkeys(("inhalte", "gemeindedaten", "geodaten"), LICENCE_PART),
    "required": ["inhalte", "gemeindedaten", "geodaten"],
}
ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Ungültige Filterwerte: je Parameter eine Liste von Meldungen.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _response(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document 400, 404 and 429 for every operation.

    A 400 also comes from ``ikz.middleware`` for control characters, as ``{"detail": …}``.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Lizenz"] = LICENCE
    schemas["Fehler"] = ERROR
    schemas["Validierungsfehler"] = VALIDATION_ERROR
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("429", _response("Zu viele Anfragen (Drosselung).", "Fehler"))
            responses.setdefault(
                "404", _response("Nicht gefunden (oder Seite außerhalb der Liste).", "Fehler")
            )
            if "{" not in path and any(p["in"] == "query" for p in operation.get("parameters", [])):
                bad = _response(
                    "Ungültiger Filterwert, oder Steuerzeichen in der Anfrage.",
                    "Validierungsfehler",
                )
                bad["content"]["application/json"]["schema"] = {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Validierungsfehler"},
                        {"$ref": "#/components/schemas/Fehler"},
                    ]
                }
            else:
                bad = _response("Steuerzeichen in der Adresse (ikz.middleware).", "Fehler")
            responses.setdefault("400", bad)
    return result


class SlugFilterExtension(DjangoFilterExtension):
    """Filters by related objects' slugs (``handlungsfeld=…``): a repeatable string parameter.

    The shared FilterSets filter through methods without type hints, which drf-spectacular
    cannot type on its own.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if not isinstance(filter_field, ModelMultipleChoiceFilter):
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        return [
            build_parameter_type(
                name=field_name,
                required=False,
                location=OpenApiParameter.QUERY,
                description=f"{filter_field.label}: Kurzname (slug); mehrfach möglich",
                schema=build_array_type(build_basic_type(OpenApiTypes.STR)),
                explode=True,
                style="form",
            )
        ]
