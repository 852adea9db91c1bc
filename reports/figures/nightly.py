"""The nightly check of the stored figures: a day's snapshots (copied from the rollups)
against the data, an alert for admins on any difference, and the repair.

The snapshot job copies each zone's rollup when it is current for the day, so a rollup that
drifted from its data shows as a snapshot that differs from the same day computed live.
"""

from datetime import date

from django.db import transaction

from supervision.choices import AlertKind
from supervision.models import Alert

from .period import Period
from .snapshots import store_figures
from .verify import Verification, verify_snapshots

# How many differences an alert names; the rest are counted.
NAMED = 5


def alert_detail(verification: Verification) -> str:
    """The zones that differed and the first few differences, in the data's own words."""
    named = "; ".join(str(difference) for difference in verification.differences[:NAMED])
    more = len(verification.differences) - NAMED
    return (
        f"{len(verification.differing)} of {len(verification.compared)} zones differed "
        f"({len(verification.differences)} figures): {named}"
        + (f"; {more} more" if more > 0 else "")
    )


def check_day(on: date) -> Verification:
    """Compare the zone snapshots of ``on`` with the figures computed live for ``on``; on
    any difference store the live figures as that day's snapshots and raise (or update) the
    day's alert. A day without differences resolves the alerts of earlier days."""
    verification, live = verify_snapshots(on)
    with transaction.atomic():
        if verification.differences:
            store_figures(Period(on.year, on), live)
            Alert.objects.update_or_create(
                key=f"{AlertKind.FIGURES_DIFFER}:{on.isoformat()}",
                resolved_on=None,
                defaults={
                    "kind": AlertKind.FIGURES_DIFFER,
                    "zone_id": verification.differing[0],
                    "raised_on": on,
                    "last_seen_on": on,
                    "detail": alert_detail(verification),
                },
            )
        else:
            Alert.objects.open().filter(kind=AlertKind.FIGURES_DIFFER, last_seen_on__lt=on).update(
                resolved_on=on
            )
    return verification
