/* Plan editor, progressive enhancement (the page works without it):
   - "nach oben"/"nach unten" move the entry in place and renumber the hidden order fields;
     "Plan speichern" stores the new order.
   - The partner search completes as you type: hits from /massnahmenplan/gemeinden/?q=… become
     checkboxes like the server's; "Suchen" still works as a search step. */
(function () {
  "use strict";

  function renumber(container) {
    var items = container.querySelectorAll("[data-plan-item]");
    items.forEach(function (item, index) {
      var position = item.querySelector('input[name$="-position"]');
      if (position) { position.value = String(index + 1); }
      var place = item.querySelector("[data-place]");
      if (place) { place.textContent = (index + 1) + "."; }
      item.querySelector('[data-move="-1"]').disabled = index === 0;
      item.querySelector('[data-move="1"]').disabled = index === items.length - 1;
    });
  }

  function enhanceOrder(container, status) {
    container.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) { return; }
      event.preventDefault();
      var item = button.closest("[data-plan-item]");
      var step = Number(button.getAttribute("data-move"));
      var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
      if (!sibling || !sibling.hasAttribute("data-plan-item")) { return; }
      if (step < 0) { container.insertBefore(item, sibling); } else { container.insertBefore(sibling, item); }
      renumber(container);
      var again = button.disabled ? item.querySelector('[data-move="' + (-step) + '"]') : button;
      again.focus();
      var places = container.querySelectorAll("[data-plan-item]");
      var place = Array.prototype.indexOf.call(places, item) + 1;
      status.textContent = "Verschoben auf Platz " + place + " von " + places.length + ". Zum Übernehmen „Plan speichern“ wählen.";
    });
  }

  function enhanceSearch(input) {
    var hits = document.querySelector("[data-partner-hits]");
    var status = hits.querySelector("[data-partner-status]");
    var timer = null;
    var last = "";

    function render(results) {
      var ticked = {};
      hits.querySelectorAll('input[name="partner-add"]:checked').forEach(function (box) { ticked[box.value] = true; });
      var field = document.createElement("div");
      field.className = "field";
      var group = document.createElement("div");
      group.id = "id_partner-add";
      results.forEach(function (result, index) {
        var wrap = document.createElement("div");
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = "partner-add";
        box.value = String(result.id);
        box.id = "id_partner-add_" + index;
        box.checked = Boolean(ticked[box.value]);
        label.htmlFor = box.id;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + result.name + " (" + result.district + ")"));
        wrap.appendChild(label);
        group.appendChild(wrap);
      });
      hits.querySelectorAll(".field, p:not([data-partner-status])").forEach(function (node) { node.remove(); });
      if (results.length) {
        var legend = document.createElement("p");
        legend.textContent = "Treffer ankreuzen – mehrere auf einmal möglich:";
        field.appendChild(legend);
        field.appendChild(group);
        hits.appendChild(field);
      }
      status.textContent = results.length ? results.length + " Treffer" : "Keine Gemeinde gefunden.";
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2 || query === last) { return; }
      timer = window.setTimeout(function () {
        last = query;
        fetch(input.getAttribute("data-partner-search") + "?q=" + encodeURIComponent(query), {headers: {Accept: "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) { if (input.value.trim() === query) { render(data.results); } })
          .catch(function () { /* the "Suchen" button still works */ });
      }, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector("[data-plan-items]");
    if (container) {
      var status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      container.parentNode.insertBefore(status, container);
      enhanceOrder(container, status);
    }
    var input = document.querySelector("[data-partner-search]");
    if (input && window.fetch) { enhanceSearch(input); }
  });
})();
