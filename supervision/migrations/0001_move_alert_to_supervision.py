# Alerts moved from reports to supervision: the model's state moves, its table
# (reports_alert, named in Meta.db_table) and rows stay where they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("investment", "0001_initial"),
        ("parks", "0001_initial"),
        ("projects", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Alert",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("milestone_overdue", "Milestone overdue"),
                                    ("plan_not_started", "New start not started"),
                                    ("report_missing", "Monthly report missing"),
                                    ("target_behind", "Target behind time"),
                                ],
                                max_length=30,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "key",
                            models.CharField(editable=False, max_length=80, verbose_name="key"),
                        ),
                        (
                            "period_year",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="report year"
                            ),
                        ),
                        (
                            "period_month",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="report month"
                            ),
                        ),
                        ("raised_on", models.DateField(verbose_name="raised on")),
                        ("last_seen_on", models.DateField(verbose_name="last seen on")),
                        (
                            "resolved_on",
                            models.DateField(blank=True, null=True, verbose_name="resolved on"),
                        ),
                        (
                            "milestone",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="projects.milestone",
                                verbose_name="milestone",
                            ),
                        ),
                        (
                            "plan_entry",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="investment.annualplanentry",
                                verbose_name="annual plan entry",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="projects.project",
                                verbose_name="project",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="investment.target",
                                verbose_name="target",
                            ),
                        ),
                        (
                            "zone",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="parks.zone",
                                verbose_name="zone",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "alert",
                        "verbose_name_plural": "alerts",
                        "db_table": "reports_alert",
                        "ordering": ["-raised_on", "kind", "key"],
                        "indexes": [
                            models.Index(fields=["zone", "resolved_on"], name="alert_zone_resolved")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("resolved_on__isnull", True)),
                                fields=("key",),
                                name="alert_unique_open_key",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
