"""The wall display (大屏) of the demo city, as a room reads it: one 1920×1080 screen with no
scrolling, and the same at 3840×2160; every visible text at least 16 px at 1080p; nothing
white or near white in its dark theme.
"""

import pytest

from .conftest import SCREENSHOTS
from .test_dashboards import WHEN, demo_city, log_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the page measures of itself: its scroll size, the smallest font of any visible text,
# and the elements painted white or near white (each channel above 235).
MEASURE = """() => {
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
      && !element.closest(".visually-hidden");
  };
  const texts = [];
  const white = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (!visible(element)) continue;
    const style = getComputedStyle(element);
    const ownText = [...element.childNodes].some(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (ownText) texts.push([parseFloat(style.fontSize), element.textContent.trim().slice(0, 40)]);
    const rgb = style.backgroundColor.match(/[\\d.]+/g).map(Number);
    const opaque = rgb.length < 4 || rgb[3] > 0.5;
    if (opaque && rgb.slice(0, 3).every((channel) => channel > 235)) {
      white.push(element.tagName + "#" + element.id + "." + element.className);
    }
  }
  texts.sort((a, b) => a[0] - b[0]);
  const root = document.documentElement;
  return {
    scrollHeight: root.scrollHeight, innerHeight: window.innerHeight,
    scrollWidth: root.scrollWidth, innerWidth: window.innerWidth,
    smallest: texts.slice(0, 5), white: white,
  };
}"""


def open_screen(chromium_browser, live_server, path, width, height):
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return context, page, errors


@pytest.mark.parametrize("scope", ["region", "zone"])
def test_the_wall_display_fits_one_1080p_screen_in_large_dark_type(
    scope,
    chromium_browser,
    live_server,
    demo_city,  # noqa: F811
):
    the_id = demo_city["city"].pk if scope == "region" else demo_city["zone"].pk
    for width, height, smallest_px in ((1920, 1080, 16), (3840, 2160, 32)):
        context, page, errors = open_screen(chromium_browser, live_server, scope, width, height)

        class Watch:  # what log_in expects of a watched page
            pass

        watch = Watch()
        watch.page = page
        log_in(watch, live_server.url)
        page.goto(f"{live_server.url}/dashboard/{scope}/{the_id}/screen/?{WHEN}")
        page.wait_for_function("() => document.querySelectorAll('#dashboard canvas').length >= 3")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"screen-{scope}-{width}x{height}.png"))
        measured = page.evaluate(MEASURE)
        context.close()

        assert errors == []
        assert measured["scrollHeight"] <= measured["innerHeight"], measured
        assert measured["scrollWidth"] <= measured["innerWidth"], measured
        assert measured["smallest"][0][0] >= smallest_px, measured["smallest"]
        assert measured["white"] == [], measured["white"]
