import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def postgresql_only():
    """Skip, saying why, without PostgreSQL (SQLite serialises writers: no race can happen
    there); under CI, where PostgreSQL is a given, fail instead."""
    if connection.vendor != "postgresql":
        reason = "CONCURRENCY TESTS NEED POSTGRESQL: set DATABASE_URL to a PostgreSQL database"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
