#!/usr/bin/env python3
"""Run the ZoneTrack API the way an integrating system would, using only the standard library.

    python scripts/api_scenario.py http://127.0.0.1:8000 TOKEN [--zone CODE] [--keep]

With a user's API token (``manage.py create_user`` prints it) the script creates a project in
a zone the user may write, records its signing and planned groundbreaking, puts it on last
year's plan, reports a month of figures, reads everything back, updates the project with
If-Match, checks that a duplicate report is refused with 400, and finally deletes the project
(unless --keep). It prints one line per step and exits 1 at the first surprise.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date


class ScenarioError(Exception):
    pass


class Client:
    """A tiny JSON client: Token auth, English messages."""

    def __init__(self, base_url, token):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def request(self, method, path, data=None, headers=None, expect=200):
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            method=method,
            headers={
                "Authorization": f"Token {self.token}",
                "Accept": "application/json",
                "Accept-Language": "en",
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, reply_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, reply_headers = error.code, error.read(), error.headers
        payload = json.loads(raw) if raw else None
        if status != expect:
            raise ScenarioError(f"{method} {path}: expected {expect}, got {status}: {payload}")
        return payload, reply_headers

    def get(self, path, **query):
        if query:
            path = f"{path}?{urllib.parse.urlencode(query)}"
        return self.request("GET", path)[0]

    def post(self, path, data, expect=201):
        return self.request("POST", path, data, expect=expect)[0]


def check(condition, message):
    if not condition:
        raise ScenarioError(message)
    done(message)


def done(message):
    print(f"ok  {message}")


def run(client, zone_code=None, keep=False):
    year = date.today().year - 1  # a finished year: no date of the scenario is in the future

    zones = client.get("/api/zones/", **({"code": zone_code} if zone_code else {}))
    check(zones["count"] >= 1, f"the token sees {zones['count']} zone(s)")
    zone = zones["results"][0]

    code = f"SCN-{int(time.time() * 1000)}"
    project = client.post(
        "/api/projects/",
        {
            "code": code,
            "name": "接口联调项目",
            "zone": zone["id"],
            "category": "manufacturing",
            "total_investment": "120000.00",
            "investor": "联调投资有限公司",
        },
    )
    check(project["stage"] == "negotiating", f"created project {code} in zone {zone['code']}")

    client.post(
        "/api/milestones/",
        {"project": project["id"], "kind": "signing", "actual_on": f"{year}-03-05"},
    )
    # A month's completed investment counts only once the project has broken ground.
    client.post(
        "/api/milestones/",
        {
            "project": project["id"],
            "kind": "groundbreaking",
            "planned_on": f"{year}-06-01",
            "actual_on": f"{year}-06-01",
        },
    )
    done("recorded the signing and the groundbreaking")

    plan = client.post(
        "/api/plans/",
        {
            "year": year,
            "project": project["id"],
            "plan_type": "new",
            "planned_investment": "30000.00",
            "planned_start_on": f"{year}-06-01",
        },
    )
    check(plan["planned_investment"] == "30000.00", f"put the project on the {year} plan")

    report = {
        "project": project["id"],
        "year": year,
        "month": 6,
        "completed_investment": "1500.50",
        "funds_domestic": "1000.00",
        "image_progress": "5.00",
    }
    client.post("/api/investment-reports/", report)
    done(f"reported {year}-06")

    read, headers = client.request("GET", f"/api/projects/{project['id']}/")
    check(
        read["stage"] == "under_construction",
        "reading the project back: its stage is now under construction",
    )
    milestones = client.get("/api/milestones/", project=project["id"])
    check(milestones["count"] == 2, "reading back: two milestones")
    plans = client.get("/api/plans/", project=project["id"], year=year)
    check(plans["count"] == 1, "reading back: one plan entry")
    reports = client.get("/api/investment-reports/", project=project["id"])
    check(
        [r["completed_investment"] for r in reports["results"]] == ["1500.50"],
        "reading back: one report of 1500.50 (10k CNY)",
    )

    teams = client.get("/api/teams/", zone=zone["id"], q="招商一局")
    team = next((t for t in teams["results"] if t["name"] == "招商一局"), None)
    created_team = team is None
    if created_team:
        team = client.post("/api/teams/", {"zone": zone["id"], "name": "招商一局"})
        done("created the attraction team 招商一局")
    updated, _ = client.request(
        "PATCH",
        f"/api/projects/{project['id']}/",
        {"team": team["id"]},
        headers={"If-Match": headers["ETag"]},
    )
    check(updated["attraction_team"] == "招商一局", "updated the project with If-Match")

    refused = client.post("/api/investment-reports/", report, expect=400)
    check("month" in refused, f"a duplicate report is refused: {refused['month'][0]}")

    if not keep:
        client.request("DELETE", f"/api/projects/{project['id']}/", expect=204)
        client.request("GET", f"/api/projects/{project['id']}/", expect=404)
        done("deleted the project and everything recorded for it")
        if created_team:
            client.request("DELETE", f"/api/teams/{team['id']}/", expect=204)
            done("deleted the attraction team it created")
    return project["id"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("token", help="the API token of a user who may write in a zone")
    parser.add_argument("--zone", help="code of the zone to work in (default: the first seen)")
    parser.add_argument("--keep", action="store_true", help="keep the project at the end")
    args = parser.parse_args(argv)
    try:
        run(Client(args.base_url, args.token), zone_code=args.zone, keep=args.keep)
    except (ScenarioError, urllib.error.URLError) as error:
        print(f"FAILED  {error}", file=sys.stderr)
        return 1
    print("scenario passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
