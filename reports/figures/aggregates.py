"""Database expressions the metrics need that Django does not ship."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, IntegerField
from django.db.models.sql.compiler import SQLCompiler

# SQL text and its parameters, as every as_sql() returns them.
SQLAndParams = tuple[str, list[Any] | tuple[Any, ...]]


class DaysBetween(Func):
    """Whole days from the second date to the first (``later - earlier``)."""

    arity = 2
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> SQLAndParams:
        # SQLite keeps dates as text; julianday() of two dates differs by whole days.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )
