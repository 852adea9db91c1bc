// Every page: nothing inline (strict CSP), so page-wide behaviour lives here.
(function () {
  "use strict";
  // A fragment swapped in by htmx gets focus on its first invalid field, so the official can
  // correct it without reaching for the mouse.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var invalid = event.detail.target.querySelector
      ? event.detail.target.querySelector(".is-invalid")
      : null;
    var swapped = document.getElementById(event.detail.target.id) || event.detail.target;
    var field = invalid || (swapped.querySelector && swapped.querySelector("form input[type=date]"));
    if (field) {
      field.focus();
    }
  });
})();
