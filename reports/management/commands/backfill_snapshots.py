"""backfill_snapshots: store the month-end snapshots of past months that have none.

The snapshot job runs nightly from the day ZoneTrack is installed; the dashboards' trends
(month by month, against the same month a year before) read the last snapshot of each
month. This command stores, for each month end from --since up to the last month before
--today, the figures as of that day (as the nightly job would have), skipping days that
already have snapshots unless --replace is given.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from reports.models import Snapshot
from reports.snapshots import store_snapshots
from zonetrack.db import today


def month_ends(since: date, until: date) -> list[date]:
    """The last day of every month from ``since``'s month to ``until``'s, up to ``until``."""
    ends, first = [], since.replace(day=1)
    while first <= until:
        following = (first + timedelta(days=32)).replace(day=1)
        end = following - timedelta(days=1)
        if end <= until:
            ends.append(end)
        first = following
    return ends


class Command(BaseCommand):
    help = "Store month-end snapshots for past months (for the dashboards' trends)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=None,
            help="first month (YYYY-MM-DD; default: January of last year)",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date taken as today (default: today)",
        )
        parser.add_argument(
            "--replace", action="store_true", help="store again the days that have snapshots"
        )

    def handle(self, *args, **options):
        until = options["today"] or today()
        since = options["since"] or date(until.year - 1, 1, 1)
        if since > until:
            raise CommandError("--since is after today.")
        stored = set(Snapshot.objects.values_list("date", flat=True).distinct())
        for day in month_ends(since, until - timedelta(days=1)):
            if day in stored and not options["replace"]:
                self.stdout.write(f"{day}: already stored")
                continue
            rows = store_snapshots(day)
            self.stdout.write(f"{day}: {rows} snapshots")
