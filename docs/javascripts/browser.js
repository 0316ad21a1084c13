// The register browser (the register overview and the matrix): facets with counts, free-text
// search, sort, pages and "Hent udsnittet" (CSV of the current view), all computed from one
// compact JSON file of every record. The view lives in the URL query, so a filtered view can be
// shared, and it is restored on load and on back/forward.
// Progressive enhancement: without this script the page shows its first rows and a pager whose
// plain links reach every record.
(function () {
  "use strict";

  var FACETS = ["status", "risiko", "kategori", "ejer", "ejertype", "princip", "vurdering"];
  // Row layout in the JSON (macros/render/overview.py rows_json).
  var ID = 0, SLUG = 1, TITLE = 2, OWNER = 3, CATEGORY = 4, STATUS = 5, RISK = 6, REVIEWED = 7, ASSESS = 8;
  var MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                "oktober", "november", "december"];
  // A cell starting with one of these is a formula in a spreadsheet (macros/tables.py FORMULA_START).
  var FORMULA_START = /^[=+\-@\t\r]/;

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function dateDa(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? Number(m[3]) + ". " + MONTHS[Number(m[2]) - 1] + " " + m[1] : iso;
  }

  function fold(s) { return String(s).toLocaleLowerCase("da"); }

  var collate = new Intl.Collator("da").compare;  // one collator: localeCompare(…, "da") makes one per call

  function Browser(form, data) {
    this.form = form;
    this.data = data;
    this.matrix = form.dataset.mode === "matrix";
    this.table = document.getElementById(form.dataset.table);
    this.base = form.dataset.records;
    this.size = Number(form.dataset.pageSize) || 100;
    this.query = form.querySelector("input[name=q]");
    this.sort = form.querySelector("select[name=sort]");
    this.selects = {};
    var self = this;
    FACETS.forEach(function (key) {
      var s = form.querySelector("select[name=" + key + "]");
      if (s) {
        self.selects[key] = s;
        // Remember each option's word: the counts are appended to its text.
        Array.prototype.forEach.call(s.options, function (o) { o.dataset.word = o.textContent; });
      }
    });
    this.count = form.querySelector(".ai-browser__count");
    this.rows = data.rows.map(function (r) {
      return { r: r, text: fold([r[ID], r[TITLE], data.owners[r[OWNER]], data.categories[r[CATEGORY]]].join(" ")) };
    });
  }

  Browser.prototype.value = function (row, key) {
    var d = this.data, r = row.r;
    switch (key) {
      case "status": return d.statuses[r[STATUS]];
      case "risiko": return d.risks[r[RISK]];
      case "kategori": return d.categories[r[CATEGORY]];
      case "ejer": return d.owners[r[OWNER]];
      case "ejertype": return d.types[d.owner_types[r[OWNER]]];
    }
    return null;
  };

  // The principle facets: "vurdering" alone means "assessed so against some principle".
  Browser.prototype.assessed = function (row, state) {
    if (!state.vurdering) return true;
    var wanted = String(this.data.assessments.indexOf(state.vurdering));
    if (state.princip) return row.r[ASSESS].charAt(this.data.principles.indexOf(state.princip)) === wanted;
    return row.r[ASSESS].indexOf(wanted) !== -1;
  };

  var PLAIN = ["status", "risiko", "kategori", "ejer", "ejertype"];

  // The assessment words a row counts under for the "vurdering" facet (as indexes, one character each).
  Browser.prototype.assessmentKeys = function (row, state) {
    var marks = row.r[ASSESS];
    if (state.princip) return [marks.charAt(this.data.principles.indexOf(state.princip))];
    return marks.split("").filter(function (c, i) { return marks.indexOf(c) === i; });
  };

  // One pass over the rows: the rows the view shows, and per facet the counts of its values among
  // the rows that pass every other filter (a row failing one filter counts for that facet only).
  Browser.prototype.tally = function (state) {
    var self = this, shown = [], counts = { vurdering: {} };
    var words = state.q ? fold(state.q).split(/\s+/).filter(Boolean) : [];
    PLAIN.forEach(function (key) { counts[key] = {}; });
    this.rows.forEach(function (row) {
      if (!words.every(function (w) { return row.text.indexOf(w) !== -1; })) return;
      var failed = null, misses = 0;
      for (var i = 0; i < PLAIN.length && misses < 2; i++) {
        if (state[PLAIN[i]] && self.value(row, PLAIN[i]) !== state[PLAIN[i]]) { misses += 1; failed = PLAIN[i]; }
      }
      if (misses < 2 && !self.assessed(row, state)) { misses += 1; failed = "vurdering"; }
      if (misses > 1) return;
      if (misses === 0) shown.push(row);
      PLAIN.forEach(function (key) {
        if (misses === 0 || failed === key) {
          var v = self.value(row, key);
          counts[key][v] = (counts[key][v] || 0) + 1;
        }
      });
      if (misses === 0 || failed === "vurdering") {
        self.assessmentKeys(row, state).forEach(function (c) {
          var word = self.data.assessments[Number(c)];
          counts.vurdering[word] = (counts.vurdering[word] || 0) + 1;
        });
      }
    });
    return { shown: shown, counts: counts };
  };

  Browser.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "", page: Number(params.get("side")) || 1 };
    var self = this;
    FACETS.forEach(function (key) {
      var v = params.get(key) || "";
      var s = self.selects[key];
      // Only values the page knows: a stale link shows everything rather than nothing.
      state[key] = s && Array.prototype.some.call(s.options, function (o) { return o.value === v; }) ? v : "";
    });
    return state;
  };

  Browser.prototype.readForm = function () {
    var self = this, state = { q: this.query.value.trim(), sort: this.sort.value, page: 1 };
    FACETS.forEach(function (key) { state[key] = self.selects[key] ? self.selects[key].value : ""; });
    return state;
  };

  Browser.prototype.writeForm = function (state) {
    var self = this;
    this.query.value = state.q;
    this.sort.value = state.sort;
    FACETS.forEach(function (key) { if (self.selects[key]) self.selects[key].value = state[key]; });
  };

  Browser.prototype.url = function (state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    if (state.sort) params.set("sort", state.sort);
    if (state.page > 1) params.set("side", String(state.page));
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };

  Browser.prototype.sortKey = function (name) {
    var d = this.data;
    switch (name) {
      case "titel": return function (r) { return fold(r[TITLE]); };
      case "ejer": return function (r) { return fold(d.owners[r[OWNER]]); };
      case "status": return function (r) { return r[STATUS]; };
      case "risiko": return function (r) { return r[RISK]; };
      case "gennemgaaet": return function (r) { return r[REVIEWED]; };
    }
    return null;
  };

  Browser.prototype.sorted = function (shown, sort) {
    var name = sort.replace(/^-/, ""), key = this.sortKey(name);
    if (!key) return shown;
    var sign = sort.charAt(0) === "-" ? -1 : 1;
    return shown.sort(function (a, b) {
      var x = key(a.r), y = key(b.r);
      var order = typeof x === "number" ? x - y : collate(x, y);
      return sign * order || (a.r[ID] < b.r[ID] ? -1 : 1);
    });
  };

  Browser.prototype.updateCounts = function (counts) {
    var self = this;
    Object.keys(this.selects).forEach(function (key) {
      if (key === "princip") return;  // a principle is not a subset of records; "vurdering" counts under it
      Array.prototype.forEach.call(self.selects[key].options, function (o) {
        if (o.value) o.textContent = o.dataset.word + " (" + (counts[key][o.value] || 0) + ")";
      });
    });
  };

  Browser.prototype.rowHtml = function (r) {
    var d = this.data, href = this.base + encodeURIComponent(r[SLUG]) + "/";
    var title = '<th scope="row" data-label="Titel"><a href="' + escapeHtml(href) + '">' + escapeHtml(r[TITLE]) + "</a></th>";
    var status = d.statuses[r[STATUS]], risk = d.risks[r[RISK]];
    if (!this.matrix) {
      return '<tr id="' + escapeHtml(r[ID].toLowerCase()) + '">' + title +
        '<td data-label="Ejer">' + escapeHtml(d.owners[r[OWNER]]) + "</td>" +
        '<td data-label="Kategori">' + escapeHtml(d.categories[r[CATEGORY]]) + "</td>" +
        '<td data-label="Status">' + escapeHtml(status) + "</td>" +
        '<td data-label="Risikoniveau">' + escapeHtml(risk) + "</td>" +
        '<td data-label="Sidst gennemgået">' + escapeHtml(dateDa(r[REVIEWED])) + "</td></tr>";
    }
    var cells = "", marks = this.marks;
    for (var i = 0; i < d.principles.length; i++) {
      var word = d.assessments[Number(r[ASSESS].charAt(i))];
      cells += '<td class="' + marks[word][0] + '"><a href="' + escapeHtml(href) + "#vurdering-" +
        d.principles[i].toLowerCase() + '">' + marks[word][1] + "<span> " + escapeHtml(word) + "</span></a></td>";
    }
    return "<tr>" + title + "<td>" + escapeHtml(status) + "</td><td>" + escapeHtml(risk) + "</td>" + cells + "</tr>";
  };

  // The matrix footer: per principle, how many of the shown records have each assessment.
  Browser.prototype.updateFoot = function (shown) {
    if (!this.matrix || !this.table.tFoot) return;
    var d = this.data;
    Array.prototype.forEach.call(this.table.tFoot.rows, function (tr) {
      var wanted = String(d.assessments.indexOf(tr.dataset.word));
      var cells = tr.querySelectorAll("td[data-principle]");
      Array.prototype.forEach.call(cells, function (cell) {
        var i = d.principles.indexOf(cell.dataset.principle), n = 0;
        shown.forEach(function (row) { if (row.r[ASSESS].charAt(i) === wanted) n += 1; });
        cell.textContent = String(n);
      });
    });
  };

  Browser.prototype.render = function (state) {
    this.state = state;
    var result = this.tally(state);
    var shown = this.sorted(result.shown, state.sort);
    this.shown = shown;
    var pages = Math.max(1, Math.ceil(shown.length / this.size));
    state.page = Math.min(Math.max(1, state.page), pages);
    var first = (state.page - 1) * this.size;
    var slice = shown.slice(first, first + this.size);
    var self = this;
    this.table.tBodies[0].innerHTML = slice.map(function (row) { return self.rowHtml(row.r); }).join("");
    this.updateCounts(result.counts);
    this.updateFoot(shown);
    var total = this.rows.length;
    this.count.textContent = shown.length
      ? "Viser " + (first + 1) + "–" + (first + slice.length) + " af " + shown.length + " initiativer" +
        (shown.length < total ? " (udvalgt blandt " + total + ")" : "") +
        (pages > 1 ? ", side " + state.page + " af " + pages : "") + "."
      : "Ingen initiativer passer til filtrene.";
    this.renderPager(state.page, pages);
    this.download.disabled = shown.length === 0;
  };

  Browser.prototype.renderPager = function (current, pages) {
    var nav = this.pager;
    nav.hidden = pages <= 1;
    nav.querySelector("[data-prev]").disabled = current <= 1;
    nav.querySelector("[data-next]").disabled = current >= pages;
    nav.querySelector("[data-where]").textContent = "Side " + current + " af " + pages;
  };

  Browser.prototype.go = function (state, push) {
    this.render(state);
    var url = this.url(this.state);
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history[push ? "pushState" : "replaceState"]({ aiBrowser: true }, "", url);
    }
  };

  Browser.prototype.csv = function () {
    var d = this.data;
    var header = ["id", "titel", "ejer", "kategori", "status", "risikoniveau", "sidst gennemgået"];
    if (this.matrix) header = header.concat(d.principles);
    var lines = [header].concat(this.shown.map(function (row) {
      var r = row.r;
      var cells = [r[ID], r[TITLE], d.owners[r[OWNER]], d.categories[r[CATEGORY]], d.statuses[r[STATUS]],
                   d.risks[r[RISK]], r[REVIEWED]];
      if (header.length > 7) {
        for (var i = 0; i < d.principles.length; i++) cells.push(d.assessments[Number(r[ASSESS].charAt(i))]);
      }
      return cells;
    })).map(function (cells) {
      return cells.map(function (v) {
        v = String(v);
        if (FORMULA_START.test(v)) v = "'" + v;
        return /[;"\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
      }).join(";");
    });
    // Semicolons, CRLF and a UTF-8 BOM, as the register's own CSV (macros/tables.py).
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  };

  Browser.prototype.saveCsv = function () {
    var blob = new Blob([this.csv()], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = this.form.dataset.filename || "udsnit.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  };

  Browser.prototype.start = function () {
    var self = this, form = this.form;
    if (this.matrix) this.marks = JSON.parse(form.dataset.marks);
    this.download = form.querySelector("[data-download]");
    // The script's pager replaces the static one, which only pages the rows in the HTML.
    var staticPager = document.querySelector("[data-static-pager][data-for=" + this.table.id + "]");
    if (staticPager) staticPager.hidden = true;
    this.pager = document.createElement("nav");
    this.pager.className = "ai-pager ai-pager--script";
    this.pager.setAttribute("aria-label", "Sider i udvalget");
    this.pager.innerHTML = '<button type="button" class="md-button" data-prev>Forrige side</button> ' +
      '<span data-where></span> <button type="button" class="md-button" data-next>Næste side</button>';
    this.table.closest("div").insertAdjacentElement("afterend", this.pager);
    this.pager.querySelector("[data-prev]").addEventListener("click", function () { self.turn(-1); });
    this.pager.querySelector("[data-next]").addEventListener("click", function () { self.turn(1); });

    Object.keys(this.selects).concat(["sort"]).forEach(function (key) {
      var s = key === "sort" ? self.sort : self.selects[key];
      s.addEventListener("change", function () { self.go(self.readForm(), true); });
    });
    var typing;
    this.query.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { self.go(self.readForm(), false); }, 150);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); self.go(self.readForm(), true); });
    form.querySelector("[data-reset]").addEventListener("click", function () {
      self.writeForm({ q: "", sort: "", status: "", risiko: "", kategori: "", ejer: "", princip: "", vurdering: "" });
      self.go(self.readForm(), true);
    });
    this.download.addEventListener("click", function () { self.saveCsv(); });
    window.addEventListener("popstate", function () { self.restore(); });
    form.hidden = false;
    this.restore();
  };

  Browser.prototype.turn = function (step) {
    var state = Object.assign({}, this.state, { page: this.state.page + step });
    this.go(state, true);
    this.table.closest("div").scrollIntoView({ block: "start" });
  };

  Browser.prototype.restore = function () {
    var state = this.readUrl();
    this.writeForm(state);
    this.render(state);
  };

  function init() {
    document.querySelectorAll("form.ai-browser[data-rows]").forEach(function (form) {
      // Without the rows (offline, say) the page keeps its plain rows and pager.
      fetch(form.dataset.rows)
        .then(function (response) { return response.ok ? response.json() : null; }, function () { return null; })
        .then(function (data) {
          if (!data) return;
          var browser = new Browser(form, data);
          browser.start();
          form.aiBrowser = browser;  // for tests and the benchmark
          form.dispatchEvent(new CustomEvent("ai:ready"));
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
