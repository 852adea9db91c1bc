"""Counts of what schemathesis finds over the whole API as an official of zone A (issue 15).

Not part of the suite (its name does not start with test_): run it on its own, e.g.

    SCHEMATHESIS_EXAMPLES=12 .venv/bin/pytest -q -s tests/api/measure_schemathesis.py

It sends the same derandomized requests as tests/api/test_schemathesis.py (the same data set
and token), with two more checks: ``positive_data_acceptance`` (a request valid by the schema
answered 4xx other than 401/403/404/409/412) and ``negative_data_rejection`` (an invalid
request answered 2xx), and prints how many cases failed each check, then one line per
failure.
"""

import os
from collections import Counter

import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as settings_
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config._checks import NegativeDataRejectionConfig, PositiveDataAcceptanceConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_schemathesis import wsgi_in_the_test_transaction, zone_a_data

# The suite's fixtures, used here by name.
__all__ = ["wsgi_in_the_test_transaction", "zone_a_data"]

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
NAMES = {
    "ServerError": "5xx",
    "UndefinedStatusCode": "undocumented status code",
    "JsonSchemaError": "schema violation",
    "MalformedJson": "schema violation",
    "MissingContentType": "schema violation",
    "RejectedPositiveData": "valid request refused",
    "AcceptedNegativeData": "invalid request accepted",
}


def kinds_of(group):
    return sorted({NAMES.get(type(f).__name__, type(f).__name__) for f in group.exceptions})


def run(operation, mode, headers, counts, lines):
    """Send EXAMPLES requests of ``mode`` to ``operation``; count the failed checks. Returns
    how many cases were sent."""
    sent = 0

    @settings_(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def test(case):
        nonlocal sent
        sent += 1
        cache.clear()  # the throttles count in the cache: each request starts from zero
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except FailureGroup as group:
            kinds = kinds_of(group)
            counts.update(kinds)
            first = [x.strip() for x in str(group).splitlines() if x.strip()]
            lines.append(
                f"{mode.value} {operation.label}: {', '.join(kinds)}: {' / '.join(first[:8])}"
            )

    test()
    return sent


def test_count(zone_a_data, alice, wsgi_in_the_test_transaction, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    token, _created = Token.objects.get_or_create(user=alice)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", wsgi_in_the_test_transaction
    )
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]
    )
    schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
        expected_statuses=["3xx", "4xx", "5xx"]
    )
    headers = {"Authorization": f"Token {token.key}"}
    counts: Counter[str] = Counter()
    lines: list[str] = []
    cases = 0
    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            cases += run(result.ok(), mode, headers, counts, lines)
    print()
    for line in lines:
        print(line)
    print(f"cases={cases} examples={EXAMPLES}")
    for name in sorted(set(NAMES.values())):
        print(f"{name}: {counts[name]}")
    for name, n in counts.items():
        if name not in NAMES.values():
            print(f"other {name}: {n}")
