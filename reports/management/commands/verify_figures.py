"""verify_figures: recompute every zone's figures for today and compare with the rollups.

The rollups that claim to be current (as of today, no change left) are compared figure by
figure with the figures computed live (one grouped pass), and each region row with the sum
of the zone rows below it; every difference is printed (zone,
part, figure, stored, live), then a summary line. Rollups that are not current are counted
as stale, not compared: the next read recomputes them anyway. Exits with status 1 when any
figure differs. --repair stores the live figures into the differing and stale rollups.
"""

from django.core.management.base import BaseCommand, CommandError

from reports.figures.rollups import forget_regions
from reports.figures.verify import region_differences, repair_rollups, verify_rollups
from zonetrack.db import today


class Command(BaseCommand):
    help = "Compare the maintained figures (rollups) of every zone with the data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="store the live figures into the differing and stale rollups",
        )
        parser.add_argument(
            "--zone", action="append", metavar="CODE", help="only this zone (repeatable)"
        )

    def handle(self, *args, **options):
        verification = verify_rollups(today(), options["zone"])
        for difference in verification.differences:
            self.stdout.write(
                f"{difference.zone_code}\t{difference.part}\t{difference.figure}\t"
                f"stored {difference.stored}\tlive {difference.live}"
            )
        self.stdout.write(verification.summary())
        regions, region_errors = region_differences()
        for error in region_errors:
            self.stdout.write(
                f"{error.path or '*'}\t{error.figure}\tstored {error.stored}\tzones {error.summed}"
            )
        self.stdout.write(
            f"{regions} region rows compared with their zones, "
            f"{len({error.path for error in region_errors})} differing"
        )
        if options["repair"]:
            repaired = repair_rollups(verification)
            self.stdout.write(f"Repaired {len(repaired)} rollups (differing or stale).")
            if region_errors:
                forget_regions()
                self.stdout.write("Dropped the region rows: each adds up its zones when read.")
        if verification.differences or region_errors:
            raise CommandError(
                f"{len(verification.differing)} zones differ from their data, "
                f"{len({error.path for error in region_errors})} region rows from their zones",
                returncode=1,
            )
