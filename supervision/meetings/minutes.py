"""The minutes (会议纪要) as a Word document (.docx, python-docx), from an issued version's
stored content: the agenda, the attendance and the decisions with owners and deadlines."""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Mm

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _table(document, headers, rows):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    return table


def render_docx(content: dict, version: int) -> bytes:
    """The minutes of ``content`` (:func:`services.minutes_content`) as .docx bytes, on A4."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    document.add_heading(_("Minutes of the scheduling meeting"), level=0)
    document.add_paragraph(
        _("{title} · version {version}").format(title=content["title"], version=version)
    )
    document.add_paragraph(
        _("Date: {date}; chair: {chair}; zones: {zones}").format(
            date=content["date"], chair=content["chair"], zones="、".join(content["zones"])
        )
    )
    document.add_heading(_("Attendance"), level=1)
    _table(document, [_("Name"), _("Unit")], [(a["name"], a["unit"]) for a in content["attendees"]])
    document.add_heading(_("Agenda"), level=1)
    for number, item in enumerate(content["agenda"], start=1):
        line = f"{number}. [{item['kind']}] {item['text']}"
        if item["note"]:
            line += f" — {item['note']}"
        document.add_paragraph(line)
    document.add_heading(_("Decisions"), level=1)
    _table(
        document,
        [
            _("Decision"),
            _("Project"),
            _("Responsible unit"),
            _("Responsible leader"),
            _("Deadline"),
        ],
        [
            (d["title"], d["project"], d["unit"], d["leader"], d["deadline"])
            for d in content["decisions"]
        ],
    )
    out = BytesIO()
    document.save(out)
    return out.getvalue()
