"""schemathesis over the whole OpenAPI schema, as an official of zone A (issue 15).

Every operation of the served schema gets a bounded number of generated requests, valid ones
by the schema and invalid ones, through Django's WSGI application in the test's own
transaction; the generation is derandomized, so every run sends the same requests. Each answer
must not be a server error, must have a status code the schema documents for the operation,
and a body that conforms to the schema documented for that code. The failures of all
operations are collected and listed together, so one run shows everything that is left.

It runs in `make test` on SQLite and in CI on PostgreSQL (nothing here skips).
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    ParkFactory,
    StartedProjectFactory,
)

# Requests per operation and mode: 119 operations x 2 modes x 12, about a minute in all.
EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Django's WSGI application, kept from closing the test's connection after each request
    (as Django's own test client does), so it reads and writes in the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def zone_a_data(zone_a, alice):
    park = ParkFactory(zone=zone_a)
    for _ in range(2):
        project = StartedProjectFactory(zone=zone_a, park=park)
        AnnualPlanEntryFactory(project=project)
        InvestmentReportFactory(project=project)
    return zone_a


def run(operation, mode, headers):
    """The failures of ``operation`` over EXAMPLES requests of ``mode``, one line each.

    A failure is recorded rather than raised, so Hypothesis does not spend the run shrinking.
    """
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def test(case):
        cache.clear()  # the throttles count in the cache: each request starts from zero
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (AssertionError, FailureGroup) as error:  # a check failed
            # The failed checks, the answer and the curl command that reproduces it.
            lines = [line.strip() for line in str(error).splitlines() if line.strip()]
            failures.append(f"{operation.label}: {' / '.join(lines[:12])}")

    test()
    return failures


def test_every_operation_answers_as_documented(
    zone_a_data, alice, wsgi_in_the_test_transaction, settings
):
    settings.ALLOWED_HOSTS = ["localhost"]
    token, _created = Token.objects.get_or_create(user=alice)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", wsgi_in_the_test_transaction
    )
    headers = {"Authorization": f"Token {token.key}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures.extend(run(operation, mode, headers))
    assert operations > 100
    assert failures == [], f"{len(failures)} failures:\n" + "\n".join(failures)
