from concurrent.futures import ThreadPoolExecutor, as_completed

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from editorial.links import check_url, collect_urls
from editorial.models import LinkCheck


class Command(BaseCommand):
    help = (
        "Prüft alle externen Links der Inhalte (Internetadressen, Quellen, Weblinks der "
        "Praxisbeispiele) und speichert das Ergebnis für die Übersicht der Redaktion. "
        "Ohne Internetverbindung meldet er die Links als nicht erreichbar, statt abzubrechen, "
        "und behält die letzten gespeicherten Ergebnisse."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Sekunden je Anfrage (Standard: 10)"
        )
        parser.add_argument(
            "--workers", type=int, default=8, help="gleichzeitige Anfragen (Standard: 8)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="prüfen und berichten, aber nichts speichern",
        )

    def handle(self, *args, timeout, workers, dry_run, **options):
        if timeout <= 0 or workers < 1:
            raise CommandError("--timeout muss größer als 0 und --workers mindestens 1 sein.")
        found = collect_urls()
        total = len(found)
        self.stdout.write(f"{total} externe Links gefunden, prüfe mit {workers} gleichzeitig …")
        results = []
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(check_url, url, timeout) for url in found]
            for done, future in enumerate(as_completed(futures), start=1):
                result = future.result()
                results.append(result)
                if result.is_ok:
                    line = self.style.SUCCESS(f"ok {result.status_code}")
                elif result.status_code:
                    line = self.style.ERROR(f"defekt {result.status_code}")
                else:
                    line = self.style.WARNING(result.error)
                self.stdout.write(f"[{done}/{total}] {result.url} – {line}")
        ok = sum(result.is_ok for result in results)
        broken = sum(1 for r in results if not r.is_ok and r.status_code)
        unreachable = total - ok - broken
        self.stdout.write(
            f"Fertig: {ok} erreichbar, {broken} defekt, {unreachable} nicht erreichbar."
        )
        if total and unreachable == total:
            # Offline, not 112 broken links: keep the last results instead of flooding the
            # dashboard with false alarms.
            self.stdout.write(
                self.style.WARNING(
                    "Keine Adresse war erreichbar – besteht eine Internetverbindung? "
                    "Nichts gespeichert, die letzten Ergebnisse bleiben."
                )
            )
            return
        if dry_run:
            self.stdout.write("Probelauf: nichts gespeichert.")
            return
        now = timezone.now()
        with transaction.atomic():
            for result in results:
                LinkCheck.objects.update_or_create(
                    url=result.url,
                    defaults={
                        "found_in": "; ".join(found[result.url]),
                        "status_code": result.status_code,
                        "is_ok": result.is_ok,
                        "error": result.error,
                        "checked_at": now,
                    },
                )
            LinkCheck.objects.exclude(url__in=list(found)).delete()
        self.stdout.write(self.style.SUCCESS(f"{total} Ergebnisse gespeichert."))
