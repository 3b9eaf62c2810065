/* findit: the page works without this file. With it: facets and sort apply at once, long facet lists
   get a filter box, and searches update the page in place (history kept, so the back button works). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("recherche");
  var zone = document.getElementById("zone");
  if (!form || !zone) { return; }
  var pending = null;

  // A persistent live region: the result count is announced after each in-place update.
  var announcer = document.createElement("p");
  announcer.className = "fr-sr-only";
  announcer.setAttribute("aria-live", "polite");
  announcer.id = "annonce";
  document.body.appendChild(announcer);

  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function addFacetFilters(root) {
    root.querySelectorAll(".facet[data-long]").forEach(function (fieldset) {
      var name = fieldset.getAttribute("data-facet");
      var title = fieldset.querySelector("legend").firstChild.textContent.trim();
      var box = document.createElement("div");
      box.className = "fr-input-group facet__filter";
      var id = "filtre-" + name;
      box.innerHTML = '<label class="fr-label fr-sr-only"></label><input class="fr-input" type="search" autocomplete="off">';
      var label = box.querySelector("label");
      var input = box.querySelector("input");
      label.setAttribute("for", id);
      label.textContent = "Filtrer la liste « " + title + " »";
      input.id = id;
      input.placeholder = "Filtrer « " + title + " »…";
      var none = document.createElement("p");
      none.className = "facet__none";
      none.hidden = true;
      none.textContent = "Aucune valeur ne correspond.";
      var list = fieldset.querySelector(".facet__list");
      fieldset.insertBefore(box, list);
      fieldset.appendChild(none);
      input.addEventListener("input", function () {
        var wanted = normalize(input.value.trim());
        var shown = 0;
        list.querySelectorAll("li").forEach(function (li) {
          var text = normalize(li.querySelector(".facet__label").textContent);
          var match = !wanted || text.indexOf(wanted) !== -1;
          li.hidden = !match;
          if (match) { shown += 1; }
        });
        none.hidden = shown > 0;
      });
      // Enter in the filter box must not submit the search.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
    });
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value === "" || (key === "sort" && value === "relevance")) { return; }
      params.append(key, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function isSearchUrl(url) {
    return url.origin === location.origin && url.pathname === new URL(form.action, location.href).pathname;
  }

  function load(url, push, focus) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    zone.setAttribute("aria-busy", "true");
    fetch(url, { signal: pending.signal, headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("zone");
        if (!fresh) { throw new Error("no zone"); }
        var details = zone.querySelector(".facets__details");
        var filtersOpen = details ? details.open : undefined;
        zone.replaceWith(fresh);
        zone = fresh;
        document.title = page.title;
        var q = page.getElementById("q");
        if (q) { document.getElementById("q").value = q.value; }
        if (push) { history.pushState({ findit: true }, "", url); }
        shownSearch = location.pathname + location.search;
        enhance(zone, filtersOpen);
        var count = zone.querySelector("#compte");
        announcer.textContent = count ? count.textContent : "";
        if (focus) { focus(); }
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        location.assign(url);  // let the browser show whatever the server says
      })
      .finally(function () { zone.removeAttribute("aria-busy"); });
  }

  function refocus(name, value) {
    return function () {
      var target = null;
      zone.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
        if (input.value === value) { target = input; }
      });
      (target || document.getElementById("resultats")).focus();
    };
  }

  var narrow = window.matchMedia("(max-width: 47.99em)");

  function enhance(root, filtersOpen) {
    addFacetFilters(root);
    var details = root.querySelector(".facets__details");
    if (details) {
      // On a phone the filters start folded (results first), unless some are active.
      details.open = filtersOpen !== undefined ? filtersOpen : !narrow.matches || !!root.querySelector(".chip");
    }
    root.addEventListener("change", function (event) {
      var el = event.target;
      if (el.getAttribute("form") !== "recherche") { return; }
      if (el.type === "checkbox" || el.tagName === "SELECT") {
        load(formUrl(), true, el.type === "checkbox" ? refocus(el.name, el.value) : function () {
          document.getElementById("sort").focus();
        });
      }
    });
    root.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
          event.shiftKey || event.altKey) { return; }
      var url = new URL(link.href, location.href);
      if (!isSearchUrl(url)) { return; }
      event.preventDefault();
      load(url.pathname + url.search, true, function () { document.getElementById("resultats").focus(); });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), true, null);
  });
  // Following a skip link (#resultats…) also fires popstate: reload only when the search changed.
  var shownSearch = location.pathname + location.search;
  window.addEventListener("popstate", function () {
    var wanted = location.pathname + location.search;
    if (wanted === shownSearch) { return; }
    load(wanted, false, null);
  });
  history.replaceState({ findit: true }, "", location.href);
  enhance(zone);
})();
