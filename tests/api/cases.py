"""One set of API cases applied to every endpoint (NetBox's APIViewTestCases, in pytest).

An endpoint's test class mixes in :class:`APICases` and supplies only its URL, its model,
sample data and who plays which part:

- ``writer``: may change zone A's objects at this endpoint (alice for project data, carol
  for targets, the admin for regions, zones and parks);
- ``reader``: sees zone A's objects but its role may not change them (403);
- ``outsider``: has no access to zone A (404 on its objects; a create pointing at zone A is
  400 "does not exist" on the field naming the zone or project; where its role writes
  nothing at this endpoint, every write is 403 before any lookup);
- ``anonymous``: no credentials (401 everywhere);
- ``admin``: the superuser, who may do everything.

Every refused write is checked to have changed nothing: same row count, same stored values,
no new history row. Every list is checked to cost the same queries for 1 and 100 rows.
"""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parks.choices import Role
from tests.factories import MembershipFactory, UserFactory

ROLES = ["writer", "reader", "outsider", "anonymous", "admin"]


def client_for(user=None, language=None):
    """An API client authenticated with ``user``'s token (anonymous for None)."""
    client = APIClient()
    headers = {}
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    client.credentials(**headers)
    return client


@pytest.fixture
def fresh_throttles():
    """API throttling counts requests in the cache; start each test from zero."""
    cache.clear()
    yield
    cache.clear()


class APICases:
    # Supplied by each endpoint's test class.
    url: str
    model: type
    writer = "alice"
    reader = "dave"
    outsider = "bob"
    outsider_create_status = 400
    # An outsider's update or delete of a zone A object: 404, as the object is not there for
    # it; 403 where its role writes nothing at this endpoint (refused before any lookup).
    outsider_write_status = 404
    # The field that names the zone (or the project) in a write: an outsider's id there is
    # "does not exist".
    zone_field = "zone"
    # Who lists for the query count (a role, or a fixture name), and what the list costs:
    # token, memberships, count, page.
    list_user = "reader"
    list_queries = 4

    def make(self, zone):
        """An object of zone ``zone``."""
        raise NotImplementedError

    def make_many(self, zone, count):
        return [self.make(zone) for _ in range(count)]

    def create_data(self, zone):
        """A valid POST body for a new object in ``zone``."""
        raise NotImplementedError

    def update_data(self, obj):
        """A valid PATCH body changing ``obj``."""
        raise NotImplementedError

    # -- plumbing ------------------------------------------------------------------------

    @pytest.fixture(autouse=True)
    def _cast(self, request, zone_a, zone_b, frozen_today):
        cache.clear()  # API throttling counts requests in the cache
        self.request = request
        self.zone_a = zone_a
        self.zone_b = zone_b

    def user(self, role):
        if role == "anonymous":
            return None
        name = getattr(self, role) if role in ROLES and role != "admin" else role
        if name == "admin":
            name = "admin_user"
        return self.request.getfixturevalue(name)

    def client_as(self, role):
        return client_for(self.user(role))

    def detail(self, obj):
        return f"{self.url}{obj.pk}/"

    def stored(self, obj):
        return self.model.objects.filter(pk=obj.pk).values().first()

    def snapshot(self, obj=None):
        """Everything a refused write must leave as it was."""
        history = self.model.history.count()
        return self.model.objects.count(), history, obj and self.stored(obj)

    # -- list ----------------------------------------------------------------------------

    @pytest.mark.parametrize("role", ROLES)
    def test_list_shows_zone_a_objects_only_to_those_who_see_zone_a(self, role):
        mine = self.make(self.zone_a)
        client = self.client_as(role)  # before counting: a user may bring its own rows
        response = client.get(self.url, {"page_size": 500})
        if role == "anonymous":
            assert response.status_code == 401
            return
        assert response.status_code == 200, response.data
        assert set(response.data) == {"count", "next", "previous", "results"}
        ids = {row["id"] for row in response.data["results"]}
        assert (mine.pk in ids) is (role != "outsider")

    def test_the_list_costs_the_same_queries_for_1_and_100_rows(self, django_assert_num_queries):
        client = client_for(self.user(self.list_user))
        self.make_many(self.zone_a, 1)
        with django_assert_num_queries(self.list_queries):
            first = client.get(self.url, {"page_size": 500})
        self.make_many(self.zone_a, 99)
        with django_assert_num_queries(self.list_queries):
            second = client.get(self.url, {"page_size": 500})
        assert second.data["count"] - first.data["count"] == 99
        assert len(second.data["results"]) == second.data["count"]

    # -- retrieve --------------------------------------------------------------------------

    @pytest.mark.parametrize(
        "role, status",
        [("writer", 200), ("reader", 200), ("outsider", 404), ("anonymous", 401), ("admin", 200)],
    )
    def test_retrieve(self, role, status):
        obj = self.make(self.zone_a)
        response = self.client_as(role).get(self.detail(obj))
        assert response.status_code == status
        if status == 200:
            assert response.data["id"] == obj.pk

    # -- create ----------------------------------------------------------------------------

    @pytest.mark.parametrize("role", ROLES)
    def test_create(self, role):
        client = self.client_as(role)
        data = self.create_data(self.zone_a)
        before = self.snapshot()
        response = client.post(self.url, data, format="json")
        expected = {
            "writer": 201,
            "admin": 201,
            "reader": 403,
            "outsider": self.outsider_create_status,
            "anonymous": 401,
        }[role]
        assert response.status_code == expected, response.data
        if expected == 400:
            assert list(response.data) == [self.zone_field]
        if expected != 201:
            assert self.snapshot() == before
            return
        created = self.model.objects.get(pk=response.data["id"])
        assert self.model.history.filter(id=created.pk).count() == 1
        for name, value in data.items():
            assert response.data[name] == value, name

    # -- update ----------------------------------------------------------------------------

    @pytest.mark.parametrize(
        "role, status",
        [("writer", 200), ("reader", 403), ("outsider", None), ("anonymous", 401), ("admin", 200)],
    )
    def test_update(self, role, status):
        status = status or self.outsider_write_status
        obj = self.make(self.zone_a)
        client = self.client_as(role)
        data = self.update_data(obj)
        before = self.snapshot(obj)
        response = client.patch(self.detail(obj), data, format="json")
        assert response.status_code == status, response.data
        if status != 200:
            assert self.snapshot(obj) == before
            return
        for name, value in data.items():
            assert response.data[name] == value, name
        assert self.stored(obj) != before[2]

    # -- delete ----------------------------------------------------------------------------

    @pytest.mark.parametrize(
        "role, status",
        [("writer", 204), ("reader", 403), ("outsider", None), ("anonymous", 401), ("admin", 204)],
    )
    def test_delete(self, role, status):
        status = status or self.outsider_write_status
        obj = self.make(self.zone_a)
        client = self.client_as(role)
        before = self.snapshot(obj)
        response = client.delete(self.detail(obj))
        assert response.status_code == status, getattr(response, "data", None)
        if status == 204:
            assert not self.model.objects.filter(pk=obj.pk).exists()
        else:
            assert self.snapshot(obj) == before


def official_who_only_reads_zone_b(zone_a, city):
    """Erin: official of zone A and leadership of the city, so she sees zone B but may not
    write there: the case of a write that would land in a visible, read-only zone."""
    erin = UserFactory(username="erin")
    MembershipFactory(user=erin, zone=zone_a, role=Role.OFFICIAL)
    MembershipFactory(user=erin, zone=None, region=city, role=Role.LEADERSHIP)
    return erin
