"""The rule-set page of a region (红黄绿灯规则): its administrators edit the thresholds."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parks.access import LEAD, access_for
from parks.models import Region

from .choices import LightRuleKind
from .rules import SPECS, set_for, stored_sets
from .services import save_rules


def administered_regions(user):
    """The regions whose rule set ``user`` edits: those at or below a region it leads
    (a zone lead's membership of a region), every region for an administrator."""
    access = access_for(user)
    if access.is_admin:
        return Region.objects.all()
    q = Q(pk__in=[])
    for path in sorted(access.region_paths.get(LEAD, ())):
        q |= Q(path__startswith=path)
    return Region.objects.filter(q)


class RuleForm(forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("On"), required=False)
    yellow = forms.DecimalField(
        label=gettext_lazy("Yellow"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    red = forms.DecimalField(
        label=gettext_lazy("Red"), required=False, min_value=0, max_digits=7, decimal_places=1
    )

    def clean(self):
        data = super().clean()
        yellow, red = data.get("yellow"), data.get("red")
        if yellow is not None and red is not None and yellow > red:
            raise forms.ValidationError(_("The yellow threshold cannot be above the red one."))
        return data


@login_required
def rule_sets(request):
    """The regions the user administers, each with the set its zones use."""
    regions = list(administered_regions(request.user).order_by("path"))
    if not regions:
        raise PermissionDenied
    sets = stored_sets()
    rows = [(region, region.path in sets, set_for(region.path, sets)) for region in regions]
    return render(request, "supervision/light_rule_sets.html", {"rows": rows})


@login_required
def rule_set_edit(request, region_id):
    region = get_object_or_404(administered_regions(request.user), pk=region_id)
    current = set_for(region.path, stored_sets())
    kinds = list(LightRuleKind)
    rule_forms = [
        RuleForm(
            request.POST or None,
            prefix=str(kind.value),
            initial={
                "enabled": current.rule(kind).enabled,
                "yellow": current.rule(kind).yellow,
                "red": current.rule(kind).red,
            },
        )
        for kind in kinds
    ]
    if request.method == "POST" and all(form.is_valid() for form in rule_forms):
        rules = {
            kind.value: form.cleaned_data for kind, form in zip(kinds, rule_forms, strict=True)
        }
        rule_set = save_rules(region, rules, request.user)
        messages.success(
            request,
            _(
                "The rules of {region} are saved (version {version}); its lights are re-evaluated."
            ).format(region=region.name, version=rule_set.version),
        )
        return redirect("supervision:light_rules")
    rows = [
        {"kind": kind, "spec": SPECS[kind], "form": form}
        for kind, form in zip(kinds, rule_forms, strict=True)
    ]
    return render(
        request,
        "supervision/light_rule_set_form.html",
        {"region": region, "rows": rows, "current": current},
    )
