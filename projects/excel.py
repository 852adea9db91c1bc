"""Excel in and out: the project list export, and the import machinery every sheet shares.

An import reads a sheet whose header row names the columns (Chinese or English, as the
model's verbose names, or the API field names), turns every row into a model instance, and
validates it with the model's own full_clean(), so the rules are those of the forms and the
API. A file with any bad row imports nothing; the caller saves inside one transaction.
"""

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from parks.models import Park
from zonetrack.amounts import PERCENT, WAN_USD, WAN_YUAN, format_amount, parse_amount
from zonetrack.web import writable_zones

from .models import ENTERED_FIELDS, Project

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "x"}
FALSE_WORDS = {"否", "n", "no", "false", "0"}
HEADER_FILL = PatternFill("solid", fgColor="1D4E89")
HEADER_FONT = Font(bold=True, color="FFFFFF")


UNIT_HINTS = {
    WAN_YUAN: gettext_lazy("in 10k CNY; 3.2亿元, 12300元 or 500万 are converted"),
    WAN_USD: gettext_lazy("in 10k USD; 1.5亿美元 or 12300美元 are converted"),
    PERCENT: gettext_lazy("percent, 0 to 100; 35 or 35%"),
}


class SheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, no header, unknown columns)."""


def _key(text) -> str:
    """A header or choice as compared: width-folded, lower case, without spaces."""
    folded = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(folded.split())


def cell_text(value) -> str:
    """A cell as text, the one form in which rows are checked, previewed and re-submitted."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Excel stores 1234.5 as a float; round away binary noise like 0.30000000000000004.
        text = format(Decimal(repr(value)).quantize(Decimal("0.000001")).normalize(), "f")
        return text
    return str(value).strip()


@dataclass
class RowResult:
    number: int
    values: dict
    instance: object = None
    errors: list = field(default_factory=list)  # (column label, message)
    # Each read column as the importer understood it (3.2亿元 → "32,000.00 万元"), for the preview.
    shown: dict = field(default_factory=dict)
    # Figure columns whose text was more than a plain number (a unit, separators): the preview
    # shows what was typed under the value read.
    converted: set = field(default_factory=set)

    @property
    def is_update(self):
        return self.instance is not None and self.instance.pk is not None


@dataclass
class ImportResult:
    importer: "Importer"
    columns: list
    rows: list

    @property
    def errors(self):
        return [(row.number, label, message) for row in self.rows for label, message in row.errors]

    @property
    def is_valid(self):
        return bool(self.rows) and not self.errors

    def payload(self):
        """The rows as text, to be signed and re-submitted by the confirm step."""
        return {"kind": self.importer.kind, "columns": self.columns, "rows": self.raw_rows()}

    def raw_rows(self):
        return [[row.number, [row.values.get(c, "") for c in self.columns]] for row in self.rows]


