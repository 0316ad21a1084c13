// The site search: a modal dialog over Pagefind's JavaScript API (pagefind/pagefind.js, written
// into the site by macros/search.py). Pagefind loads on first use and fetches only the index
// chunks a query needs. Markup: overrides/partials/site-search.html.
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  // Favour the word form closest to the query and pay little heed to page length and repeated
  // words, as Astro Starlight configures Pagefind: the page about a word ranks above pages that
  // only mention it often (tests/test_search.py holds the queries).
  var RANKING = { termSimilarity: 9, pageLength: 0.1, termFrequency: 0.1, termSaturation: 2 };
  var dialog = document.getElementById("ai-search");
  var opener = document.querySelector("[data-ai-search-open]");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;

  var field = dialog.querySelector("#ai-search-field");
  var list = dialog.querySelector("#ai-search-results");
  var status = dialog.querySelector(".ai-search__status");
  var more = dialog.querySelector("[data-ai-search-more]");
  // The site root: relative ("..") on a page, absolute ("/") on the 404 page.
  var base = new URL((dialog.dataset.base || ".").replace(/\/?$/, "/"), document.baseURI);
  var pagefind = null;
  var found = [];     // every result of the current query; data is loaded PAGE_SIZE at a time
  var shown = 0;
  var active = -1;    // index of the highlighted option, -1 for none
  var latest = 0;     // number of the latest query, so a slow answer to an older one is dropped

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        // noWorker: search on the page's thread. A query takes milliseconds, the worker would be
        // one more download, and a shared worker's requests escape the page's network accounting
        // (bench/search.py) and a phone's CPU throttling alike.
        return pf.options({ baseUrl: base.pathname, excerptLength: 24, ranking: RANKING, noWorker: true })
          .then(function () { return pf; });
      }).catch(function (error) {
        pagefind = null;  // try again with the next query (e.g. after a network error)
        throw error;
      });
    }
    return pagefind;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    setActive(-1);
    field.focus();
    field.select();
    loadPagefind();
  }

  function options() { return list.querySelectorAll("[role=option]"); }

  // -1 clears the highlight; past the last option it wraps round to the first.
  function setActive(index) {
    var all = options();
    if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
    active = index < 0 || !all.length ? -1 : index % all.length;
    if (active < 0) { field.removeAttribute("aria-activedescendant"); return; }
    all[active].setAttribute("aria-selected", "true");
    field.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  // The excerpt is Pagefind's text with <mark> around the matches; only text and <mark> are kept.
  function excerpt(html) {
    var out = document.createElement("span");
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function option(data, index) {
    var link = document.createElement("a");
    link.id = "ai-search-result-" + index;
    link.className = "ai-search__result";
    link.href = data.url;
    link.tabIndex = -1;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    var title = document.createElement("span");
    title.className = "ai-search__result-title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    var text = excerpt(data.excerpt || "");
    text.className = "ai-search__result-text";
    link.append(title, text);
    return link;
  }

  function say(text) { status.textContent = text; }

  // The popup is shown, and the combobox expanded, exactly while the listbox has options.
  function add(data) {
    list.appendChild(option(data, shown++));
    list.hidden = false;
    field.setAttribute("aria-expanded", "true");
  }

  // The next PAGE_SIZE results. The first one's page fragment is fetched alone, so it is on screen
  // sooner and with fewer bytes; the rest follow together.
  function showMore(query) {
    var batch = found.slice(shown, shown + PAGE_SIZE);
    if (!batch.length) return Promise.resolve();
    return batch[0].data().then(function (first) {
      if (query !== latest) return;
      add(first);
      return Promise.all(batch.slice(1).map(function (r) { return r.data(); })).then(function (rest) {
        if (query === latest) rest.forEach(add);
      });
    }).then(function () { if (query === latest) more.hidden = shown >= found.length; });
  }

  function search() {
    var term = field.value.trim();
    var query = ++latest;
    list.replaceChildren();
    found = []; shown = 0; active = -1;
    field.removeAttribute("aria-activedescendant");
    field.setAttribute("aria-expanded", "false");
    list.hidden = true;
    more.hidden = true;
    if (!term) { say(""); return; }
    say("Søger …");
    // Pagefind fetches the index chunks for the term at once; the search waits until typing pauses.
    loadPagefind().then(function (pf) { return pf.debouncedSearch(term, {}, 100); }).then(function (answer) {
      if (!answer || query !== latest) return;  // a newer query took over
      found = answer.results;
      return showMore(query).then(function () {
        if (query !== latest) return;
        say(found.length === 0 ? "Ingen resultater for »" + term + "«."
          : found.length === 1 ? "1 resultat for »" + term + "«."
          : found.length + " resultater for »" + term + "«.");
      });
    }).catch(function () {
      if (query === latest) say("Søgningen kunne ikke indlæses. Prøv at genindlæse siden.");
    });
  }

  field.addEventListener("input", search);
  field.addEventListener("keydown", function (event) {
    var count = options().length;
    if (event.key === "Escape") { event.preventDefault(); close(); }  // not just clear the field
    else if (event.key === "ArrowDown" && count) { event.preventDefault(); setActive(active + 1); }
    else if (event.key === "ArrowUp" && count) { event.preventDefault(); setActive(active <= 0 ? count - 1 : active - 1); }
    else if (event.key === "Enter" && count) {
      event.preventDefault();
      window.location.href = options()[active < 0 ? 0 : active].href;
    }
  });
  more.addEventListener("click", function () {
    var next = shown;
    showMore(latest).then(function () { setActive(next); field.focus(); });
  });
  opener.addEventListener("click", open);
  // Focus back on the header button at once; the close event (also after a native Esc) comes a task later.
  function close() { dialog.close(); opener.focus(); }
  dialog.querySelector("[data-ai-search-close]").addEventListener("click", close);
  dialog.addEventListener("close", function () { opener.focus(); });
  // A click on the backdrop (outside the dialog's box) closes it, as Esc does.
  dialog.addEventListener("click", function (event) { if (event.target === dialog) close(); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
  opener.hidden = false;
})();
