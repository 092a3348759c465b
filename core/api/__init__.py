"""REST API: scoped viewset and serializer bases (``core.api.base``), core endpoints."""
