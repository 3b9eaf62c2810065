/* findit: the page works without this file. With it: results follow the search box as one types, the box
   suggests people, organisations and themes (an ARIA combobox), facets and sort apply at once, long facet
   lists get a filter box, and every search updates the page in place (history kept, so the back button
   works). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("recherche");
  var zone = document.getElementById("zone");
  var input = document.getElementById("q");
  if (!form || !zone || !input) { return; }

  // Results follow the box this long after the last key; suggestions sooner (they are cheap).
  var TYPING_DELAY = 300;
  var SUGGEST_DELAY = 120;
  var SUGGEST_MIN = 2;
  var TYPING_HEADER = "X-Findit-Typing";

  function liveRegion(id) {
    var region = document.createElement("p");
    region.className = "fr-sr-only";
    region.setAttribute("aria-live", "polite");
    region.id = id;
    document.body.appendChild(region);
    return region;
  }
  // Persistent live regions: the result count after each in-place update, and the suggestions.
  var announcer = liveRegion("annonce");
  var suggestAnnouncer = liveRegion("annonce-suggestions");

  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function squeeze(text) {
    return text.split(/\s+/).filter(Boolean).join(" ");
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
      var filter = box.querySelector("input");
      label.setAttribute("for", id);
      label.textContent = "Filtrer la liste « " + title + " »";
      filter.id = id;
      filter.placeholder = "Filtrer « " + title + " »…";
      var none = document.createElement("p");
      none.className = "facet__none";
      none.hidden = true;
      none.textContent = "Aucune valeur ne correspond.";
      var list = fieldset.querySelector(".facet__list");
      fieldset.insertBefore(box, list);
      fieldset.appendChild(none);
      filter.addEventListener("input", function () {
        var wanted = normalize(filter.value.trim());
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
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
    });
  }

  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value === "" || (key === "sort" && value === "relevance")) { return; }
      params.append(key, value);
    });
    return params;
  }

  function urlOf(params) {
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function isSearchUrl(url) {
    return url.origin === location.origin && url.pathname === new URL(form.action, location.href).pathname;
  }

  // ------------------------------------------------------------ loading a search in place

  var pending = null;
  var ticket = 0;  // the latest request: an answer to any earlier one is stale and dropped
  var shownUrl = location.pathname + location.search;
  var typedQuery = squeeze(input.value);  // the query the results shown were asked for

  // how: "push" or "replace" (history), "typed" (replace when typing already made an entry, else push),
  // "none" (back button); after(): what to focus once shown; note: said before the count.
  function load(url, how, after, note) {
    if (pending) { pending.abort(); }
    var controller = new AbortController();
    var mine = ++ticket;
    pending = controller;
    zone.setAttribute("aria-busy", "true");
    var headers = { "Accept": "text/html" };
    // A search made while typing is not one the user asked for yet: the server's query log skips it.
    if (how === "typed") { headers[TYPING_HEADER] = "1"; }
    fetch(url, { signal: controller.signal, headers: headers })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (mine !== ticket) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("zone");
        if (!fresh) { throw new Error("no zone"); }
        var details = zone.querySelector(".facets__details");
        var filtersOpen = details ? details.open : undefined;
        zone.replaceWith(fresh);
        zone = fresh;
        document.title = page.title;
        var q = page.getElementById("q");
        // While typing, the box is the user's: never write an older query back into it.
        if (q && how !== "typed") {
          input.value = q.value;
          typedQuery = squeeze(q.value);
        }
        var typing = how === "typed";
        var state = { findit: true, typed: typing };
        if (how === "push" || (typing && !(history.state && history.state.typed))) {
          history.pushState(state, "", url);
        } else if (how !== "none") {
          history.replaceState(state, "", url);
        }
        shownUrl = location.pathname + location.search;
        enhance(zone, filtersOpen);
        var count = zone.querySelector("#compte");
        announcer.textContent = (note ? note + " " : "") + (count ? count.textContent : "");
        if (after) { after(); }
      })
      .catch(function (error) {
        if (error.name === "AbortError" || mine !== ticket) { return; }
        location.assign(url);  // let the browser show whatever the server says
      })
      .finally(function () {
        if (mine === ticket) {
          pending = null;
          zone.removeAttribute("aria-busy");
        }
      });
  }

  function focusResults() {
    // The count is the results' heading: focus it and bring it into view (a pager is far below it).
    var heading = document.getElementById("resultats-titre");
    if (!heading) { return; }
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }

  function refocus(name, value) {
    return function () {
      var target = null;
      zone.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
        if (box.value === value) { target = box; }
      });
      if (target) { target.focus(); } else { focusResults(); }
    };
  }

  // ------------------------------------------------------------ search as you type

  var typingTimer = null;

  function searchTyped() {
    typingTimer = null;
    var query = squeeze(input.value);
    if (query === typedQuery) { return; }
    typedQuery = query;
    load(urlOf(formParams()), "typed", null);
  }

  function typed(event) {
    if (event.isComposing) { return; }  // a character still being composed (accents, IME)
    clearTimeout(typingTimer);
    typingTimer = setTimeout(searchTyped, TYPING_DELAY);
    suggestSoon();
  }
  input.addEventListener("input", typed);
  input.addEventListener("compositionend", typed);

  // ------------------------------------------------------------ suggestions (ARIA combobox)

  var suggestUrl = form.getAttribute("data-suggestions");
  var listbox = document.createElement("ul");
  listbox.id = "q-suggestions";
  listbox.className = "suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Suggestions d’intervenant·es, d’organisations et de thèmes");
  listbox.hidden = true;
  form.querySelector(".fr-search-bar").insertAdjacentElement("afterend", listbox);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  var suggestTimer = null;
  var suggestPending = null;
  var suggestTicket = 0;
  var offered = null;  // the last answer shown: {rest, suggestions}
  var active = -1;

  function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }

  function closeSuggestions() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  // Closes the list and drops any answer on its way (it would open the list again).
  function cancelSuggestions() {
    clearTimeout(suggestTimer);
    suggestTicket += 1;
    if (suggestPending) { suggestPending.abort(); }
    closeSuggestions();
  }

  function suggestSoon() {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(fetchSuggestions, SUGGEST_DELAY);
  }

  function fetchSuggestions() {
    var text = input.value;
    if (suggestPending) { suggestPending.abort(); }
    if (!suggestUrl || normalize(text.replace(/\s+/g, "")).length < SUGGEST_MIN) {
      offered = null;
      closeSuggestions();
      return;
    }
    var controller = new AbortController();
    var mine = ++suggestTicket;
    suggestPending = controller;
    fetch(suggestUrl + "?q=" + encodeURIComponent(text), { signal: controller.signal })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (mine !== suggestTicket || input.value !== text) { return; }
        showSuggestions(data);
      })
      .catch(function () { /* suggestions are a courtesy: the search works without them */ });
  }

  function showSuggestions(data) {
    offered = data;
    listbox.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!data.suggestions.length) {
      closeSuggestions();
      return;
    }
    data.suggestions.forEach(function (s, i) {
      var option = document.createElement("li");
      option.id = "q-suggestion-" + i;
      option.className = "suggestions__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var value = document.createElement("span");
      value.className = "suggestions__value";
      value.textContent = s.value;
      var meta = document.createElement("span");
      meta.className = "suggestions__meta";
      meta.textContent = s.label + " · " + plural(s.count, "document");
      option.appendChild(value);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(meta);
      // mousedown would take the focus from the box (and close the list) before the click.
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(i); });
      listbox.appendChild(option);
    });
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    var n = data.suggestions.length;
    suggestAnnouncer.textContent = plural(n, "suggestion") +
      " : flèches haut et bas pour les parcourir, Entrée pour filtrer.";
  }

  function highlight(index) {
    var options = listbox.querySelectorAll("[role=option]");
    active = index;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var s = offered.suggestions[index];
    clearTimeout(typingTimer);
    cancelSuggestions();
    // The words that named the value become a filter on it; the rest stays the query.
    input.value = offered.rest;
    typedQuery = squeeze(offered.rest);
    var params = formParams();
    if (params.getAll(s.facet).indexOf(s.value) === -1) { params.append(s.facet, s.value); }
    load(urlOf(params), "push", function () { input.focus(); },
      "Filtre ajouté : " + s.label + " « " + s.value + " ».");
  }

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    var count = listbox.querySelectorAll("[role=option]").length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) { return; }
      event.preventDefault();
      if (!open) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      var step = event.key === "ArrowDown" ? 1 : -1;
      // From the box down to the first, up from the first back to the box (-1), and round.
      var next = active + step;
      if (next >= count) { next = -1; }
      if (next < -1) { next = count - 1; }
      highlight(next);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();  // a search box would also clear itself
      cancelSuggestions();
    } else if (event.key === "Tab") {
      cancelSuggestions();
    }
  });
  input.addEventListener("blur", cancelSuggestions);

  // ------------------------------------------------------------ the results zone

  var narrow = window.matchMedia("(max-width: 47.99em)");

  // Side by side with the results (desktop) the filters never fold: their heading is not a control there.
  function keepFiltersOpen(details) {
    if (!details) { return; }
    var summary = details.querySelector("summary");
    if (narrow.matches) {
      summary.removeAttribute("tabindex");
    } else {
      details.open = true;
      summary.setAttribute("tabindex", "-1");
    }
  }

  function enhance(root, filtersOpen) {
    addFacetFilters(root);
    var details = root.querySelector(".facets__details");
    if (details) {
      // On a phone the filters start folded (results first), unless some are active.
      details.open = filtersOpen !== undefined ? filtersOpen : !narrow.matches || !!root.querySelector(".chip");
      keepFiltersOpen(details);
      details.querySelector("summary").addEventListener("click", function (event) {
        if (!narrow.matches) { event.preventDefault(); }  // Enter and Space click a summary too
      });
      details.addEventListener("toggle", function () {
        if (!narrow.matches && !details.open) { details.open = true; }
      });
    }
    root.addEventListener("change", function (event) {
      var el = event.target;
      if (el.getAttribute("form") !== "recherche") { return; }
      if (el.type === "checkbox" || el.tagName === "SELECT") {
        load(urlOf(formParams()), "push", el.type === "checkbox" ? refocus(el.name, el.value) : function () {
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
      load(url.pathname + url.search, "push", focusResults);
    });
  }

  narrow.addEventListener("change", function () {
    keepFiltersOpen(zone.querySelector(".facets__details"));
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typingTimer);
    cancelSuggestions();
    var url = urlOf(formParams());
    typedQuery = squeeze(input.value);
    // Already shown while typing: Enter makes it a search of its own (in the history and the query log).
    load(url, url === shownUrl ? "replace" : "push", null);
  });
  // Following a skip link (#resultats…) also fires popstate: reload only when the search changed.
  window.addEventListener("popstate", function () {
    var wanted = location.pathname + location.search;
    if (wanted === shownUrl) { return; }
    clearTimeout(typingTimer);
    load(wanted, "none", null);
  });
  history.replaceState({ findit: true, typed: false }, "", location.href);
  enhance(zone);
})();
