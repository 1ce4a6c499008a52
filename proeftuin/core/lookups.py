"""`__in` on integer columns ignores numbers no column can hold.

Django drops out-of-range numbers from `exact`, `lt`, `gt`… on integer fields (no row can
match them) but not from `in`: SQLite then raises OverflowError and PostgreSQL an error about
the value's range, both a 500. Forms hit this with any posted id, as
`ModelMultipleChoiceField` looks ids up with `pk__in`; a fuzzed "99999999999999999999999"
must be an invalid choice instead.
"""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
