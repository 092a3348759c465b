"""``__in`` on integer columns ignores numbers the column cannot hold.

Django already answers ``pk=99999999999999999999`` with "no row" (its exact and comparison
lookups on integer fields check the backend's range), but not ``pk__in=[…]``: a 20-digit id
posted in a multiple-choice form field (检查人员) reached SQLite as an integer it cannot bind,
a 500. With this lookup, such a value matches nothing, so the form says the choice is not
valid, as for any id of no row. Registered for every integer field (primary keys included) by
importing this module in ``CoreConfig.ready``.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:
                low = high = None
            kept = [
                v
                for v in self.rhs
                if not isinstance(v, int)
                or ((low is None or v >= low) and (high is None or v <= high))
            ]
            if len(kept) != len(self.rhs):
                self.rhs = kept  # none kept: In raises EmptyResultSet, i.e. no row
        return super().as_sql(compiler, connection)
