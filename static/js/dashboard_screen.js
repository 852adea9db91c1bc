// Wall display of a dashboard: reload every N minutes (data-refresh-minutes), a clock, and
// the browser's full screen on request (browsers only allow it after a click).
(function () {
  "use strict";
  var board = document.getElementById("dashboard");
  if (!board) {
    return;
  }
  var minutes = parseInt(board.dataset.refreshMinutes || "5", 10);
  if (minutes > 0) {
    window.setTimeout(function () {
      window.location.reload();
    }, minutes * 60 * 1000);
  }
  var clock = document.getElementById("screen-clock");
  // The figures are Shanghai dates (the server's TIME_ZONE); the clock beside them must not
  // follow whatever zone the display's machine happens to be set to.
  var shanghaiTime = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  function tick() {
    if (clock) {
      clock.textContent = shanghaiTime.format(new Date());
    }
  }
  tick();
  window.setInterval(tick, 15000);
  var toggle = document.getElementById("fullscreen-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else if (document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen();
      }
    });
  }
})();
