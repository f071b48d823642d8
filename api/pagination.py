from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from api.licence import licence


class CataloguePagination(PageNumberPagination):
    """Pages of 20 like the HTML lists (same ``seite`` parameter), with ``lizenz`` in every page."""

    page_size = 20
    page_query_param = "seite"
    page_size_query_param = "pro_seite"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "lizenz": licence(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["lizenz"] = {"$ref": "#/components/schemas/Lizenz"}
        response["required"] = ["count", "results", "lizenz"]
        return response


class MeasurePagination(CataloguePagination):
    """50 measures per page, like the HTML list of measures."""

    page_size = 50
