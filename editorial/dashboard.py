"""What the editors' dashboard on the admin index asks the database."""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from catalog.models import FieldOfAction, GlossaryTerm, Measure, PublicationState, Resource
from editorial.models import LinkCheck, PendingChange, PendingStatus
from pages.models import Page
from practice.models import PracticeExample
from search.models import SearchLogEntry
from submissions.models import Submission

REVIEWED_MODELS = [FieldOfAction, Measure, PracticeExample, Resource, GlossaryTerm, Page]
SHOWN = 10
SEARCH_DAYS = 30  # the search log's lists look back this many days
REJECTED_DAYS = 30  # an author sees their rejected changes this long


def admin_change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _items(queryset):
    return [{"label": str(obj), "url": admin_change_url(obj)} for obj in queryset[:SHOWN]]


def _searches(rows):
    """Logged queries with a link that runs them again."""
    search_url = reverse("catalog:search")
    return [
        {**row, "url": f"{search_url}?{urlencode({'q': row['query']})}"} for row in rows[:SHOWN]
    ]


def review_due(due_date):
    """Per model: the published items due for review (``PublishableQuerySet.review_due``)."""
    sections = []
    for model in REVIEWED_MODELS:
        queryset = model.objects.review_due(due_date).order_by("last_reviewed", "pk")
        count = queryset.count()
        if count:
            sections.append(
                {
                    "name": model._meta.verbose_name_plural,
                    "count": count,
                    "items": _items(queryset),
                    "url": admin_changelist_url(model) + "?pruefung=faellig",
                }
            )
    return sections


def measures_without_examples():
    return (
        Measure.objects.without_examples()
        .exclude(publication_state=PublicationState.ARCHIVED)
        .select_related("field_of_action")
    )


def fields_without_saxon_examples():
    covered = PracticeExample.objects.published().in_saxony().values("measures__field_of_action")
    return FieldOfAction.objects.exclude(pk__in=covered).exclude(
        publication_state=PublicationState.ARCHIVED
    )


def pending_changes():
    """Edits of published items waiting for Chefredaktion (editorial.pending)."""
    waiting = PendingChange.objects.open().select_related("author").order_by("updated_at")
    return {
        "count": waiting.count(),
        "items": [
            {
                "label": f"{change.item_label} ({change.author.get_username()})",
                "url": reverse("admin:editorial_pendingchange_change", args=[change.pk]),
            }
            for change in waiting[:SHOWN]
        ],
        "url": reverse("admin:editorial_pendingchange_changelist") + "?status__exact=pending",
    }


def own_changes(user):
    """The author's own changes of published items: waiting, and recently rejected with the
    reviewer's comment (authors cannot review, so this is where they hear back)."""
    mine = PendingChange.objects.filter(author=user).order_by("-updated_at")
    since = timezone.now() - timedelta(days=REJECTED_DAYS)
    rejected = mine.filter(status=PendingStatus.REJECTED, reviewed_at__gte=since)
    return {
        "days": REJECTED_DAYS,
        "waiting": [_change_item(change) for change in mine.open()[:SHOWN]],
        "rejected": [
            {**_change_item(change), "comment": change.comment, "date": change.reviewed_at}
            for change in rejected[:SHOWN]
        ],
    }


def _change_item(change):
    return {
        "label": change.item_label,
        "url": reverse("admin:editorial_pendingchange_change", args=[change.pk]),
    }


def dashboard(due_date):
    measures = measures_without_examples()
    fields = fields_without_saxon_examples()
    broken = LinkCheck.objects.broken()
    submissions = Submission.objects.waiting()
    return {
        "review_due": review_due(due_date),
        "pending_changes": pending_changes(),
        "measures_without_examples": {
            "count": measures.count(),
            "items": _items(measures),
        },
        "fields_without_saxon_examples": {"count": fields.count(), "items": _items(fields)},
        "broken_links": {
            "count": broken.count(),
            "items": list(broken[:SHOWN]),
            "url": admin_changelist_url(LinkCheck) + "?is_ok__exact=0",
        },
        "last_link_check": LinkCheck.objects.order_by("-checked_at")
        .values_list("checked_at", flat=True)
        .first(),
        "submissions": {
            "count": submissions.count(),
            "url": admin_changelist_url(Submission),
        },
        "searches": {
            "days": SEARCH_DAYS,
            "without_results": _searches(SearchLogEntry.objects.without_results(SEARCH_DAYS)),
            "most_frequent": _searches(SearchLogEntry.objects.most_frequent(SEARCH_DAYS)),
            "url": admin_changelist_url(SearchLogEntry),
        },
    }
