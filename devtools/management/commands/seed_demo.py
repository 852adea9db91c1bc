"""seed_demo: load the demo region (idempotent) and print the demo logins."""

from datetime import date

from django.core.management.base import BaseCommand

from devtools.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from zonetrack.db import today


class Command(BaseCommand):
    help = "Create or update the demo city, zones, projects, plans, reports, targets and users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date the demo data is built around (YYYY-MM-DD; default: today)",
        )

    def handle(self, *args, **options):
        result = seed_demo(options["today"] or today())
        self.stdout.write(
            f"Demo data: {result.zones} zones, {result.projects} projects, "
            f"{result.milestones} milestones, {result.plan_entries} plan entries, "
            f"{result.reports} monthly reports."
        )
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, place in DEMO_USERS:
            self.stdout.write(f"  {username:16} {role or 'admin'} {place or ''}".rstrip())
