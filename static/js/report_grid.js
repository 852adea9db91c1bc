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
    // The hidden input of a row keeps the values the page showed; it is not a cell.
    return Array.prototype.slice.call(row.querySelectorAll("input:not([type=hidden])"));
  }

  function position(input) {
    var row = input.closest("tr");
    return { row: rows.indexOf(row), col: cellsOf(row).indexOf(input) };
  }

  function inputAt(rowIndex, colIndex) {
    var row = rows[rowIndex];
    return row ? cellsOf(row)[colIndex] : undefined;
  }

  // The live totals read units as the server does (zonetrack/amounts.py) so that "3.2亿元"
  // adds 32000. They are a guide: which unit a column accepts is the server's to check, and
  // a refused cell is marked on saving.
  var FACTORS = [
    ["亿美元", 10000], ["万美元", 1], ["美元", 0.0001],
    ["亿元", 10000], ["亿", 10000], ["万元", 1], ["万", 1], ["元", 0.0001],
  ];

  function parseNumber(text) {
    var cleaned = String(text).normalize("NFKC").replace(/[,，\s]/g, "");
    var factor = 1;
    for (var i = 0; i < FACTORS.length; i++) {
      var suffix = FACTORS[i][0];
      if (cleaned.slice(-suffix.length) === suffix) {
        cleaned = cleaned.slice(0, -suffix.length);
        factor = FACTORS[i][1];
        break;
      }
    }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) {
      return 0;
    }
    return parseFloat(cleaned) * factor;
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