class Importer:
    """One kind of sheet. Subclasses give the model, columns, key and how to find the row."""

    # Templates list importer classes; they must not be called as if they were functions.
    do_not_call_in_templates = True
    kind = ""
    title = ""
    model = None
    columns: list = []
    required_columns: list = []
    example: dict = {}
    # The unit of each figure column (zonetrack.amounts); a decimal column not named takes
    # bare numbers only.
    units: dict = {}

    def __init__(self, user):
        self.user = user

    # Column names -------------------------------------------------------------------------

    # Other headers accepted for a column, e.g. "project code" for the project column.
    aliases: dict = {}

    def label(self, name, language=None):
        text = self.model._meta.get_field(name).verbose_name
        if language is None:
            return str(text)
        with translation.override(language):
            return str(text)

    def header_map(self):
        """Every accepted spelling of each column's header → the column's field name."""
        mapping = {}
        for name in self.columns:
            spellings = [name, self.model._meta.get_field(name).verbose_name]
            spellings += self.aliases.get(name, [])
            for spelling in spellings:
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        mapping[_key(spelling)] = name
        return mapping

    # Reading ------------------------------------------------------------------------------

    def read(self, uploaded) -> ImportResult:
        try:
            workbook = load_workbook(uploaded, read_only=True, data_only=True)
        except Exception as error:
            raise SheetError(_("This is not an Excel .xlsx file.")) from error
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise SheetError(_("The sheet is empty."))
        accepted = self.header_map()
        columns = []
        unknown = []
        for cell in header:
            text = cell_text(cell)
            name = accepted.get(_key(text)) if text else None
            columns.append(name)
            if text and name is None:
                unknown.append(text)
        if unknown:
            raise SheetError(
                _("Unknown column(s): {names}. Use the headers of the template.").format(
                    names=", ".join(unknown)
                )
            )
        missing = [self.label(c) for c in self.required_columns if c not in columns]
        if missing:
            raise SheetError(_("Missing column(s): {names}.").format(names=", ".join(missing)))
        raw = []
        for number, values in enumerate(rows, start=2):
            texts = [cell_text(v) for v in values]
            if not any(texts):
                continue
            if len(raw) >= MAX_ROWS:
                raise SheetError(_("A file may hold at most {n} rows.").format(n=MAX_ROWS))
            raw.append([number, texts])
        present = [c for c in columns if c]
        return self.check(
            present,
            [[n, [t for c, t in zip(columns, texts, strict=False) if c]] for n, texts in raw],
        )

    def check(self, columns, raw_rows) -> ImportResult:
        """Build and validate every row; never writes."""
        self.prepare([dict(zip(columns, texts, strict=False)) for _n, texts in raw_rows])
        result = ImportResult(self, columns, [])
        seen = {}
        for number, texts in raw_rows:
            values = dict(zip(columns, texts, strict=False))
            row = RowResult(number, values)
            result.rows.append(row)
            failed = self.build_row(row)
            if not failed:
                key = self.row_key(row.instance)
                if key in seen:
                    message = _("The same record is already on row {row}.").format(row=seen[key])
                    row.errors.append((self.label(self.required_columns[0]), message))
                    continue
                seen[key] = number
            try:
                # Fields that could not be read are already reported; the model checks the rest.
                row.instance.full_clean(exclude=failed)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    label = (
                        self.label(name)
                        if name != NON_FIELD_ERRORS and name in self.columns
                        else _("row")
                    )
                    row.errors.extend((label, message) for message in messages)
        return result

    def build_row(self, row):
        """Set the row's values on its instance; return the fields that could not be read."""
        instance = self.find(row.values) or self.new_instance()
        failed = set()
        row.shown = dict(row.values)
        for name in self.columns:
            if name not in row.values or name in self.lookup_columns:
                continue
            try:
                value = self.parse(name, row.values[name])
            except ValidationError as error:
                failed.add(name)
                row.errors.extend((self.label(name), m) for m in error.messages)
                continue
            setattr(instance, self.attname(name), value)
            row.shown[name] = self.shown(name, value, row.values[name])
            if isinstance(value, Decimal) and not _is_plain_number(row.values[name]):
                row.converted.add(name)
        try:
            self.resolve(instance, row.values)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                failed.add(name)
                row.errors.extend((self.label(name), m) for m in messages)
        row.instance = instance
        return failed

    lookup_columns: tuple = ()
    lookup_hints: dict = {}

    def attname(self, name):
        return self.model._meta.get_field(name).attname

    def prepare(self, rows):
        """Load in a fixed number of queries what the rows refer to."""

    def find(self, values):
        """The existing object this row updates, or None to create one."""
        return None

    def new_instance(self):
        return self.model()

    def resolve(self, instance, values):
        """Set the foreign keys of the row; raise ValidationError({column: message})."""

    def row_key(self, instance):
        raise NotImplementedError

    def parse(self, name, text):
        model_field = self.model._meta.get_field(name)
        if text == "":
            if isinstance(model_field, models.BooleanField):
                return model_field.default
            if model_field.null:
                return None
            if model_field.has_default() and not isinstance(model_field, models.CharField):
                return model_field.get_default()
            return "" if isinstance(model_field, models.CharField | models.TextField) else None
        if model_field.choices:
            return parse_choice(model_field, text)
        if isinstance(model_field, models.BooleanField):
            return parse_bool(text)
        if isinstance(model_field, models.DecimalField):
            return parse_amount(text, self.units.get(name), model_field.decimal_places)
        if isinstance(model_field, models.DateField):
            return parse_date(text)
        if isinstance(model_field, models.IntegerField):
            return parse_int(text)
        return text

    def shown(self, name, value, text):
        """A parsed value as the preview shows it: figures in their unit, choices by label."""
        model_field = self.model._meta.get_field(name)
        if isinstance(model_field, models.DecimalField) and value is not None:
            return format_amount(value, self.units.get(name), model_field.decimal_places)
        if model_field.choices and value:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        return text

    @transaction.atomic
    def save(self, result):
        for row in result.rows:
            row.instance.save()
        return len(result.rows)

    # Writing ------------------------------------------------------------------------------

    def template(self) -> bytes:
        """An empty sheet with Chinese headers, one example row, and a notes sheet."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self.title)
        with translation.override("zh-hans"):
            headers = [self.label(name) for name in self.columns]
            write_header(sheet, headers)
            sheet.append([self.example_value(name) for name in self.columns])
            notes = workbook.create_sheet("说明 Notes")
            write_header(notes, ["中文表头", "English header", "取值 / values"])
            for name in self.columns:
                notes.append([self.label(name), self.label(name, "en"), self.values_hint(name)])
        return to_bytes(workbook)

    def example_value(self, name):
        value = self.example.get(name, "")
        choices = self.model._meta.get_field(name).choices
        return str(dict(choices).get(value, value)) if choices else value

    def values_hint(self, name):
        model_field = self.model._meta.get_field(name)
        if name in self.lookup_columns:
            return str(self.lookup_hints.get(name, ""))
        if model_field.choices:
            return " / ".join(str(label) for _value, label in model_field.choices)
        if isinstance(model_field, models.BooleanField):
            return "是 / 否"
        if isinstance(model_field, models.DateField):
            return "2026-03-01"
        if name in self.units:
            return str(UNIT_HINTS[self.units[name]])
        return ""


def _is_plain_number(text):
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def parse_choice(model_field, text):
    wanted = _key(text)
    for value, label in model_field.choices:
        spellings = {value, str(label)}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                spellings.add(str(label))
        if wanted in {_key(s) for s in spellings}:
            return value
    raise ValidationError(
        _("Unknown value “{value}”; use one of: {choices}.").format(
            value=text, choices=", ".join(str(label) for _v, label in model_field.choices)
        )
    )


def parse_bool(text):
    word = _key(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Enter 是 or 否 (yes or no)."))


def parse_date(text):
    text = unicodedata.normalize("NFKC", text).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("Enter a date such as 2026-03-01."))


def parse_int(text):
    try:
        number = parse_amount(text, places=None)
    except ValidationError:
        raise ValidationError(_("Enter a whole number.")) from None
    if number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."))
    return int(number)


def write_header(sheet, headers):
    sheet.append(headers)
    for index, _header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A2"


def to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ProjectImporter(Importer):
    """Projects by code: a known code updates the project, a new one creates it."""

    kind = "projects"
    title = gettext_lazy("Projects")
    model = Project
    columns = list(ENTERED_FIELDS)
    required_columns = ["code"]
    lookup_columns = ("zone", "park")
    lookup_hints = {
        "zone": gettext_lazy("zone code or name"),
        "park": gettext_lazy("park name, in the zone"),
    }
    example = {
        "code": "ZJXQ-2026-101",
        "name": "精密光学元件基地",
        "zone": "ZJXQ",
        "park": "新材料产业园",
        "investor": "丹耀光学",
        "category": "manufacturing",
        "industry": "新材料",
        "level": "city_key",
        "capital_source": "domestic",
        "is_attracted": "是",
        "total_investment": 120000,
        "leader": "王志强",
        "attraction_team": "招商一局",
        "cadence": "monthly",
        "status": "active",
    }
    units = {"total_investment": WAN_YUAN, "foreign_investment_usd": WAN_USD}

    def prepare(self, rows):
        zones = list(writable_zones(self.user))
        self.zones = {}
        for zone in zones:
            self.zones[_key(zone.code)] = zone
            self.zones.setdefault(_key(zone.name), zone)
        self.parks = {
            (park.zone_id, _key(park.name)): park for park in Park.objects.filter(zone__in=zones)
        }
        codes = {row.get("code", "") for row in rows} - {""}
        self.existing = {
            p.code: p
            for p in Project.objects.writable_by(self.user)
            .filter(code__in=codes)
            .select_related("zone__region", "park")
        }

    def find(self, values):
        return self.existing.get(values.get("code", ""))

    def resolve(self, instance, values):
        errors = {}
        if "zone" in values:
            zone = self.zones.get(_key(values["zone"]))
            if zone is None:
                errors["zone"] = _("Unknown zone, or a zone you cannot edit: “{value}”.").format(
                    value=values["zone"]
                )
            else:
                instance.zone = zone
        elif instance.pk is None:
            errors["zone"] = _("A new project needs a zone.")
        if "park" in values and not errors:
            name = values["park"]
            if name == "":
                instance.park = None
            else:
                park = self.parks.get((instance.zone_id, _key(name)))
                if park is None:
                    errors["park"] = _("The zone has no park named “{value}”.").format(value=name)
                else:
                    instance.park = park
        if errors:
            raise ValidationError(errors)

    def row_key(self, instance):
        return instance.code


EXPORT_COLUMNS = ProjectImporter.columns + ["stage"]


def export_projects(queryset) -> bytes:
    """The projects of a (filtered) list as a sheet that the project import accepts back."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = str(_("Projects"))
    importer = ProjectImporter(user=None)
    write_header(sheet, [importer.label(name) for name in EXPORT_COLUMNS])
    for project in queryset.select_related("zone", "park").iterator(chunk_size=2000):
        row = []
        for name in EXPORT_COLUMNS:
            if name == "zone":
                row.append(project.zone.code)
            elif name == "park":
                row.append(project.park.name if project.park_id else "")
            elif name == "is_attracted":
                row.append(_("yes") if project.is_attracted else _("no"))
            elif Project._meta.get_field(name).choices:
                row.append(getattr(project, f"get_{name}_display")())
            else:
                value = getattr(project, name)
                row.append(value if value is not None else "")
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2, min_col=11, max_col=12):
        for cell in row:
            cell.number_format = "#,##0.00"
    return to_bytes(workbook)
