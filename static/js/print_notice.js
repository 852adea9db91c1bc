// The print page of a supervision notice: its button opens the browser's print dialog.
"use strict";

document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
