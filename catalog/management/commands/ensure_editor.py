import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Sorgt für eine lokale Anmeldung der Redaktion (Benutzer „redaktion“). Legt sie bei Bedarf "
        "mit einem zufälligen Passwort an und zeigt dieses einmal an; fragt nie nach."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="redaktion")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Nur für die lokale Entwicklung (DJANGO_DEBUG=true) gedacht.")
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Anmeldung „{username}“ besteht bereits (Passwort wie beim ersten Start)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Lokale Anmeldung für die Redaktion angelegt:"))
        self.stdout.write("  Adresse:  http://127.0.0.1:8000/admin/")
        self.stdout.write(f"  Benutzer: {username}")
        self.stdout.write(f"  Passwort: {password}   (wird nur dieses eine Mal angezeigt)")
