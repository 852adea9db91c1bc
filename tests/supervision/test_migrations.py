"""Moving alerts from reports to supervision keeps their table and every row."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from supervision.models import Alert
from tests.factories import ZoneFactory

BEFORE = [("reports", "0001_initial"), ("supervision", None)]


@pytest.mark.django_db(transaction=True)
def test_alerts_raised_before_the_move_are_there_after_it():
    zone = ZoneFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    state = executor.loader.project_state([("reports", "0001_initial")])
    old_alert = state.apps.get_model("reports", "Alert")
    old_alert.objects.create(
        kind="target_behind",
        key="target_behind:1",
        zone_id=zone.pk,
        raised_on=date(2026, 11, 1),
        last_seen_on=date(2026, 11, 2),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Alert.objects.get()
    assert (moved.key, moved.zone_id, moved.last_seen_on) == (
        "target_behind:1",
        zone.pk,
        date(2026, 11, 2),
    )
    assert Alert._meta.db_table == "reports_alert"
