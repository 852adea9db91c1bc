"""Excel imports: the machinery every imported sheet shares (projects, plan entries, reports).

An import reads a sheet whose header row names the columns (Chinese or English, as the
model's verbose names, or the API field names), turns every row into a model instance, and
validates it with the model's own full_clean(), so the rules are those of the forms and the
API. The check writes nothing and shows each row as read (the preview); a file with any bad
row imports nothing, and the confirmed rows are saved in one transaction.

An importer declares its model, columns and key; how a row finds the object it updates and
its foreign keys (``prepare``, ``find``, ``resolve``) is the importer's own. Its template is
written by the kernel's exporter, with a dropdown on every coded column.
"""

import math
import operator
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from .amounts import MU, PERCENT, WAN_USD, WAN_YUAN, format_amount, parse_amount
from .dates import within_years
from .db import ANALYZE_AFTER_ROWS, analyze
from .excel import COUNT, DATE, MONEY, NUMBER, TEXT, Column, RowsSheet, render

# The work one file may ask for: its rows (blank lines aside), the lines read to find them,
# and the columns read (the widest importer has under 30). The file itself is at most 5 MB,
# but a zipped sheet of that size can still declare millions of cells.
MAX_ROWS = 5000
MAX_LINES = MAX_ROWS + 1000
# A float has 15 significant digits: past that its binary noise is no longer in the decimals.
FLOAT_DIGITS = 15
MAX_COLUMNS = 100
# The rows without an error that the preview lists; the rest are counted.
PREVIEW_ROWS = 200
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "x"}
FALSE_WORDS = {"否", "n", "no", "false", "0"}
YES_NO = (gettext_lazy("yes"), gettext_lazy("no"))

UNIT_HINTS = {
    WAN_YUAN: gettext_lazy("in 10k CNY; 3.2亿元, 12300元 or 500万 are converted"),
    WAN_USD: gettext_lazy("in 10k USD; 1.5亿美元 or 12300美元 are converted"),
    PERCENT: gettext_lazy("percent, 0 to 100; 35 or 35%"),
    MU: gettext_lazy("in mu (亩); 35.5 or 35.5亩"),
}


class SheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, no header, unknown columns)."""


def header_key(text: object) -> str:
    """A header, choice or code as compared: width-folded, lower case, without spaces."""
    folded = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(folded.split())


def cell_text(value: object) -> str:
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
        if not math.isfinite(value):
            return repr(value)
        number = Decimal(repr(value))
        if number.adjusted() < FLOAT_DIGITS:
            # Excel stores 1234.5 as a float; round away binary noise like 0.30000000000000004.
            number = number.quantize(Decimal("0.000001"))
        # A larger figure keeps no decimals to clean; written out in full (1e23 as 24
        # digits), the parser and the field's size refuse it with their own messages.
        return format(number.normalize(), "f")
    return str(value).strip()


@dataclass
class RowResult:
    number: int
    values: dict[str, str]
    instance: Any = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)
    # Each read column as the importer understood it (3.2亿元 → "32,000.00 万元"), for the preview.
    shown: dict[str, str] = field(default_factory=dict)
    # Figure columns whose text was more than a plain number (a unit, separators): the preview
    # shows what was typed under the value read.
    converted: set[str] = field(default_factory=set)
    # The columns whose value differs from the stored one, when the row updates a record.
    changed: set[str] = field(default_factory=set)
    # What an importer builds besides the instance (a project's milestones), saved with it.
    related: list[Any] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return self.instance is not None and self.instance.pk is not None


@dataclass
class ImportResult:
    importer: "Importer"
    columns: list[str]
    rows: list[RowResult]

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(row.number, label, message) for row in self.rows for label, message in row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    @cached_property
    def shown_rows(self) -> list[RowResult]:
        """The rows the preview lists, in file order: every row with an error, and the first
        PREVIEW_ROWS of the others (a page of 5,000 rows took 8 s to render, 3.5 MB)."""
        shown = []
        others = 0
        for row in self.rows:
            if row.errors or others < PREVIEW_ROWS:
                others += not row.errors
                shown.append(row)
        return shown

    @property
    def unshown_count(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    def payload(self) -> dict[str, Any]:
        """The rows as text, to be signed and re-submitted by the confirm step."""
        return {"kind": self.importer.kind, "columns": self.columns, "rows": self.raw_rows()}

    def raw_rows(self) -> list[list[Any]]:
        return [[row.number, [row.values.get(c, "") for c in self.columns]] for row in self.rows]


class Importer:
    """One kind of sheet. Subclasses give the model, columns, key and how to find the row."""

    # Templates list importer classes; they must not be called as if they were functions.
    do_not_call_in_templates = True
    kind = ""
    title: Any = ""
    model: type[models.Model]
    columns: list[str] = []
    required_columns: list[str] = []
    # Columns that are not a model field of the row: the subclass reads them in build_row.
    extra_labels: dict[str, Any] = {}
    # Columns an export carries for the reader (a derived stage) that an import skips.
    ignored_columns: dict[str, Any] = {}
    # The unit of each figure column (zonetrack.amounts); a decimal column not named takes
    # bare numbers only.
    units: dict[str, str] = {}
    # Other headers accepted for a column, e.g. "project code" for the project column.
    aliases: dict[str, list[Any]] = {}
    # Columns that name another object (a zone, a project); resolve() reads them.
    lookup_columns: tuple[str, ...] = ()
    lookup_hints: dict[str, Any] = {}
    # Models a row's save fills besides its own (a project's milestones), for ANALYZE.
    also_filled: set[type[models.Model]] = set()

    def __init__(self, user: Any):
        self.user = user

    # Column names -------------------------------------------------------------------------

    def label(self, name: str, language: str | None = None) -> str:
        text = self.extra_labels.get(name) or self.ignored_columns.get(name)
        if text is None:
            text = self.field(name).verbose_name
        if language is None:
            return str(text)
        with translation.override(language):
            return str(text)

    def header_map(self) -> dict[str, str]:
        """Every accepted spelling of each column's header → the column's name."""
        mapping = {}
        for name in [*self.columns, *self.ignored_columns]:
            spellings = [name, *self.aliases.get(name, [])]
            for language in ("zh-hans", "en"):
                spellings.append(self.label(name, language))
                with translation.override(language):
                    mapping.update({header_key(spelling): name for spelling in spellings})
        return mapping

    # Reading ------------------------------------------------------------------------------

    def read(self, uploaded: IO[bytes]) -> ImportResult:
        try:
            workbook = load_workbook(uploaded, read_only=True, data_only=True)
        except Exception as error:
            raise SheetError(_("This is not an Excel .xlsx file.")) from error
        sheet = workbook.worksheets[0]
        header = next(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), None)
        if header is None:
            raise SheetError(_("The sheet is empty."))
        header = _trimmed(header)
        if len(header) > MAX_COLUMNS:
            raise SheetError(_("A sheet may have at most {n} columns.").format(n=MAX_COLUMNS))
        # Cells right of the header belong to no column: they are not even read.
        rows = sheet.iter_rows(min_row=2, values_only=True, max_col=max(len(header), 1))
        accepted = self.header_map()
        columns = []
        unknown = []
        for cell in header:
            text = cell_text(cell)
            name = accepted.get(header_key(text)) if text else None
            columns.append(None if name in self.ignored_columns else name)
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
        raw: list[tuple[int, list[str]]] = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_LINES + 1:
                raise SheetError(
                    _("A sheet may span at most {n} lines below its header.").format(n=MAX_LINES)
                )
            texts = [cell_text(v) for v in values]
            if not any(texts):
                continue
            if len(raw) >= MAX_ROWS:
                raise SheetError(_("A file may hold at most {n} rows.").format(n=MAX_ROWS))
            raw.append((number, texts))
        present = [c for c in columns if c]
        return self.check(
            present,
            [[n, [t for c, t in zip(columns, texts, strict=False) if c]] for n, texts in raw],
        )

    def check(self, columns: list[str], raw_rows: list[list[Any]]) -> ImportResult:
        """Build and validate every row; never writes."""
        self.prepare([dict(zip(columns, texts, strict=False)) for _n, texts in raw_rows])
        result = ImportResult(self, columns, [])
        seen: dict[object, int] = {}
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
                # The lookup columns are settled in bulk: resolve() took them from the objects
                # prepare() loaded (so they exist), and find() with the row keys above rules out
                # a second record under the same key, in the file or stored. Checking them per
                # row would cost two queries a row (5,000 rows: 10,000 queries).
                exclude = failed | set(self.lookup_columns)
                row.instance.full_clean(exclude=exclude, validate_constraints=False)
                validate_constraints(row.instance, exclude)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    label = (
                        self.label(name)
                        if name != NON_FIELD_ERRORS and name in self.columns
                        else _("row")
                    )
                    row.errors.extend((label, message) for message in messages)
        return result

    def build_row(self, row: RowResult) -> set[str]:
        """Set the row's values on its instance; return the fields that could not be read."""
        instance = self.find(row.values) or self.new_instance()
        fields = [n for n in self.columns if n in row.values and n not in self.extra_labels]
        before = {name: getattr(instance, self.attname(name)) for name in fields}
        failed = set()
        row.shown = dict(row.values)
        for name in self.columns:
            if name not in row.values or name in self.lookup_columns or name in self.extra_labels:
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
        if instance.pk is not None:
            row.changed |= {
                name for name in fields if getattr(instance, self.attname(name)) != before[name]
            }
        row.instance = instance
        return failed

    def field(self, name: str) -> "models.Field[Any, Any]":
        """The model field of a column (extra and lookup columns aside, every column is one)."""
        model_field = self.model._meta.get_field(name)
        assert isinstance(model_field, models.Field)
        return model_field

    def attname(self, name: str) -> str:
        return self.field(name).attname

    def prepare(self, rows: list[dict[str, str]]) -> None:
        """Load in a fixed number of queries what the rows refer to."""

    def find(self, values: dict[str, str]) -> Any:
        """The existing object this row updates, or None to create one."""
        return None

    def new_instance(self) -> Any:
        return self.model()

    def resolve(self, instance: Any, values: dict[str, str]) -> None:
        """Set the foreign keys of the row; raise ValidationError({column: message})."""

    def row_key(self, instance: Any) -> object:
        raise NotImplementedError

    def parse(self, name: str, text: str) -> Any:
        model_field = self.field(name)
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

    def shown(self, name: str, value: Any, text: str) -> str:
        """A parsed value as the preview shows it: figures in their unit, choices by label."""
        model_field = self.field(name)
        if isinstance(model_field, models.DecimalField) and value is not None:
            return str(format_amount(value, self.units.get(name), model_field.decimal_places))
        if model_field.choices and value:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        if isinstance(value, date):
            return value.isoformat()
        return text

    def save(self, result: ImportResult) -> int:
        with transaction.atomic():
            for row in result.rows:
                self.save_row(row)
        if len(result.rows) >= ANALYZE_AFTER_ROWS:
            analyze({type(row.instance) for row in result.rows} | self.also_filled)
        return len(result.rows)

    def save_row(self, row: RowResult) -> None:
        row.instance.save()

    # Writing ------------------------------------------------------------------------------

    def column(self, name: str) -> Column:
        """A column of the template and of an export that the import reads back."""
        label = self.label(name)
        if name in self.lookup_columns:
            return Column(label, TEXT, choices=self.lookup_choices(name))
        if name in self.extra_labels:
            return Column(label, self.extra_kind(name))
        model_field = self.field(name)
        if model_field.choices:
            return Column(label, TEXT, choices=[str(text) for _v, text in model_field.choices])
        if isinstance(model_field, models.BooleanField):
            return Column(label, TEXT, choices=[str(word) for word in YES_NO])
        if isinstance(model_field, models.DecimalField):
            unit = self.units.get(name)
            return Column(label, MONEY if unit in (WAN_YUAN, WAN_USD) else NUMBER)
        if isinstance(model_field, models.DateField):
            return Column(label, DATE)
        if isinstance(model_field, models.IntegerField):
            return Column(label, COUNT)
        return Column(label, TEXT)

    def lookup_choices(self, name: str) -> Sequence[str]:
        """The values a lookup column's dropdown offers (the user's zones, say)."""
        return ()

    def extra_kind(self, name: str) -> str:
        return TEXT

    def examples(self) -> list[dict[str, Any]]:
        """Made-up rows (column name → value) the template shows; never real records."""
        return []

    def template(self) -> bytes:
        """An empty sheet with Chinese headers, example rows, and a notes sheet."""
        with translation.override("zh-hans"):
            return render(
                RowsSheet(
                    self.title,
                    [self.column(name) for name in self.columns],
                    [
                        [self.example_value(ex, name) for name in self.columns]
                        for ex in self.examples()
                    ],
                ),
                RowsSheet(
                    "说明 Notes",
                    [
                        Column("中文表头"),
                        Column("English header"),
                        Column("取值 / values", width=60),
                    ],
                    [
                        [self.label(name), self.label(name, "en"), self.values_hint(name)]
                        for name in self.columns
                    ],
                    autofilter=False,
                ),
            )

    def example_value(self, example: dict[str, Any], name: str) -> Any:
        value = example.get(name, "")
        if name in self.extra_labels or name in self.lookup_columns:
            return value
        model_field = self.field(name)
        if model_field.choices:
            return str(dict(model_field.choices).get(value, value))
        if isinstance(value, bool):
            return str(YES_NO[0] if value else YES_NO[1])
        return value

    def values_hint(self, name: str) -> str:
        if name in self.lookup_columns:
            return str(self.lookup_hints.get(name, ""))
        if name in self.extra_labels:
            return str(self.extra_hint(name))
        model_field = self.field(name)
        if model_field.choices:
            return " / ".join(str(label) for _value, label in model_field.choices)
        if isinstance(model_field, models.BooleanField):
            return " / ".join(str(word) for word in YES_NO)
        if isinstance(model_field, models.DateField):
            return "2026-03-01"
        if name in self.units:
            return str(UNIT_HINTS[self.units[name]])
        return ""

    def extra_hint(self, name: str) -> str:
        return ""


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class _NotInPython(Exception):
    """A condition with a lookup or expression the evaluator below does not know."""


