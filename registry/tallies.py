"""Counts of supervised units kept by the database (see ``core.tallies``)."""

from __future__ import annotations

from core.tallies import Spec

#: 监管对象 by agency, category and status (a state: period ``STANDING``); dim "category:status".
ENTITIES = Spec(
    name="registry.entities",
    table="registry_supervisedentity",
    dims=("category", "status"),
)

SOURCES = [ENTITIES]
