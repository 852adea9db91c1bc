"""The open alerts of a (filtered) alert list as an .xlsx, laid out by the kernel's exporter."""

from django.utils.translation import gettext as _

from zonetrack.excel import DATE, TEXT, Column, Exporter

from .choices import AlertKind


class AlertSheet(Exporter):
    """One alert a row: when it was raised and last seen, its kind, zone and project, and
    what lags in words (the page's message)."""

    frozen_columns = 2

    def __init__(self, alerts):
        """``alerts``: an Alert queryset with its subjects loaded (``with_subjects``)."""
        self.sheet_title = _("Alerts")
        self.alerts = alerts

    def columns(self):
        return [
            Column(_("Raised on"), DATE),
            Column(_("Kind"), TEXT, width=16, choices=[str(label) for label in AlertKind.labels]),
            Column(_("Zone"), TEXT),
            Column(_("Project code"), TEXT),
            Column(_("Project"), TEXT, width=28),
            Column(_("What lags"), TEXT, width=70),
            Column(_("Last seen on"), DATE),
        ]

    def rows(self):
        for alert in self.alerts:
            yield [
                alert.raised_on,
                alert.get_kind_display(),
                alert.zone.name,
                alert.project.code if alert.project_id else "",
                alert.project.name if alert.project_id else "",
                alert.message,
                alert.last_seen_on,
            ]
