"""A starting set of "Suchbegriffe": words municipal staff type and what they should also find.

Editors change or extend them in the admin; the reverse removes only terms still as shipped.
"""

from django.db import migrations

STARTING_SET = {
    "Rechnungsprüfung": "Rechnungsprüfungsamt, Prüfung, Rechnungsprüfer",
    "Breitband": "Glasfaser, Gigabit, Netzausbau",
    "Bauhof": "Bauhöfe, Betriebshof, Winterdienst",
    "EDV": "IT, Informationstechnik, Digitalisierung",
    "Kooperation": "Zusammenarbeit",
    "Zusammenarbeit": "Kooperation",
    "Standesamt": "Standesamtsbezirk, Personenstand",
    "Feuerwehr": "Brandschutz",
    "E-Akte": "elektronische Akte, Dokumentenmanagement, DMS",
    "Personal": "Personalverwaltung, Fachkräfte, Personalgewinnung",
    "Kita": "Kindertageseinrichtung, Kindertagesstätte",
    "Datenschutz": "Datenschutzbeauftragte, DSGVO",
    "IT-Sicherheit": "Informationssicherheit, Cybersicherheit",
    "Vergabe": "Beschaffung, Einkauf",
    "Beschaffung": "Vergabe, Einkauf",
    "OZG": "Onlinezugangsgesetz, Onlinedienste",
    "Bürgerbüro": "Bürgeramt, Bürgerservice",
    "Kämmerei": "Finanzverwaltung, Haushalt",
    "Homepage": "Internetauftritt, Website",
}


# Bulk writes and plain SQL: they send no model signals, which the page cache's content-change
# handler (ikz.caching) cannot take from the historical models of a migration.


def add_terms(apps, schema_editor):
    SearchTerm = apps.get_model("search", "SearchTerm")
    rows = [SearchTerm(term=term, also_finds=also) for term, also in STARTING_SET.items()]
    SearchTerm.objects.bulk_create(rows, ignore_conflicts=True)


def remove_terms(apps, schema_editor):
    table = apps.get_model("search", "SearchTerm")._meta.db_table
    for term, also_finds in STARTING_SET.items():
        schema_editor.execute(
            f"DELETE FROM {table} WHERE term = %s AND also_finds = %s",  # noqa: S608
            [term, also_finds],
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
