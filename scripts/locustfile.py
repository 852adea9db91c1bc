"""The bounded load test of `make load`: the demo official and the demo leader browsing.

    make load LOAD_USERS=50        (against LOAD_HOST, http://127.0.0.1:8000 by default)

Half the simulated users log in as official_zjxq, half as leader (seed_demo's users and
password), each with a browser session, and open the project list, the dashboard and the API
(projects and figures) with one to three seconds between clicks. Only a loopback address is
accepted: this is not a tool to point at someone's server. Failures (any status >= 400, or
a login that does not stick) make locust exit 1.
"""

import ipaddress
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PASSWORD = "zonetrack-demo"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.init.add_listener
def loopback_only(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"make load runs on loopback only, not against {environment.host!r}")


class DemoUser(HttpUser):
    abstract = True
    username = ""
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/login/", name="/login/")
        token = CSRF_INPUT.search(page.text)
        with self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "next": "/",
            },
            name="/login/ (post)",
            catch_response=True,
        ) as response:
            # A refused login answers the form again (200) at /login/.
            if "/login/" in response.url:
                response.failure(f"login as {self.username} refused")

    def page(self, path):
        with self.client.get(path, name=path, catch_response=True) as response:
            # A lost session is sent to the login form, which answers 200 too.
            if "/login/" in response.url:
                response.failure(f"{self.username} was sent to the login page")

    @task(3)
    def project_list(self):
        self.page("/projects/")

    @task(3)
    def dashboard(self):
        self.page("/dashboard/")

    @task(2)
    def api_projects(self):
        self.client.get("/api/projects/", name="/api/projects/")

    @task(1)
    def api_stats(self):
        self.client.get("/api/stats/", name="/api/stats/")


class Official(DemoUser):
    username = "official_zjxq"


class Leader(DemoUser):
    username = "leader"
