"""seed_demo: load the demo region once (or restore it with --reset) and print the logins."""

from datetime import date

from django.core.management.base import BaseCommand

from devtools.demo import DEMO_PASSWORD, DEMO_USERS, PROJECTS_PER_ZONE, seed_demo
from zonetrack.db import today


class Command(BaseCommand):
    help = (
        "Create what is missing of the demo city (zones, projects, plans, reports, targets, "
        "users, task forces, rounds, blockers, notices, a scheduling meeting) and keep what "
        "exists; with --reset, "
        "empty the demo zones and load them again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date the demo data is built around (YYYY-MM-DD; default: today)",
        )
        parser.add_argument(
            "--projects-per-zone",
            type=int,
            default=PROJECTS_PER_ZONE,
            help=f"how many projects each zone has (default: {PROJECTS_PER_ZONE})",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo zones' data (and every change made to it) and load it again",
        )

    def handle(self, *args, **options):
        result = seed_demo(
            options["today"] or today(), options["projects_per_zone"], reset=options["reset"]
        )
        if options["reset"]:
            deleted = sorted(result.deleted.items())
            listed = ", ".join(f"{number} {label}" for label, number in deleted)
            self.stdout.write(f"Reset: deleted {listed or 'nothing'}.")
        verb = "loaded again" if options["reset"] else "created where missing, existing rows kept"
        self.stdout.write(
            f"Demo data ({verb}): {result.zones} zones, {result.projects} projects, "
            f"{result.milestones} milestones, {result.plan_entries} plan entries, "
            f"{result.reports} monthly reports, {result.land_parcels} idle-land parcels."
        )
        self.stdout.write(
            f"Supervision (created now): {result.task_force_members} task force members, "
            f"{result.progress_updates} progress updates, {result.blockers} blockers, "
            f"{result.notices} notices, {result.evidence} evidence photos, "
            f"{result.decisions} decisions of the city's scheduling meeting."
        )
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, place in DEMO_USERS:
            self.stdout.write(f"  {username:16} {role or 'admin'} {place or ''}".rstrip())
