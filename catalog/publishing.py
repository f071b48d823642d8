"""One rule for every public detail page: who sees which publication state, and outdated slugs.

- Published: everyone.
- Archived: visitors get ``410 Gone`` with a visible "archiviert" notice.
- Draft or in review: only users who may change the model see it, with a preview banner and
  ``Cache-Control: private, no-store``; everyone else gets the 404 page.
- A slug the object once had (found in its django-simple-history records) redirects permanently to
  the current URL; unknown slugs get the helpful German 404 page.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from catalog.models import PublicationState


class PublishableDetailView(DetailView):
    gone_template_name = "410.html"

    def is_public(self, obj) -> bool:
        """Whether visitors may see ``obj``; measures also need a published field of action."""
        return obj.is_published

    def is_archived(self, obj) -> bool:
        return obj.publication_state == PublicationState.ARCHIVED

    def may_preview(self) -> bool:
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get(self, request, *args, **kwargs):
        slug = kwargs[self.slug_url_kwarg]
        self.object = self.get_queryset().filter(slug=slug).first()
        if self.object is None:
            return self.redirect_outdated_slug(slug)
        self.preview = not self.is_public(self.object)
        if self.preview and not self.may_preview():
            if self.is_archived(self.object):
                return self.render_gone()
            raise Http404("Dieser Eintrag ist nicht veröffentlicht.")
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.preview:
            add_never_cache_headers(response)  # private, no-store: never in a shared cache
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        context["preview_state"] = self.object.get_publication_state_display()
        context["trail"] = self.get_trail()
        return context

    def get_trail(self) -> list[tuple[str | None, str]]:
        return [(None, str(self.object))]

    def render_gone(self):
        context = {
            "object": self.object,
            "kind": self.model._meta.verbose_name,
            "trail": [(None, "Archiviert")],
        }
        return TemplateResponse(self.request, self.gone_template_name, context, status=410)

    def redirect_outdated_slug(self, slug):
        object_id = (
            self.model.history.filter(slug=slug)
            .order_by("-history_date")
            .values_list("id", flat=True)
            .first()
        )
        if object_id is not None:
            current = self.get_queryset().filter(pk=object_id).first()
            if current is not None and current.slug != slug and self.may_see(current):
                return HttpResponsePermanentRedirect(current.get_absolute_url())
        raise Http404("Unbekannte Adresse.")

    def may_see(self, obj) -> bool:
        return self.is_public(obj) or self.is_archived(obj) or self.may_preview()
