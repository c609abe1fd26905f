from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class StandardPagination(PageNumberPagination):
    """Every list: ``?page=N`` (``?page_size=`` up to 100), answered as {count, next, previous, results}.

    ``page`` and ``page_size`` must be whole numbers of at least 1 (``page_size`` at most 100), else 400 with
    the field's error; DRF's own would fall back to the default size and answer a non-number page with a
    404. A page past the end stays a 404. The schema says the same (marketplace.api.schema)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list | None:
        errors: dict[str, list[str]] = {}
        for name, maximum in (
            (self.page_query_param, None),
            (self.page_size_query_param, self.max_page_size),
        ):
            values = request.query_params.getlist(name)
            if not values:
                continue
            if len(values) > 1:
                errors[name] = ["Give this parameter once."]
            elif not values[0].isascii() or not values[0].isdigit() or int(values[0]) < 1:
                errors[name] = ["Enter a whole number of at least 1."]
            elif maximum is not None and int(values[0]) > maximum:
                errors[name] = [f"Enter a whole number of at most {maximum}."]
        if errors:
            raise ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)
