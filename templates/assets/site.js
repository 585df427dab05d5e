// recsite: sortable, filterable tables. Progressive enhancement: without JavaScript the tables
// are complete and readable; this only adds sorting by column and a filter box.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? (cell.getAttribute("data-sort") || cell.textContent) : "";
    var number = parseFloat(text.replace(/,/g, ""));
    return isNaN(number) || !/^[\s\d.,-]+$/.test(text) ? text.trim().toLowerCase() : number;
  }
  function makeSortable(table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function makeFilterable(table) {
    var body = table.tBodies[0];
    var label = document.createElement("label");
    label.className = "filter";
    label.textContent = "Filter users ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "id, genre or title";
    label.appendChild(input);
    var holder = table.closest(".table-scroll") || table;
    holder.parentNode.insertBefore(label, holder);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        row.hidden = query !== "" && row.textContent.toLowerCase().indexOf(query) === -1;
      });
    });
  }
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("table.filterable").forEach(makeFilterable);
})();
