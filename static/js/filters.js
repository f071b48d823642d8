/* IKZ-Katalog – filter forms update their results in place (progressive enhancement).
 *
 * A form marked with data-filter-form works as a plain GET form without this script. With it, a
 * change submits the form via fetch with the header "X-Requested-With: fetch"; the server answers
 * with the results partial, which replaces the region named by data-results. Links inside the
 * region marked data-fetch-link (chips, pagination) load the same way. The facet counts are
 * updated from the partial's JSON, the address bar keeps the whole state, and the element named
 * by data-status (role="status") announces the number of results to screen readers. Facets whose
 * options depend on other filters are sent anew and replaced (replaceFacets).
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-filter-form]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.history.pushState) {
    return;
  }
  var regionSelector = form.getAttribute("data-results");
  var status = document.getElementById(form.getAttribute("data-status"));
  var pending = null;

  function formUrl() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "") {
        query.append(key, value.trim());
      }
    });
    var text = query.toString();
    return form.action.split("?")[0] + (text ? "?" + text : "");
  }

  function syncForm(url) {
    var query = new URL(url, window.location.href).searchParams;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name) {
        return;
      }
      if (element.type === "checkbox") {
        element.checked = query.getAll(element.name).indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT") {
        var chosen = query.get(element.name);
        if (chosen) {
          element.value = chosen;
        }
      } else if (element.type !== "submit") {
        element.value = query.get(element.name) || "";
      }
    });
  }

  function updateCounts(region) {
    var data = region.querySelector("#facetten-zahlen");
    if (!data) {
      return;
    }
    var counts = JSON.parse(data.textContent);
    form.querySelectorAll("fieldset[data-facet] input[type=checkbox]").forEach(function (input) {
      var count = (counts[input.name] || {})[input.value] || 0;
      var number = input.closest("label").querySelector(".facet__count");
      if (number) {
        number.textContent = "(" + count + ")";
      }
      input.closest("li").classList.toggle("facet__option--empty", count === 0 && !input.checked);
    });
  }

  // Facets whose options depend on other filters (the municipalities of the chosen district)
  // come along as <template data-facet-fresh="name">; the focused checkbox keeps the focus.
  function replaceFacets(region) {
    region.querySelectorAll("template[data-facet-fresh]").forEach(function (template) {
      var name = template.getAttribute("data-facet-fresh");
      var current = form.querySelector('fieldset[data-facet="' + name + '"]');
      var fresh = template.content.querySelector("fieldset");
      if (!current || !fresh) {
        return;
      }
      var focused = current.contains(document.activeElement) ? document.activeElement : null;
      current.replaceWith(fresh);
      if (focused && focused.name) {
        fresh.querySelectorAll("input").forEach(function (input) {
          if (input.name === focused.name && input.value === focused.value) {
            input.focus();
          }
        });
      }
    });
  }

  function load(url, options) {
    if (pending === url) {
      return;
    }
    pending = url;
    var region = document.querySelector(regionSelector);
    region.setAttribute("aria-busy", "true");
    window.fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html;
        var fresh = template.content.querySelector(regionSelector);
        if (!fresh) {
          window.location.assign(url);
          return;
        }
        region.replaceWith(fresh);
        replaceFacets(fresh);
        updateCounts(fresh);
        if (options.push) {
          window.history.pushState({ filters: true }, "", url);
        }
        if (options.sync) {
          syncForm(url);
        }
        if (options.focus) {
          var heading = fresh.querySelector("[tabindex='-1']");
          if (heading) {
            heading.focus();
          }
        }
        if (status) {
          status.textContent = fresh.getAttribute("data-announcement") || "";
        }
      })
      .catch(function () {
        window.location.assign(url);
      })
      .finally(function () {
        pending = null;
      });
  }

  form.addEventListener("change", function () {
    load(formUrl(), { push: true });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), { push: true });
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest(regionSelector + " a[data-fetch-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    load(link.href, { push: true, sync: true, focus: true });
  });
  window.addEventListener("popstate", function () {
    load(window.location.href, { push: false, sync: true });
  });
})();