def validate_constraints(instance: models.Model, exclude: set[str]) -> None:
    """``instance.validate_constraints(exclude)``, with the check constraints evaluated in
    Python where their conditions are plain comparisons (``amount__gte=0``,
    ``revitalized_mu__lte=F("area_mu")``, ``isnull``), as the database would: an unknown
    (NULL) result passes. Django asks the database once per constraint and row; an import
    of 5,000 rows with four such constraints would send 20,000 queries."""
    errors: dict[str, list[ValidationError]] = {}
    # django-stubs 5.2.9 leaves out BaseConstraint.validate (as zonetrack.db notes).
    constraints: list[Any] = list(instance._meta.constraints)
    for constraint in constraints:
        try:
            if isinstance(constraint, models.CheckConstraint) and _holds_in_python(
                constraint, instance, exclude
            ):
                continue
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError as error:
            # Filed as Model.validate_constraints files them: a unique one on its one field.
            fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
            if error.code == "unique" and len(fields) == 1:
                errors.setdefault(fields[0], []).append(error)
            else:
                errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _holds_in_python(
    constraint: models.CheckConstraint, instance: models.Model, exclude: set[str]
) -> bool:
    """True when the constraint holds or is not to be checked; raise its ValidationError
    when it fails; False when Python cannot tell (the database must be asked)."""
    try:
        if _condition_fields(constraint.condition) & exclude:
            return True
        holds = _holds(constraint.condition, instance)
    except _NotInPython:
        return False
    if holds is False:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )
    return True


