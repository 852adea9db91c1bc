from parks.access import LEAD, READ, WRITE, access_for
from parks.models import Region, Zone
from projects.models import Project
from tests.factories import ProjectFactory, RegionFactory, ZoneFactory


def test_an_official_reads_and_writes_only_its_zone(alice, zone_a, zone_b):
    assert list(Zone.objects.visible_to(alice)) == [zone_a]
    access = access_for(alice)
    assert access.can(zone_a, WRITE)
    assert not access.can(zone_b, READ)
    assert not access.can(zone_a, LEAD)


def test_leadership_reads_every_zone_below_its_region_but_writes_none(dave, city, zone_a, zone_b):
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    county_zone = ZoneFactory(region=county)
    elsewhere = ZoneFactory(region=RegionFactory(code="AH"))
    visible = set(Zone.objects.visible_to(dave))
    assert visible == {zone_a, zone_b, county_zone}
    assert elsewhere not in visible
    assert not access_for(dave).can(zone_a, WRITE)
    assert not access_for(dave).reaches(WRITE)


def test_a_zone_lead_may_set_targets(carol, zone_a):
    assert access_for(carol).can(zone_a, LEAD)


def test_anonymous_sees_nothing(zone_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Zone.objects.visible_to(AnonymousUser()).exists()


def test_the_admin_sees_everything(admin_user, zone_a, zone_b):
    assert set(Zone.objects.visible_to(admin_user)) == {zone_a, zone_b}


def test_project_querysets_follow_the_zone(alice, bob, zone_a, zone_b, dave):
    mine = ProjectFactory(zone=zone_a)
    theirs = ProjectFactory(zone=zone_b)
    assert list(Project.objects.visible_to(alice)) == [mine]
    assert list(Project.objects.writable_by(bob)) == [theirs]
    assert set(Project.objects.visible_to(dave)) == {mine, theirs}
    assert not Project.objects.writable_by(dave).exists()


def test_access_is_read_in_one_query_and_cached(alice, django_assert_num_queries):
    with django_assert_num_queries(1):
        access_for(alice)
        access_for(alice)


def test_an_official_sees_the_regions_around_its_zone_but_reads_none_as_a_whole(
    alice, city, zone_a
):

    province = city.parent
    RegionFactory(code="AH")
    assert set(Region.objects.visible_to(alice)) == {province, city}
    assert not Region.objects.read_whole_by(alice).exists()


def test_leadership_reads_its_region_and_those_below_as_a_whole(dave, city):

    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    assert set(Region.objects.read_whole_by(dave)) == {city, county}
    assert set(Region.objects.visible_to(dave)) == {city.parent, city, county}
