"""Changing a region's rule set: a new version, and its zones re-coloured once committed."""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from parks.models import Zone
from zonetrack.commits import AfterCommit
from zonetrack.db import today

from .choices import LightRuleKind
from .models import LightRule, LightRuleSet


def save_rules(region, rules: dict[str, dict], user) -> LightRuleSet:
    """Store ``rules`` (kind -> {enabled, yellow, red}) as ``region``'s set (None: the
    defaults' set), creating it if needed; the set's version goes up. One transaction."""
    with transaction.atomic():
        # Without the ordering's join to the region: PostgreSQL locks no outer join.
        locked = LightRuleSet.objects.select_for_update(of=("self",)).order_by("pk")
        place = Q(region_id=region.pk) if region is not None else Q(region__isnull=True)
        rule_set = locked.filter(place).first() or LightRuleSet(region=region)
        rule_set.updated_by = user
        rule_set.save()
        existing = {rule.kind: rule for rule in rule_set.rules.all()}
        for kind in LightRuleKind.values:
            rule = existing.get(kind) or LightRule(rule_set=rule_set, kind=kind)
            for name, value in rules[kind].items():
                setattr(rule, name, value)
            rule.full_clean()
            rule.save()
    return rule_set


def _reevaluate(paths: set[str]) -> None:
    from ..tasks import evaluate_lights

    day = today().isoformat()
    if "" in paths:
        evaluate_lights.delay(day)
        return
    for path in sorted(paths):
        zone_ids = list(
            Zone.objects.filter(region__path__startswith=path).values_list("pk", flat=True)
        )
        evaluate_lights.delay(day, zone_ids)


# A changed set re-colours the zones below its region (those with a nearer set of their own
# come out unchanged and write nothing).
sets_changed: AfterCommit[str] = AfterCommit(_reevaluate)


def _path(rule_set: LightRuleSet) -> str:
    return rule_set.region.path if rule_set.region is not None else ""


def set_changed(sender, instance, **kwargs):
    sets_changed.note({_path(instance)})


def rule_changed(sender, instance, **kwargs):
    rule_set = LightRuleSet.objects.select_related("region").filter(pk=instance.rule_set_id).first()
    if rule_set is not None:
        sets_changed.note({_path(rule_set)})


def connect():
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(set_changed, sender=LightRuleSet, dispatch_uid=f"zt-light-set-{name}")
        signal.connect(rule_changed, sender=LightRule, dispatch_uid=f"zt-light-rule-{name}")
