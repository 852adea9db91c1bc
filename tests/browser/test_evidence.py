"""An official raises a blocker with a photo in a real browser, from the project's page; the
blocker's page shows the thumbnail, served through the zone-checked view; a refused file
is explained and stores nothing."""

import pytest
import time_machine

from supervision.models import Blocker, Evidence
from tests.factories import PASSWORD, ProjectFactory
from tests.supervision import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def test_an_official_raises_a_blocker_with_a_photo(
    shanghai_noon, watched_page, live_server, alice, zone_a, tmp_path
):
    page, url = watched_page.page, live_server.url
    project = ProjectFactory(zone=zone_a, name="新能源电池项目")
    photo = tmp_path / "配电房.jpg"
    photo.write_bytes(files.jpeg(size=(1200, 900)))
    fake = tmp_path / "照片.jpg"
    fake.write_bytes(files.pdf())

    page.goto(f"{url}/projects/{project.pk}/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(f"{url}/projects/{project.pk}/")
    page.click("#blocker-raise")
    page.fill("#id_title", "电力增容未批复")
    page.select_option("#id_category", "utilities")
    page.fill("#id_responsible_unit", "供电公司")
    page.fill("#id_description", "需新增一台变压器。")
    # A PDF named as a photo: refused with the reason, nothing saved.
    page.set_input_files("#id_attachments", str(fake))
    page.click("#save-blocker")
    assert "文件内容与扩展名“.jpg”不符" in page.locator("#id_attachments_error").inner_text()
    assert Blocker.objects.count() == 0 and Evidence.objects.count() == 0

    page.set_input_files("#id_attachments", str(photo))
    page.click("#save-blocker")
    page.wait_for_url(f"{url}/blockers/*/")
    blocker = Blocker.objects.get()
    assert page.locator("#blocker-title").inner_text() == "电力增容未批复"
    thumbnail = page.locator("#evidence img")
    assert thumbnail.count() == 1
    # The thumbnail loaded (through /evidence/<id>/thumbnail/) and is at most 320 px wide.
    # It loads lazily and after the page: wait until the browser is done with it (loaded or
    # broken) before reading its width.
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete", arg=thumbnail.element_handle())
    width = thumbnail.evaluate("img => img.naturalWidth")
    assert width == 320
    evidence = blocker.evidence.get()
    assert evidence.file_name == "配电房.jpg"
    watched_page.screenshot("evidence-01-blocker-with-photo")
    assert watched_page.outside_requests() == []
    # The refused form came back as a 400 page, which the console notes; nothing else.
    assert [e for e in watched_page.errors if "status of 400" not in e] == []