def _condition_fields(condition: Any) -> set[str]:
    if not isinstance(condition, Q):
        raise _NotInPython
    names = set()
    children: list[Any] = list(condition.children)
    for child in children:
        if isinstance(child, Q):
            names |= _condition_fields(child)
            continue
        key, value = child
        names.add(key.split("__")[0])
        if isinstance(value, F):
            names.add(value.name)
        elif hasattr(value, "resolve_expression"):
            raise _NotInPython
    return names


def _holds(condition: Any, instance: models.Model) -> bool | None:
    """The condition on the instance in SQL's three values (None: unknown, a NULL)."""
    results = []
    children: list[Any] = list(condition.children)
    for child in children:
        if isinstance(child, Q):
            results.append(_holds(child, instance))
            continue
        key, expected = child
        name, _sep, lookup = key.partition("__")
        actual = instance.serializable_value(name)
        if isinstance(expected, F):
            expected = instance.serializable_value(expected.name)
        if lookup == "isnull":
            results.append((actual is None) == bool(expected))
        elif (lookup or "exact") in _COMPARISONS:
            compare = _COMPARISONS[lookup or "exact"]
            unknown = actual is None or expected is None
            results.append(None if unknown else compare(actual, expected))
        else:
            raise _NotInPython
    if condition.connector == Q.OR:
        result = True if True in results else None if None in results else False
    else:
        result = False if False in results else None if None in results else True
    return result if result is None or not condition.negated else not result


def _trimmed(header: tuple[Any, ...]) -> tuple[Any, ...]:
    """The header without the empty cells after its last column (a formatted blank cell)."""
    end = len(header)
    while end and cell_text(header[end - 1]) == "":
        end -= 1
    return header[:end]


def _is_plain_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def parse_choice(model_field: "models.Field[Any, Any]", text: str) -> Any:
    wanted = header_key(text)
    for value, label in model_field.choices or ():
        spellings = {value, str(label)}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                spellings.add(str(label))
        if wanted in {header_key(s) for s in spellings}:
            return value
    raise ValidationError(
        _("Unknown value “{value}”; use one of: {choices}.").format(
            value=text, choices=", ".join(str(label) for _v, label in model_field.choices or ())
        )
    )


def parse_bool(text: str) -> bool:
    word = header_key(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Enter 是 or 否 (yes or no)."))


def parse_date(text: str) -> date:
    """A date as typed, in the years 2000–2100 (also for dates no model field holds)."""
    text = unicodedata.normalize("NFKC", text).strip()
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        within_years(day)
        return day
    raise ValidationError(_("Enter a date such as 2026-03-01."))


def parse_int(text: str) -> int:
    try:
        number = parse_amount(text, places=None)
    except ValidationError:
        raise ValidationError(_("Enter a whole number.")) from None
    if number is None or number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."))
    return int(number)
