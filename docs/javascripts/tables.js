// Filtering and sorting for the register and matrix tables.
// Progressive enhancement: without this script the tables are complete, plain tables.
(function () {
  "use strict";

  function enableFilter(form) {
    var table = document.getElementById(form.dataset.table);
    if (!table) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var count = form.querySelector(".ai-filter__count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (s) {
          return !s.value || row.dataset[s.dataset.filter] === s.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = "Viser " + shown + " af " + rows.length + " initiativer.";
      table.dispatchEvent(new CustomEvent("ai:filtered", { detail: { shown: shown } }));
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim().toLocaleLowerCase("da");
  }

  function enableSort(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[table.tHead.rows.length - 1].cells);
    headers.forEach(function (th, index) {
      if (th.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ai-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = rows.every(function (r) { var k = cellKey(r, index); return k === "" || !isNaN(Number(k)); });
        rows.sort(function (a, b) {
          var x = cellKey(a, index), y = cellKey(b, index);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, "da");
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  // Footer rows marked tr[data-count="<class>"] count, per column, the shown body rows
  // whose cell in that column has that class (the principle matrix), so they follow the filter.
  function enableCounts(table) {
    var countRows = Array.prototype.slice.call(table.tFoot.rows).filter(function (r) { return r.dataset.count; });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function recount() {
      countRows.forEach(function (footRow) {
        var column = 0;
        Array.prototype.forEach.call(footRow.cells, function (cell) {
          if (cell.tagName === "TD" && cell.colSpan === 1) {  // a count; wider cells are spacers
            var n = 0;
            rows.forEach(function (r) {
              var c = r.cells[column];
              if (!r.hidden && c && c.classList.contains(footRow.dataset.count)) n += 1;
            });
            cell.textContent = String(n);
          }
          column += cell.colSpan;
        });
      });
    }
    table.addEventListener("ai:filtered", recount);
  }

  function init() {
    document.querySelectorAll("table").forEach(function (t) {
      if (t.tFoot && t.tFoot.querySelector("tr[data-count]")) enableCounts(t);
    });
    document.querySelectorAll("form.ai-filter[data-table]").forEach(enableFilter);
    document.querySelectorAll("table[data-sortable]").forEach(enableSort);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
