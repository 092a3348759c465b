"""Paging of every API list: ``?limit=`` and ``?offset=`` within bounds.

DRF's ``LimitOffsetPagination`` has no maximum by default, and takes any offset: ``limit`` or
``offset`` of 20 digits overflowed the database's integers (a 500). ``limit`` is capped at
``MAX_LIMIT`` rows, and an offset past the last row gives an empty page.
"""

from __future__ import annotations

from rest_framework import pagination

MAX_LIMIT = 500


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """``limit`` (default ``PAGE_SIZE``) at most ``MAX_LIMIT``; ``offset`` at most the count."""

    max_limit = MAX_LIMIT

    def get_offset(self, request) -> int:
        # ``paginate_queryset`` counts the rows before it reads the offset.
        return min(super().get_offset(request), getattr(self, "count", 0))
