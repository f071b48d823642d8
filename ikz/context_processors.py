from django.conf import settings


def site(request):
    """Values every page template needs: the canonical site URL and the contact address."""
    return {"SITE_URL": settings.SITE_URL, "CONTACT_EMAIL": settings.CONTACT_EMAIL}
