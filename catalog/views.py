from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from catalog.models import FieldOfAction, GlossaryTerm, Measure, Resource
from practice.models import PracticeExample


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields_of_action"] = FieldOfAction.objects.published().with_counts()
        return context


class FieldOfActionListView(ListView):
    template_name = "catalog/field_list.html"
    context_object_name = "fields_of_action"

    def get_queryset(self):
        return FieldOfAction.objects.published().with_counts()


class FieldOfActionDetailView(DetailView):
    template_name = "catalog/field_detail.html"
    context_object_name = "field"

    def get_queryset(self):
        return FieldOfAction.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["measures"] = (
            Measure.objects.visible_to(self.request.user)
            .for_field_of_action(self.object)
            .for_list()
        )
        return context


class MeasureListView(ListView):
    template_name = "catalog/measure_list.html"
    context_object_name = "measures"
    paginate_by = 50

    def get_queryset(self):
        return Measure.objects.published().for_list()


class MeasureDetailView(DetailView):
    template_name = "catalog/measure_detail.html"
    context_object_name = "measure"

    def get_queryset(self):
        return (
            Measure.objects.visible_to(self.request.user)
            .select_related("field_of_action")
            .prefetch_related(
                "actors",
                "tags",
                Prefetch("resources", queryset=Resource.objects.published()),
                Prefetch("practice_examples", queryset=PracticeExample.objects.published()),
            )
        )


class ResourceListView(ListView):
    template_name = "catalog/resource_list.html"
    context_object_name = "resources"

    def get_queryset(self):
        return Resource.objects.published()


class GuideView(TemplateView):
    template_name = "catalog/guide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["glossary"] = GlossaryTerm.objects.published()
        return context
