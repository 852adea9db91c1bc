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
  function tick() {
    if (clock) {
      var now = new Date();
      clock.textContent =
        String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
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
