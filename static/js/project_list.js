// Project list: a changed filter applies at once.
(function () {
  "use strict";
  var form = document.getElementById("project-filters");
  if (!form) {
    return;
  }
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", function () {
      form.requestSubmit();
    });
  });
})();
