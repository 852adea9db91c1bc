"""Filters for regions, zones and parks, shared by the API and the HTML lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from zonetrack.dates import within_years

from .choices import ZoneKind
from .models import Park, Region, Zone


def visible_choices(model):
    """A ``queryset`` for a choice filter: the objects of ``model`` the request's user sees.

    An id the user cannot see is then refused like one that does not exist, so filters
    cannot be used to probe other zones.
    """

    def queryset(request):
        return model.objects.visible_to(getattr(request, "user", None))

    return queryset


class FilterSet(django_filters.FilterSet):
    @classmethod
    def extend(cls, filters: dict, before: str | None = None):
        """Add filters that an app of a higher layer defines over its own models (the plan
        filters of investment on projects), from its ``AppConfig.ready()``: the lower app
        offers them without importing the higher one. ``before`` places them (forms and
        the API schema list filters in this order).
        """
        for name, new in filters.items():
            # What the metaclass does for declared filters: a filter queries its own name.
            new.field_name = new.field_name or name
        names = list(cls.base_filters)
        at = names.index(before) if before in names else len(names)
        merged = [*names[:at], *filters, *names[at:]]
        cls.base_filters = {
            name: filters[name] if name in filters else cls.base_filters[name] for name in merged
        }

    """A FilterSet whose generated filters are labelled with the model field's name."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        filter_ = super().filter_for_field(field, field_name, lookup_expr)
        if filter_.label is None:
            filter_.label = capfirst(field.verbose_name)
        return filter_


class RowFilterMixin:
    """One parameter of a group that together describe one related row (a plan entry of a
    year, a milestone reached within dates): the group's ``condition`` is built from all its
    values given, and applied once, by the first of them present.
    """

    def __init__(self, *args, group: tuple[str, ...], condition, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.condition = condition

    def filter(self, qs, value):
        given = {
            name: self.parent.form.cleaned_data.get(name)
            for name in self.group
            if self.parent.form.cleaned_data.get(name) not in (None, "")
        }
        if not given or next(iter(given)) != self.field_name:
            return qs
        return qs.filter(self.condition(given))


class RowNumberFilter(RowFilterMixin, django_filters.NumberFilter):
    pass


class RowChoiceFilter(RowFilterMixin, django_filters.ChoiceFilter):
    pass


class DateFilter(django_filters.DateFilter):
    """A date in the years 2000–2100 (zonetrack.dates): a date parameter outside is a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [within_years])
        super().__init__(*args, **kwargs)


class RowDateFilter(RowFilterMixin, DateFilter):
    pass


class YearFilter(django_filters.NumberFilter):
    """A calendar year of a date field (``lookup_expr="year"``): a whole number in 2000–2100,
    the years any date of the product lies in; anything else is a 400, never a query."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class RegionSubtreeFilter(django_filters.ModelChoiceFilter):
    """A region id matching objects in that region and in every region below it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", visible_choices(Region))
        kwargs.setdefault("label", _("Region (includes its sub-regions)"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


class SearchFilter(django_filters.CharFilter):
    """Free text matched (case-insensitive, anywhere) against several fields."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        q = Q()
        for name in self.search_fields:
            q |= Q(**{f"{name}__icontains": value})
        return qs.filter(q)


class RegionFilterSet(FilterSet):
    parent = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Region), label=_("Parent region (direct children only)")
    )
    q = SearchFilter(fields=["name", "code"], label=_("Search in name and code"))

    class Meta:
        model = Region
        fields = ["parent", "code"]


class ZoneFilterSet(FilterSet):
    region = RegionSubtreeFilter(field_name="region")
    kind = django_filters.ChoiceFilter(choices=ZoneKind.choices, label=_("Kind"))
    q = SearchFilter(fields=["name", "code"], label=_("Search in name and code"))

    class Meta:
        model = Zone
        fields = ["region", "kind", "code"]


class ParkFilterSet(FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_choices(Zone), label=_("Zone"))
    region = RegionSubtreeFilter(field_name="zone__region")
    q = SearchFilter(fields=["name", "lead_industry"], label=_("Search in name and industry"))

    class Meta:
        model = Park
        fields = ["zone", "region"]
