"""Request parsers of the API: DRF's JSON parser with a limit on nesting.

``json`` recurses once per level of nesting: a body of 5,000 nested brackets (10 KB) raised
``RecursionError``, which DRF does not catch, so the request gave a 500. No body of ours nests
deeper than a few levels; anything past ``MAX_DEPTH`` is a 400 that says so.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``data`` (parsed JSON) nests lists and objects more than ``limit`` deep."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """JSON bodies nested at most ``MAX_DEPTH`` levels (400 in Chinese otherwise)."""

    def parse(self, stream, media_type=None, parser_context=None):
        message = f"JSON 嵌套层数过多：最多 {MAX_DEPTH} 层。"
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(message) from exc
        if too_deep(data):
            raise ParseError(message)
        return data
