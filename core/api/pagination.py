"""API paging: a hard maximum page size, offsets within bounds, and large reads recorded like
exports.

Every list of the API pages with ``?limit=&offset=``. ``limit`` is capped at
``FAZHI_API_MAX_LIMIT`` rows (a larger value returns that many, never more), so one request
cannot pull a whole table; DRF's ``LimitOffsetPagination`` has no maximum by default and takes
any offset, and a ``limit`` or ``offset`` of 20 digits overflowed the database's integers (a 500).
An offset past the last row gives an empty page. A page of ``FAZHI_API_LARGE_READ_ROWS`` rows or
more, or any request asking for that many, is appended to the audit chain as an ``export`` event,
as a spreadsheet export is: who read how many rows of what, with the query.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination

from core.exports import record_export


class FazhiPagination(LimitOffsetPagination):
    """``limit``/``offset`` paging with a maximum page size, a bounded offset and audited large
    reads."""

    @property
    def default_limit(self) -> int:
        return settings.REST_FRAMEWORK.get("PAGE_SIZE", 50)

    @property
    def max_limit(self) -> int:
        return settings.FAZHI_API_MAX_LIMIT

    def get_offset(self, request) -> int:
        # ``paginate_queryset`` counts the rows before it reads the offset.
        return min(super().get_offset(request), getattr(self, "count", 0))

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if page is None:
            return page
        threshold = settings.FAZHI_API_LARGE_READ_ROWS
        if len(page) >= threshold or (self.limit or 0) >= threshold:
            model = getattr(queryset, "model", None)
            if model is not None:
                record_export(request.user, model, len(page), request.get_full_path())
        return page
