"""The licence and attributions that every API response, download and feed states."""

from django.conf import settings

DATA_LICENCE_DE_BY = "Datenlizenz Deutschland – Namensnennung 2.0"
DATA_LICENCE_DE_BY_URL = "https://www.govdata.de/dl-de/by-2-0"
DESTATIS_ATTRIBUTION = (
    "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis (Gebietsstand 31.12.2020) "
    "und Zensus 2022"
)
BKG_ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"


def licence() -> dict:
    """The ``lizenz`` object of the API and the JSON downloads."""
    return {
        "inhalte": {
            "lizenz": settings.IKZ_CONTENT_LICENSE,
            "url": settings.IKZ_CONTENT_LICENSE_URL,
            "namensnennung": settings.IKZ_CONTENT_ATTRIBUTION,
        },
        "gemeindedaten": {
            "quelle": DESTATIS_ATTRIBUTION,
            "lizenz": DATA_LICENCE_DE_BY,
            "url": DATA_LICENCE_DE_BY_URL,
        },
        "geodaten": {
            "quelle": BKG_ATTRIBUTION,
            "lizenz": DATA_LICENCE_DE_BY,
            "url": DATA_LICENCE_DE_BY_URL,
        },
    }


def licence_line() -> str:
    """The attribution in one line, for the last column of the CSV downloads."""
    return (
        f"{settings.IKZ_CONTENT_LICENSE} {settings.IKZ_CONTENT_ATTRIBUTION}; "
        f"Gemeindedaten {DESTATIS_ATTRIBUTION}, dl-de/by-2-0; Geodaten {BKG_ATTRIBUTION}"
    )


def link_header() -> str:
    """An RFC 8288 ``Link`` header naming the licence and the documentation page."""
    return (
        f'<{settings.IKZ_CONTENT_LICENSE_URL}>; rel="license", '
        f'<{settings.SITE_URL}/daten/>; rel="describedby"'
    )
