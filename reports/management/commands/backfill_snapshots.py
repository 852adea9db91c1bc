"""backfill_snapshots: store the month-end snapshots of past months that have none.

The snapshot job runs nightly from the day ZoneTrack is installed; the dashboards' trends
(month by month, against the same month a year before) read the last snapshot of each
month. This command stores, for each month end from --since up to the last month before
--today, the figures as of that day (as the nightly job would have), skipping days that
already have snapshots unless --replace is given.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports.figures.snapshots import backfill_month_ends
from zonetrack.db import today


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
        for day, rows in backfill_month_ends(since, until, replace=options["replace"]):
            self.stdout.write(
                f"{day}: already stored" if rows is None else f"{day}: {rows} snapshots"
            )
