// Every page: nothing inline (strict CSP), so page-wide behaviour lives here.
(function () {
  "use strict";
  // A fragment swapped in by htmx gets focus on its first invalid field (or its date field),
  // so the official can go on typing without reaching for the mouse. With outerHTML swaps the
  // event's target is the element that was replaced: look its successor up by id.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var swapped = (target.id && document.getElementById(target.id)) || target;
    if (!swapped.querySelector) {
      return;
    }
    var field = swapped.querySelector(".is-invalid") || swapped.querySelector("form input[type=date]");
    if (field) {
      field.focus();
    }
  });
})();
