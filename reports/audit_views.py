"""The audit page (/audit/) of a zone lead and above, and its Excel export."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from parks.access import access_for
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.excel import render as render_xlsx
from zonetrack.forms import PickerForm

from .audit import SOURCES, AuditFilters, AuditSheet, audit_trail, shown
from .forms import FIRST_YEAR, LAST_YEAR

AUDIT_PAGE_SIZE = 50


class AuditForm(PickerForm):
    """The trail's filters: who, what kind of object, which object, from and to which day."""

    user = forms.CharField(label=_("User"), max_length=150, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    subject = forms.CharField(
        label=_("Object id or code"), max_length=100, required=False, strip=True
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("All")),
            *((source.kind, source.label) for source in SOURCES),
        ]

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a date between {first} and {last}.").format(
                    first=FIRST_YEAR, last=LAST_YEAR
                )
            )
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def filters(self) -> AuditFilters:
        return AuditFilters(
            user=self.value("user", ""),
            kind=self.value("kind", ""),
            subject=self.value("subject", ""),
            start=self.value("start"),
            end=self.value("end"),
        )


def _filtered_trail(request):
    if not access_for(request.user).audits():
        raise PermissionDenied
    form = AuditForm(request.GET)
    return form, audit_trail(request.user, form.filters())


@login_required
def audit_page(request):
    """Who changed what, when and from where in the user's zones, newest first."""
    form, trail = _filtered_trail(request)
    page = Paginator(trail, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [shown(row) for row in page.object_list]
    return render(request, "reports/audit.html", {"form": form, "page": page, "rows": rows})


@login_required
def audit_export(request):
    """The filtered trail, every page of it, as an .xlsx."""
    _form, trail = _filtered_trail(request)
    response = HttpResponse(render_xlsx(AuditSheet(trail)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="audit-{today():%Y%m%d}.xlsx"'
    return response
