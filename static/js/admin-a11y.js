/* Accessible names the Django admin's widgets leave out (axe: label, select-name, list,
   aria-input-field-name, aria-prohibited-attr). Loaded on every admin page by
   templates/admin/base_site.html; the admin needs JavaScript anyway. */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // A control in a table cell (tabular inline, editable change list) is named by its column
  // header and its row: "Reihenfolge – Zweckverband".
  function nameTableControls(root) {
    root.querySelectorAll("td input:not([type=hidden]), td select, td textarea").forEach(function (control) {
      if (control.labels && control.labels.length) return;
      if (control.getAttribute("aria-label")) return;
      var cell = control.closest("td, th");
      var table = control.closest("table");
      var header = table && table.tHead ? table.tHead.rows[0].cells[cell.cellIndex] : null;
      var row = control.closest("tr");
      var rowName = row ? text(row.querySelector("th, td.original p, td.field-__str__")) : "";
      var name = text(header) || control.name;
      control.setAttribute("aria-label", rowName ? name + " – " + rowName : name);
      control.removeAttribute("title");
    });
  }

  // Select2 (autocomplete fields): the search box and the selection get the field's label.
  function nameSelect2(root) {
    root.querySelectorAll("select.admin-autocomplete, select[data-autocomplete-light-function]").forEach(function (select) {
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      var name = text(label).replace(/:$/, "") || select.name;
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      container.querySelectorAll(".select2-selection, .select2-search__field").forEach(function (el) {
        el.setAttribute("aria-label", name);
      });
      container.querySelectorAll(".select2-selection__rendered").forEach(function (el) {
        if (el.tagName === "UL") el.setAttribute("role", "list");
        else el.setAttribute("aria-label", name);
      });
      container.querySelectorAll(".select2-selection__clear").forEach(function (el) {
        el.setAttribute("aria-hidden", "true");
      });
    });
  }

  // filter_horizontal's help icons are spans with a title: give them a role that may be named.
  function nameHelpIcons(root) {
    root.querySelectorAll(".help-tooltip[aria-label], .help-tooltip[title]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function fix(root) {
    nameTableControls(root);
    nameSelect2(root);
    nameHelpIcons(root);
  }

  window.addEventListener("load", function () {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, { childList: true, subtree: true });
  });
})();
