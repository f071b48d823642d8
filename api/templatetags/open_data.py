"""Structured data for detail pages: schema.org JSON-LD and absolute addresses for Open Graph."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The same escaping as Django's json_script: no "</script>" can end the element early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def absolute(path):
    """``SITE_URL`` + path; addresses that are absolute already (e.g. S3 media) stay as they are."""
    path = str(path or "")
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def _json_ld(data) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(  # noqa: S308  (escaped above like json_script)
        '<script type="application/ld+json">' + text.translate(_JSON_SCRIPT_ESCAPES) + "</script>"
    )


def _publisher() -> dict:
    return {"@type": "Organization", "name": settings.IKZ_CONTENT_ATTRIBUTION}


def _base(obj, schema_type: str, title: str, description: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": title,
        "headline": title[:110],
        "description": description,
        "url": absolute(obj.get_absolute_url()),
        "inLanguage": "de",
        "datePublished": obj.published_at,
        "dateModified": obj.updated_at,
        "license": settings.IKZ_CONTENT_LICENSE_URL,
        "publisher": _publisher(),
        "isPartOf": {"@type": "WebSite", "name": "IKZ-Katalog", "url": settings.SITE_URL + "/"},
    }


def _thing(obj, title: str) -> dict:
    return {"@type": "Thing", "name": title, "url": absolute(obj.get_absolute_url())}


def _place(municipality) -> dict:
    place = {
        "@type": "Place",
        "name": municipality.name,
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "Amtlicher Gemeindeschlüssel",
            "value": municipality.ags,
        },
        "containedInPlace": {
            "@type": "AdministrativeArea",
            "name": municipality.district.name,
        },
    }
    if municipality.latitude is not None and municipality.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(municipality.latitude),
            "longitude": float(municipality.longitude),
        }
    return place


@register.simple_tag
def example_json_ld(example):
    """An ``Article`` about the measures it implements, covering the municipalities involved."""
    data = _base(example, "Article", example.title, example.summary)
    measures = list(example.measures.all())
    data["about"] = [
        _thing(m, f"{m.code} {m.title}")
        for m in measures
        if m.is_published and m.field_of_action.is_published
    ]
    data["spatialCoverage"] = [_place(m) for m in example.municipalities.all()]
    data["keywords"] = ", ".join(tag.name for tag in example.tags.all())
    if example.image:
        data["image"] = absolute(example.image.url)
    return _json_ld(data)


@register.simple_tag
def measure_json_ld(measure):
    data = _base(measure, "CreativeWork", f"{measure.code} {measure.title}", measure.summary)
    field = measure.field_of_action
    data["about"] = [_thing(field, str(field))]
    data["keywords"] = ", ".join(tag.name for tag in measure.tags.all())
    data["spatialCoverage"] = {"@type": "AdministrativeArea", "name": "Sachsen"}
    return _json_ld(data)


@register.simple_tag
def field_json_ld(field):
    data = _base(field, "CreativeWork", str(field), field.summary)
    data["about"] = {"@type": "Thing", "name": field.title}
    data["spatialCoverage"] = {"@type": "AdministrativeArea", "name": "Sachsen"}
    return _json_ld(data)
