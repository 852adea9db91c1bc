from typing import Any

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (up to 500), answering count, next, previous, results."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Number of objects that match the filters, on all pages."),
            "next": _("Address of the next page; null on the last page."),
            "previous": _("Address of the previous page; null on the first page."),
            "results": _("The objects of this page."),
        }
        for name, description in descriptions.items():
            response["properties"][name]["description"] = description
        return response
