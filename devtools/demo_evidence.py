"""The demo's evidence (印证资料): site photos drawn by the demo itself on a few blockers and
progress updates, and each update linked to the blockers of its project it reports on.

The photos are made with Pillow (no file is shipped or downloaded): a sky, the ground, a
building frame as far up as the project's image progress, a tower crane, and the camera's
date stamp, as a phone on site would take them.
"""

import random
from datetime import date
from io import BytesIO

from django.db.models import Max
from PIL import Image, ImageDraw

from supervision.models import PENDING, Blocker, Evidence, ProgressUpdate

from .demo_supervision import ROUNDS_ZONE, SEED, _users, at, demo_clock

# How many of the zone's latest updates and open blockers get a photo.
PHOTOGRAPHED_UPDATES = 4
PHOTOGRAPHED_BLOCKERS = 3
WIDTH, HEIGHT = 960, 720


def site_photo(rng: random.Random, progress: float, stamp: str) -> bytes:
    """A JPEG of a building site ``progress`` (0–1) of the way up."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = int(HEIGHT * rng.uniform(0.58, 0.66))
    for y in range(horizon):
        shade = int(150 + 80 * y / horizon)
        draw.line([(0, y), (WIDTH, y)], fill=(shade - 60, shade - 20, shade + 20))
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(128, 108, 82))
    left = int(WIDTH * rng.uniform(0.18, 0.3))
    right = left + int(WIDTH * rng.uniform(0.35, 0.45))
    floors = 8
    built = max(1, round(floors * progress))
    floor_height = (horizon - 120) // floors
    for floor in range(built):
        top = horizon - (floor + 1) * floor_height
        draw.rectangle([left, top, right, top + floor_height], outline=(90, 90, 90), width=4)
        for column in range(left, right, 48):
            draw.line([(column, top), (column, top + floor_height)], fill=(110, 110, 110), width=3)
    mast = right + 80
    draw.line([(mast, horizon), (mast, 70)], fill=(230, 180, 30), width=10)
    draw.line([(mast - 260, 80), (mast + 120, 80)], fill=(230, 180, 30), width=8)
    draw.line([(mast - 180, 80), (mast - 180, 80 + rng.randint(120, 260))], fill=(60, 60, 60))
    draw.text((WIDTH - 200, HEIGHT - 40), stamp, fill=(255, 150, 40))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def link_updates_to_blockers(today: date) -> None:
    """Each project's latest update reports on its pending blockers raised by then."""
    blockers = Blocker.objects.filter(
        status__in=PENDING, project__zone__code=ROUNDS_ZONE, updates__isnull=True
    )
    latest = {
        row["project"]: row["last"]
        for row in ProgressUpdate.objects.filter(project__in=blockers.values("project"))
        .values("project")
        .annotate(last=Max("period_start"))
    }
    updates = {
        update.project_id: update
        for update in ProgressUpdate.objects.filter(project__in=list(latest))
        if update.period_start == latest[update.project_id]
    }
    for blocker in blockers:
        update = updates.get(blocker.project_id)
        if update is not None and blocker.raised_on <= update.period_end:
            update.blockers.add(blocker)


def seed_evidence(today: date) -> int:
    """Photos on the zone's latest updates and its first blockers; returns how many were
    attached now."""
    users = _users()
    official = users.get(f"official_{ROUNDS_ZONE.lower()}")
    attached = 0
    # The same few every run, each photographed once: a second run adds nothing.
    updates = (
        ProgressUpdate.objects.filter(project__zone__code=ROUNDS_ZONE)
        .select_related("project")
        .order_by("-period_start", "project__code")[:PHOTOGRAPHED_UPDATES]
    )
    photographed = set(
        Evidence.objects.filter(progress_update__in=list(updates)).values_list(
            "progress_update", flat=True
        )
    )
    for update in updates:
        if update.pk in photographed:
            continue
        rng = random.Random(f"{SEED}-photo-update-{update.project.code}")
        taken = at(min(today, update.period_end), 10, rng.randint(0, 59))
        photo = site_photo(rng, float(update.image_progress) / 100, f"{taken:%Y-%m-%d %H:%M}")
        with demo_clock(taken):
            Evidence.objects.attach_bytes(
                update,
                photo,
                f"{update.project.name}-现场-{taken:%m%d}.jpg",
                uploaded_by=official,
                caption="现场形象进度",
            )
        attached += 1
    blockers = (
        Blocker.objects.filter(project__zone__code=ROUNDS_ZONE)
        .select_related("project")
        .order_by("raised_on", "pk")[:PHOTOGRAPHED_BLOCKERS]
    )
    photographed = set(
        Evidence.objects.filter(blocker__in=list(blockers)).values_list("blocker", flat=True)
    )
    for blocker in blockers:
        if blocker.pk in photographed:
            continue
        rng = random.Random(f"{SEED}-photo-blocker-{blocker.title}")
        taken = at(blocker.raised_on, 9, rng.randint(0, 59))
        photo = site_photo(rng, rng.uniform(0.1, 0.4), f"{taken:%Y-%m-%d %H:%M}")
        with demo_clock(taken):
            Evidence.objects.attach_bytes(
                blocker,
                photo,
                f"{blocker.title}-现场.jpg",
                uploaded_by=official,
                caption="问题现场",
            )
        attached += 1
    return attached
