from django.core.management.base import BaseCommand

from editorial.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Legt die Gruppen „Redaktion“ und „Chefredaktion“ an oder bringt ihre Rechte auf den "
        "Stand des Codes (läuft auch nach jedem migrate). Mehrfach ausführbar."
    )

    def handle(self, *args, **options):
        for name, count in setup_roles(using=options.get("database") or "default").items():
            self.stdout.write(self.style.SUCCESS(f"Gruppe „{name}“: {count} Berechtigungen."))
