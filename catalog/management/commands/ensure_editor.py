import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.roles import CHIEF_EDITORS, setup_roles


class Command(BaseCommand):
    help = (
        "Sorgt für eine lokale Anmeldung der Redaktion (Benutzer „redaktion“, Gruppe "
        "„Chefredaktion“, kein Superuser). Legt sie bei Bedarf mit einem zufälligen Passwort an "
        "und zeigt dieses einmal an; fragt nie nach."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="redaktion")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Nur für die lokale Entwicklung (DJANGO_DEBUG=true) gedacht.")
        setup_roles()
        chief_editors = Group.objects.get(name=CHIEF_EDITORS)
        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(username=username).first()
            if user is not None:
                was_superuser = user.is_superuser
                user.is_staff, user.is_superuser = True, False
                user.save(update_fields=["is_staff", "is_superuser"])
                user.groups.add(chief_editors)
                self.stdout.write(
                    f"Anmeldung „{username}“ besteht bereits (Passwort wie beim ersten Start), "
                    f"Gruppe „{CHIEF_EDITORS}“."
                )
                if was_superuser:
                    self.stdout.write(
                        "Superuser-Rechte entzogen: Superuser sind nur für die IT gedacht."
                    )
                return
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, email="", password=password, is_staff=True
            )
            user.groups.add(chief_editors)
        self.stdout.write(self.style.SUCCESS("Lokale Anmeldung für die Redaktion angelegt:"))
        self.stdout.write("  Adresse:  http://127.0.0.1:8000/admin/")
        self.stdout.write(f"  Benutzer: {username} (Gruppe „{CHIEF_EDITORS}“)")
        self.stdout.write(f"  Passwort: {password}   (wird nur dieses eine Mal angezeigt)")
