// Monthly report grid: Excel-like entry. Paste a block copied from Excel and it fills the
// cells from the one pasted into; Enter moves down; totals follow the typing.
(function () {
  "use strict";
  var table = document.getElementById("report-grid");
  if (!table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));

  function cellsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input"));
  }

  function position(input) {
    var row = input.closest("tr");
    return { row: rows.indexOf(row), col: cellsOf(row).indexOf(input) };
  }

  function inputAt(rowIndex, colIndex) {
    var row = rows[rowIndex];
    return row ? cellsOf(row)[colIndex] : undefined;
  }

  function parseNumber(text) {
    var cleaned = String(text).replace(/[,，\s]/g, "").replace(/[万元美%％]+$/, "");
    var value = parseFloat(cleaned);
    return isNaN(value) ? 0 : value;
  }

  function updateTotals() {
    table.querySelectorAll("[data-total]").forEach(function (cell) {
      var name = cell.getAttribute("data-total");
      var sum = 0;
      table.querySelectorAll("input[name$='-" + name + "']").forEach(function (input) {
        sum += parseNumber(input.value);
      });
      cell.textContent = sum.toLocaleString("en-US", {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
    });
  }

  table.addEventListener("paste", function (event) {
    var target = event.target;
    if (target.tagName !== "INPUT") {
      return;
    }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") === -1 && text.indexOf("\n") === -1) {
      return; // one value: the browser pastes it as usual
    }
    event.preventDefault();
    var start = position(target);
    text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach(function (line, r) {
      line.split("\t").forEach(function (value, c) {
        var input = inputAt(start.row + r, start.col + c);
        if (input) {
          input.value = value.trim();
        }
      });
    });
    updateTotals();
  });

  table.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") {
      return;
    }
    event.preventDefault(); // Enter moves down as in Excel instead of submitting.
    var at = position(event.target);
    var next = inputAt(at.row + (event.shiftKey ? -1 : 1), at.col);
    if (next) {
      next.focus();
      next.select();
    }
  });

  table.addEventListener("input", updateTotals);
})();
