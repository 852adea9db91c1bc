"""Parallel writers of one zone and readers of its rollup on PostgreSQL (issue #14).

Eight threads, each with its own connection, write the data of their own project of one
zone at the same moment: a 2026 monthly report at a time (created, then corrected), and
the project's milestones through ``write_milestones`` (the app's write path, under the
project's lock). Two threads read the zone's rollup meanwhile, recomputing it whenever a
change is pending. At the end no thread has failed, the rollup equals a fresh computation
and no write is lost: the year's completed investment is the sum every writer wrote.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection, transaction

from investment.models import InvestmentReport
from projects.models import Milestone, write_milestones
from reports.figures import bundle, rollups
from reports.figures.period import Period
from reports.figures.verify import region_differences
from reports.figures.yoy import last_year_period
from tests.builders import make_plan
from tests.factories import StartedProjectFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 8
READERS = 2
MONTHS = range(1, 11)  # January to October 2026, all before 2026-11-22
PERIOD = Period(2026, date(2026, 11, 22))


def written(index, month):
    """What writer ``index`` finally reports for ``month`` (after its correction)."""
    return Decimal(index + 1) * month + Decimal("0.50")


def test_eight_writers_and_two_readers_of_one_zone_lose_nothing(zone_a):
    with time_machine.travel("2026-11-22 12:00 +0800", tick=False):
        projects = [StartedProjectFactory(zone=zone_a) for _ in range(WRITERS)]
        for project in projects:
            make_plan(project, investment="1000")
        rollups.read([zone_a.pk], PERIOD)
        region = zone_a.region.path
        rollups.read_total([zone_a.pk], [region], [], PERIOD)  # the region row exists

        errors: list[BaseException] = []
        writers_done = threading.Event()
        start = threading.Barrier(WRITERS + READERS)
        reads = [0] * READERS

        def guarded(work):
            def run(*args):
                try:
                    start.wait()
                    work(*args)
                except BaseException as error:  # reported by the test
                    errors.append(error)
                finally:
                    connection.close()

            return run

        @guarded
        def write(index):
            project = projects[index]
            for month in MONTHS:
                with transaction.atomic():
                    report = InvestmentReport.objects.create(
                        project=project,
                        year=2026,
                        month=month,
                        completed_investment=Decimal(month),  # corrected below
                        funds_domestic=Decimal(0),
                        funds_out_of_province=Decimal(0),
                        funds_foreign_usd=Decimal(0),
                        image_progress=Decimal(10),
                    )
                report.completed_investment = written(index, month)
                report.save()
            signing = Milestone(project=project, kind="signing", actual_on=date(2025, 1, 2))
            write_milestones(project, [signing])
            completion = Milestone(project=project, kind="completion", actual_on=date(2026, 9, 1))
            write_milestones(project, [completion])

        @guarded
        def read(index):
            while not writers_done.is_set():
                if index % 2:
                    # The region row, changed by each recomputed zone's difference (None
                    # while the other reader recomputes the zone: the caller adds up zones).
                    rollups.read_total([zone_a.pk], [region], [], PERIOD)
                else:
                    reading = rollups.read([zone_a.pk], PERIOD)
                    assert reading.source == rollups.ROLLUP
                reads[index] += 1

        threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
        readers = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
        for thread in threads + readers:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        writers_done.set()
        for thread in readers:
            thread.join(timeout=120)

        assert errors == []
        assert not any(thread.is_alive() for thread in threads + readers)
        assert all(count > 0 for count in reads)

        reading = rollups.read([zone_a.pk], PERIOD)
        live = bundle.compute([zone_a.pk], PERIOD)[zone_a.pk]
        live_last_year = bundle.compute_last_year([zone_a.pk], last_year_period(PERIOD))
        assert bundle.encode(reading.current[zone_a.pk]) == bundle.encode(live)
        assert bundle.encode(reading.last_year[zone_a.pk]) == bundle.encode(
            live_last_year[zone_a.pk]
        )
        figures = reading.current[zone_a.pk].figures
        # Worked by hand: writer i reports (i + 1) * month + 0.50 for months 1..10, so
        # sum over i of (55 (i + 1) + 5) = 55 * 36 + 40 = 2020.00.
        expected = sum(written(i, m) for i in range(WRITERS) for m in MONTHS)
        assert expected == Decimal("2020.00")
        assert figures.completed_investment == expected
        assert figures.completion == WRITERS  # every completion, 2026-09-01
        assert rollups.changed_zones([zone_a.pk]) == set()
        assert region_differences() == (1, [])
