"""Page links of paginated lists (templates/_pagination.html)."""

from __future__ import annotations

from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number: the other parameters (filters, the
    date) that each page link keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
