from django.views.generic import DetailView, ListView

from practice.models import PracticeExample


class PracticeExampleListView(ListView):
    template_name = "practice/example_list.html"
    context_object_name = "examples"
    paginate_by = 20

    def get_queryset(self):
        return PracticeExample.objects.published().for_list()


class PracticeExampleDetailView(DetailView):
    template_name = "practice/example_detail.html"
    context_object_name = "example"

    def get_queryset(self):
        return (
            PracticeExample.objects.visible_to(self.request.user)
            .select_related("cooperation_form")
            .prefetch_related(
                "municipalities__district",
                "measures__field_of_action",
                "tags",
                "links",
                "attachments",
            )
        )
