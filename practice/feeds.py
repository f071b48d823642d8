"""RSS 2.0 and Atom 1.0 feeds of new and updated practice examples, overall and per field."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from catalog.models import FieldOfAction, Measure
from practice.models import PracticeExample

FEED_LENGTH = 50


class LatestExamplesFeed(Feed):
    """The newest changes first: a new example and an edited one both (re)appear at the top."""

    feed_type = Rss201rev2Feed
    language = "de"
    title = "IKZ-Katalog: neue und aktualisierte Praxisbeispiele"
    description = (
        "Neue und aktualisierte Praxisbeispiele interkommunaler Zusammenarbeit in einer "
        "digitalisierten Welt aus dem IKZ-Katalog."
    )

    def author_name(self):
        return settings.IKZ_CONTENT_ATTRIBUTION

    def feed_copyright(self):
        return f"{settings.IKZ_CONTENT_LICENSE} {settings.IKZ_CONTENT_ATTRIBUTION}"

    def link(self):
        return reverse("practice:example-list")

    def base_queryset(self):
        return (
            PracticeExample.objects.published()
            .prefetch_related(
                Prefetch(
                    "measures",
                    queryset=Measure.objects.published().select_related("field_of_action"),
                )
            )
            .order_by("-updated_at", "-pk")
        )

    def items(self):
        return self.base_queryset()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers read RSS <description> and Atom's type="html" summary as HTML: the
        # plain-text summary is escaped so that it shows as text and never as markup.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        fields = {m.field_of_action.pk: m.field_of_action for m in item.measures.all()}
        return [field.title for field in sorted(fields.values(), key=lambda f: f.number)]

    def item_copyright(self, item):
        return self.feed_copyright()


class LatestExamplesAtomFeed(LatestExamplesFeed):
    feed_type = Atom1Feed
    subtitle = LatestExamplesFeed.description


class FieldExamplesFeed(LatestExamplesFeed):
    """Examples implementing a measure of one field of action (like ``?handlungsfeld=…``)."""

    def get_object(self, request, slug):
        return get_object_or_404(FieldOfAction.objects.published(), slug=slug)

    def title(self, field):
        return f"IKZ-Katalog: Praxisbeispiele im Handlungsfeld {field}"

    def description(self, field):
        return f"Neue und aktualisierte Praxisbeispiele im Handlungsfeld {field}."

    def link(self, field):
        return field.get_absolute_url()

    def items(self, field):
        return self.base_queryset().for_field_of_action(field)[:FEED_LENGTH]


class FieldExamplesAtomFeed(FieldExamplesFeed):
    feed_type = Atom1Feed

    def subtitle(self, field):
        return self.description(field)
