"""The demo's ledger of idle and inefficient land (闲置低效土地): a few parcels per zone, found
over the last two years, some brought back into use this year by a project of the zone, and
the zone's land targets for the year."""

import random
from datetime import date, timedelta
from decimal import Decimal

from investment.choices import LandKind, LandMethod, TargetMetric
from investment.models import LandParcel, Target
from projects.models import Project

SEED = "20261122-land"
# (location, land use, kind, method, area in 亩); the first ones of each zone are revitalized.
PARCELS = [
    ("原机械厂老厂区地块", "工业", LandKind.ZOMBIE, LandMethod.RECLAIM, "86.40"),
    ("经五路东侧闲置地块", "工业", LandKind.IDLE, LandMethod.TRANSFER, "42.75"),
    ("原纺织公司低效厂房", "工业", LandKind.INEFFICIENT, LandMethod.RENOVATION, "31.20"),
    ("纬三路北侧烂尾厂房", "工业", LandKind.UNFINISHED, LandMethod.JOINT, "58.00"),
    ("物流园西侧低效仓储地块", "仓储", LandKind.INEFFICIENT, LandMethod.REDEVELOP, "27.60"),
    ("原建材市场闲置地块", "商服", LandKind.IDLE, LandMethod.RECLAIM, "19.35"),
]
REVITALIZED_PER_ZONE = 2


def seed_land(today: date, zones) -> int:
    """The zones' parcels that are missing (by location), and the zones' land targets;
    returns how many parcels were created."""
    created = 0
    for index, zone in enumerate(zones):
        rng = random.Random(f"{SEED}-{zone.code}")
        parks = list(zone.parks.order_by("pk"))
        users = list(
            Project.objects.filter(zone=zone, is_attracted=True).order_by("code")[
                :REVITALIZED_PER_ZONE
            ]
        )
        existing = set(LandParcel.objects.filter(zone=zone).values_list("location", flat=True))
        for number, (place, use, kind, method, area) in enumerate(PARCELS):
            location = f"{zone.name}{place}"
            if location in existing:
                continue
            identified = today - timedelta(days=rng.randint(200, 640))
            parcel = LandParcel(
                zone=zone,
                park=parks[number % len(parks)] if parks else None,
                location=location,
                area_mu=Decimal(area),
                land_use=use,
                kind=kind,
                identified_on=identified,
                method=method,
                planned_year=today.year + (0 if number < 4 else 1),
            )
            if number < REVITALIZED_PER_ZONE and number < len(users):
                share = Decimal(rng.choice(["1", "1", "0.8"]))
                parcel.revitalized_on = date(today.year, 1, 1) + timedelta(
                    days=rng.randint(30, (today - date(today.year, 1, 1)).days - 1)
                )
                parcel.revitalized_mu = (parcel.area_mu * share).quantize(Decimal("0.01"))
                parcel.project = users[number]
                parcel.investment = Decimal(rng.randint(8, 40) * 1000)
            parcel.full_clean()
            parcel.save()
            created += 1
        _seed_land_targets(zone, today.year, index)
    return created


def _seed_land_targets(zone, year: int, index: int) -> None:
    for metric, annual in (
        (TargetMetric.LAND_REVITALIZED_MU, Decimal("150.00") + 20 * index),
        (TargetMetric.PARCELS_REVITALIZED, Decimal(3 + index % 2)),
    ):
        Target.objects.get_or_create(
            zone=zone,
            year=year,
            metric=metric,
            min_investment=Decimal("0.00"),
            defaults={
                "annual_value": annual,
                "q1_value": (annual * Decimal("0.2")).quantize(Decimal("0.01")),
                "q2_value": (annual * Decimal("0.5")).quantize(Decimal("0.01")),
                "q3_value": (annual * Decimal("0.75")).quantize(Decimal("0.01")),
            },
        )
