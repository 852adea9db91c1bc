"""Milestone races on PostgreSQL (issue 15): officials writing one project's milestones at
the same moment, through the API of a live server, each thread with its own connection.

The rules across a project's milestones are checked under a lock on the project, and its
stage is stored in the same transaction: no race breaks a rule, leaves the stage out of step
with the milestones, or answers a 5xx.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests
from django.db import connections
from rest_framework.authtoken.models import Token

from projects.models import Milestone, Project, stage_for
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def connections_closed_after_each_request():
    # Each request of the live server runs in a thread of its own: a connection kept for
    # reuse (CONN_MAX_AGE) would outlive it, and a hundred would exhaust the cluster.
    default = connections.settings["default"]
    kept, default["CONN_MAX_AGE"] = default["CONN_MAX_AGE"], 0
    yield
    default["CONN_MAX_AGE"] = kept


@pytest.fixture
def post(live_server, alice, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [],
    }
    token = Token.objects.create(user=alice).key

    def send(body):
        return requests.post(
            f"{live_server.url}/api/milestones/",
            json=body,
            headers={"Authorization": f"Token {token}", "Accept-Language": "en"},
            timeout=60,
        )

    return send


# At most this many requests in flight: each holds a server thread and a PostgreSQL
# connection, and the test cluster's connections are shared.
IN_FLIGHT = 20


def at_once(send, bodies):
    with ThreadPoolExecutor(max_workers=min(len(bodies), IN_FLIGHT)) as pool:
        return list(pool.map(send, bodies))


def assert_in_step(project):
    """The stored stage is the one the stored milestones give, and the dates are in order."""
    project.refresh_from_db()
    reached = dict(
        project.milestones.filter(actual_on__isnull=False).values_list("kind", "actual_on")
    )
    assert project.stage == stage_for(reached)
    signing, groundbreaking = reached.get("signing"), reached.get("groundbreaking")
    if groundbreaking and project.is_attracted:
        assert signing is not None
    if signing and groundbreaking:
        assert signing <= groundbreaking


def test_ten_races_of_a_signing_against_an_earlier_groundbreaking(post, zone_a, frozen_today):
    # Public works (no signing needed): groundbreaking 2026-03-01 and signing 2026-03-05 sent
    # at once; whichever comes second is refused, never both stored (a signing after it).
    for _round in range(10):
        project = ProjectFactory(zone=zone_a, is_attracted=False)
        answers = at_once(
            post,
            [
                {"project": project.pk, "kind": "groundbreaking", "actual_on": "2026-03-01"},
                {"project": project.pk, "kind": "signing", "actual_on": "2026-03-05"},
            ],
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [201, 400], [a.text for a in answers]
        assert project.milestones.count() == 1
        assert_in_step(project)


def test_ten_races_of_a_groundbreaking_against_its_signing_cleared(post, alice, zone_a):
    # An attracted project signed on 2026-03-01: one official deletes the signing while
    # another records the groundbreaking. Never a groundbreaking left without its signing.
    token = Token.objects.get(user=alice).key
    headers = {"Authorization": f"Token {token}"}
    for _round in range(10):
        project = ProjectFactory(zone=zone_a, is_attracted=True)
        signing = Milestone.objects.create(
            project=project, kind="signing", actual_on=date(2026, 3, 1)
        )

        def act(which, project=project, signing=signing):
            if which == "delete":
                return requests.delete(
                    f"{LIVE['url']}/api/milestones/{signing.pk}/", headers=headers, timeout=60
                )
            return post(
                {"project": project.pk, "kind": "groundbreaking", "actual_on": "2026-03-02"}
            )

        answers = at_once(act, ["delete", "groundbreaking"])
        assert all(a.status_code < 500 for a in answers), [a.text for a in answers]
        assert sorted(a.status_code for a in answers) in ([201, 400], [204, 201], [204, 400])
        assert_in_step(project)


LIVE: dict[str, str] = {}


@pytest.fixture(autouse=True)
def live_url(live_server):
    LIVE["url"] = live_server.url


def test_a_hundred_identical_creates_store_one(post, zone_a, frozen_today):
    project = ProjectFactory(zone=zone_a)
    body = {"project": project.pk, "kind": "signing", "actual_on": "2026-03-05"}
    answers = at_once(post, [body] * 100)
    codes = [a.status_code for a in answers]
    assert codes.count(201) == 1
    assert set(codes) <= {201, 400, 409}
    refused = next(a for a in answers if a.status_code == 400)
    assert refused.json() == {"kind": ["This project already has a milestone of this kind."]}
    assert project.milestones.count() == 1
    assert_in_step(project)


def test_the_stage_stays_in_step_under_mixed_writes(post, alice, zone_a, frozen_today):
    # Signing, groundbreaking and completion of public works sent at once with a project
    # rename (a full save of a copy read before): the stored stage is what the milestones say.
    token = Token.objects.get(user=alice).key
    headers = {"Authorization": f"Token {token}"}
    for _round in range(5):
        project = ProjectFactory(zone=zone_a, is_attracted=False)

        def act(which, project=project):
            if which == "rename":
                return requests.patch(
                    f"{LIVE['url']}/api/projects/{project.pk}/",
                    json={"name": "改名"},
                    headers=headers,
                    timeout=60,
                )
            day = {"signing": "2026-03-01", "groundbreaking": "2026-04-01"}.get(which, "2026-09-01")
            return post({"project": project.pk, "kind": which, "actual_on": day})

        answers = at_once(act, ["signing", "groundbreaking", "completion", "rename"])
        assert all(a.status_code < 300 for a in answers), [a.text for a in answers]
        assert_in_step(Project.objects.get(pk=project.pk))
