"""bench: time /api/stats/, the snapshot job, the ranking, the light pass and the land, funds
and team figures against hand-written SQL.

On PostgreSQL only. With an empty database (or --regenerate, which empties the project
tables first) it generates the national-scale data set of SPEC section 11 with COPY; else it
measures the data already there. Every measure first checks that the ORM and the SQL give
the same numbers, then prints the best of --repeat runs of each and their ratio.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.bench.dashboards import dashboard_ratios
from devtools.bench.dashboards import report as report_pages
from devtools.bench.generate import Scale, generate
from devtools.bench.rollups import report as report_rollups
from devtools.bench.rollups import rollup_ratios
from devtools.bench.run import benchmark, data_size
from devtools.bench.sections import light_pass, section_figures
from projects.models import Project
from reports.figures.period import Period

GOAL = 2.0


class Command(BaseCommand):
    help = "Benchmark the metrics against hand-written SQL at national scale (PostgreSQL)."

    def add_arguments(self, parser):
        defaults = Scale()
        parser.add_argument("--zones", type=int, default=defaults.zones)
        parser.add_argument("--projects", type=int, default=defaults.projects)
        parser.add_argument("--year", type=int, default=defaults.year)
        parser.add_argument("--as-of", type=date.fromisoformat, default=defaults.as_of)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (best kept)")
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help="empty the project tables and generate the data set again",
        )
        parser.add_argument(
            "--rollups-only",
            action="store_true",
            help="print only the rollups table (issue 14's ratios), not the ORM-vs-SQL ones",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL (set DATABASE_URL).")
        scale = Scale(
            options["zones"],
            options["projects"],
            options["year"],
            options["as_of"],
            options["seed"],
        )
        if options["regenerate"] or not Project.objects.exists():
            self.stdout.write(
                f"Generating {scale.zones} zones and {scale.projects} projects "
                f"around {scale.as_of} (COPY)..."
            )
            generate(scale, log=self.stdout.write)
        size = data_size()
        self.stdout.write(
            "Data: "
            + ", ".join(f"{count:,} {name}" for name, count in size.items())
            + f"; year {scale.year}, as of {scale.as_of}."
        )
        if not options["rollups_only"]:
            self._against_sql(scale, options["repeat"])
        # Issue 14's goals: today's figures read from the rollups, as ratios measured here.
        measures = rollup_ratios(options["repeat"], log=self.stdout.write)
        self.stdout.write(f"Rollups, best of at least {options['repeat']} runs:")
        report_rollups(measures, self.stdout.write)

    def _against_sql(self, scale, repeat):
        """The ORM-vs-SQL table of the benchmark's period, and the dashboards' one."""
        period = Period(scale.year, scale.as_of)
        measures = benchmark(period, repeat)
        lights = light_pass(scale.as_of, repeat)
        measures += [lights.measure, *section_figures(period, repeat)]
        self.stdout.write(
            f"Light pass of {scale.as_of}: the first run wrote {lights.written:,} lights in "
            f"{lights.first_queries} queries (writes in batches of 1,000); then "
            f"{lights.measure.queries} queries for every zone, as many as for one zone "
            f"({lights.one_zone})."
        )
        self.stdout.write(f"Both give the same numbers. Best of {repeat} runs:")
        self.stdout.write(f"{'':48} {'ORM':>9} {'SQL':>9} {'ratio':>6} {'queries':>8}")
        for measure in measures:
            flag = "" if measure.ratio <= GOAL else f"  (goal ≤ {GOAL})"
            self.stdout.write(
                f"{measure.name:48} {measure.seconds:8.3f}s {measure.sql_seconds:8.3f}s "
                f"{measure.ratio:6.2f} {measure.queries:8d}{flag}"
            )
        # The leadership pages, each against the /api/stats/ call of its own scope.
        pages = dashboard_ratios(period, repeat)
        self.stdout.write(f"Dashboards, best of {repeat} runs:")
        report_pages(pages, self.stdout.write)
