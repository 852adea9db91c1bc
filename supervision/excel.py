"""The open alerts of a (filtered) alert list as an .xlsx, laid out by the kernel's exporter."""

from django.utils.translation import gettext as _

from zonetrack.excel import COUNT, DATE, TEXT, Column, Exporter

from .choices import AlertKind, BlockerCategory, BlockerLevel, BlockerStatus, NoticeStatus


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


class NoticeSheet(Exporter):
    """One notice a row: its number, zone, unit, what it is about, the dates, its status, the
    reply, and whether it went unanswered past its deadline on ``as_of``."""

    frozen_columns = 1

    def __init__(self, notices, as_of):
        """``notices``: a Notice queryset with zone, project and blocker loaded."""
        self.sheet_title = _("Supervision notices")
        self.notices = notices
        self.as_of = as_of

    def columns(self):
        return [
            Column(_("Number"), TEXT, width=14),
            Column(_("Zone"), TEXT),
            Column(_("Unit"), TEXT, width=24),
            Column(_("Matter"), TEXT, width=40),
            Column(_("Issued on"), DATE),
            Column(_("Deadline"), DATE),
            Column(_("Status"), TEXT, choices=[str(label) for label in NoticeStatus.labels]),
            Column(_("Overdue"), TEXT, choices=[str(_("Yes")), str(_("No"))]),
            Column(_("Replied on"), DATE),
            Column(_("Reply"), TEXT, width=40),
        ]

    def rows(self):
        yes, no = _("Yes"), _("No")
        for notice in self.notices:
            yield [
                notice.number,
                notice.zone.name,
                notice.unit,
                notice.matter,
                notice.issued_on,
                notice.deadline,
                notice.get_status_display(),
                yes if notice.is_overdue(self.as_of) else no,
                notice.replied_on,
                notice.reply,
            ]


class BlockerSheet(Exporter):
    """One blocker a row, in the list's order: its deadline and days late on the day of the
    export, what it is, its project, who must solve it, when it was raised and its status."""

    frozen_columns = 3

    def __init__(self, blockers, as_of):
        """``blockers``: a Blocker queryset with project and zone loaded."""
        self.sheet_title = _("Blockers")
        self.blockers = blockers
        self.as_of = as_of

    def columns(self):
        return [
            Column(_("Deadline"), DATE),
            Column(_("Days late"), COUNT),
            Column(_("Blocker"), TEXT, width=36),
            Column(_("Zone"), TEXT),
            Column(_("Project code"), TEXT),
            Column(_("Project"), TEXT, width=28),
            Column(_("Blocker category"), TEXT, choices=[str(c) for c in BlockerCategory.labels]),
            Column(_("Level to solve it"), TEXT, choices=[str(c) for c in BlockerLevel.labels]),
            Column(_("Responsible unit"), TEXT, width=24),
            Column(_("Responsible leader"), TEXT),
            Column(_("Date raised"), DATE),
            Column(_("Status"), TEXT, choices=[str(c) for c in BlockerStatus.labels]),
        ]

    def rows(self):
        for blocker in self.blockers:
            yield [
                blocker.deadline,
                blocker.days_late(self.as_of),
                blocker.title,
                blocker.project.zone.name,
                blocker.project.code,
                blocker.project.name,
                blocker.get_category_display(),
                blocker.get_level_display(),
                blocker.responsible_unit,
                blocker.responsible_leader,
                blocker.raised_on,
                blocker.get_status_display(),
            ]
