from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import NotFound

from .exceptions import ValidationFailed


class PageNumberPagination(pagination.PageNumberPagination):
    """`{count, next, previous, results}` with `?page=` and `?page_size=` (at most 200).

    A page that does not exist is a validation error on `page` (400), not a 404: the list
    itself exists.
    """

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationFailed(fields={"page": [str(exc.detail)]}) from exc
