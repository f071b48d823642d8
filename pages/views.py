from django.views.generic import DetailView

from pages.models import Page


class PageDetailView(DetailView):
    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user)
