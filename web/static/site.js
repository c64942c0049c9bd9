/* pingan_data web edition: table sorting and filtering, and the source pages' reading aids.
   Plain JavaScript; every page works without it (all rows and all text are in the HTML). */
(function () {
  "use strict";

  /* ---- tables: click a header to sort ---- */

  function cellKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? NaN : "";
    var key = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? (key === "" ? NaN : parseFloat(key.replace(/,/g, ""))) : key;
  }

  function sortTable(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "number";
    var descending = th.getAttribute("aria-sort") === "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, key: cellKey(row, index, numeric), i: i };
    });
    rows.sort(function (a, b) {
      var x = a.key, y = b.key, order;
      if (numeric) {
        if (isNaN(x) && isNaN(y)) order = 0;
        else if (isNaN(x)) return 1;          /* empty cells last, either way */
        else if (isNaN(y)) return -1;
        else order = x - y;
      } else {
        if (x === "" && y !== "") return 1;
        if (y === "" && x !== "") return -1;
        order = x.localeCompare(y, "en", { numeric: true });
      }
      if (descending) order = -order;
      return order || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(th.parentNode.children, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th) {
      var button = th.querySelector("button");
      if (button) button.addEventListener("click", function () { sortTable(table, th); });
    });
  });

  /* ---- tables: filters, mirrored in the query string (?city=Fuzhou&year=2022) ---- */

  document.querySelectorAll("form.filters").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var search = form.querySelector("input[data-search]");
    var output = form.querySelector("output");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    /* the search box: every word, folded as pingan_data.script.fold folds it, must occur in the row's search
       text (pingan_data.searchable), which the build folded the same way */
    function found(row, words) {
      var text = row.getAttribute("data-search") || "";
      return words.every(function (word) { return text.indexOf(word) !== -1; });
    }

    function apply(updateUrl) {
      var shown = 0;
      var words = search && window.pinganFold ? window.pinganFold.words(search.value) : [];
      rows.forEach(function (row) {
        var keep = selects.every(function (select) {
          if (!select.value) return true;
          var values = (row.getAttribute("data-f-" + select.getAttribute("data-filter")) || "").split(" ");
          return values.indexOf(select.value) !== -1;
        }) && found(row, words);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (output) output.textContent = shown + " of " + rows.length + " rows";
      if (updateUrl) {
        var params = new URLSearchParams();
        if (search && search.value.trim()) params.set("q", search.value.trim());
        selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
        var query = params.toString();
        try {
          history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
        } catch (e) { /* some browsers refuse on file: URLs; the filter still applies */ }
      }
    }

    var params = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted !== null && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
      select.addEventListener("change", function () { apply(true); });
    });
    if (search) {
      if (params.get("q") !== null) search.value = params.get("q");
      search.addEventListener("input", function () { apply(true); });
      form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    }
    var clear = form.querySelector("button.clear");
    if (clear) clear.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      if (search) search.value = "";
      apply(true);
    });
    apply(false);
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.hidden) {
        selects.forEach(function (s) { s.value = ""; });
        if (search) search.value = "";
        apply(true);
      }
      if (target) target.scrollIntoView();
    }
  });

  /* ---- source pages ---- */

  var text = document.querySelector(".page-source .text");
  if (text) {
    var pieces = function (key) { return text.querySelectorAll('mark[data-q="' + CSS.escape(key) + '"]'); };

    /* ?quote=<claim or honour id> emphasises that quote (all its pieces) */
    var current = new URLSearchParams(location.search).get("quote");
    if (current) pieces(current).forEach(function (el) { el.classList.add("is-current"); });

    /* hovering a quote lights up all of its pieces; clicking it follows its link */
    text.addEventListener("mouseover", function (event) {
      var mark = event.target.closest && event.target.closest("mark[data-q]");
      text.querySelectorAll("mark.is-hover").forEach(function (el) { el.classList.remove("is-hover"); });
      if (mark) pieces(mark.getAttribute("data-q")).forEach(function (el) { el.classList.add("is-hover"); });
    });
    text.addEventListener("click", function (event) {
      if (event.target.closest("a")) return;
      var mark = event.target.closest("mark[data-q]");
      var selection = window.getSelection();
      if (!mark || (selection && !selection.isCollapsed)) return;
      var ref = text.querySelector('a.ref[data-for="' + CSS.escape(mark.getAttribute("data-q")) + '"]');
      if (ref) location.href = ref.href;
    });

    /* the script toggle: a simplified-script copy for reading; the raw text stays in the HTML */
    var toggle = document.getElementById("script-toggle");
    if (toggle) {
      var note = document.querySelector(".script-note");
      toggle.addEventListener("click", function () {
        var on = toggle.getAttribute("aria-pressed") !== "true";
        text.querySelectorAll("[data-s]").forEach(function (el) {
          if (!el.hasAttribute("data-t")) el.setAttribute("data-t", el.textContent);
          el.textContent = el.getAttribute(on ? "data-s" : "data-t");
        });
        text.setAttribute("lang", on ? "zh-Hans" : text.getAttribute("data-lang"));
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
        toggle.textContent = toggle.getAttribute(on ? "data-on" : "data-off");
        if (note) note.hidden = !on;
      });
    }

    /* the link to the targeted line, ready to cite */
    var cite = document.querySelector(".cite-line");
    var showCite = function () {
      if (!cite) return;
      var match = /^#L\d+$/.test(location.hash);
      cite.hidden = !match;
      if (match) cite.querySelector("code").textContent = location.origin === "null" || location.protocol === "file:"
        ? location.pathname.split("/").slice(-2).join("/") + location.hash
        : location.origin + location.pathname + location.hash;
    };
    window.addEventListener("hashchange", showCite);
    showCite();
  }

  /* the sticky toolbar of a source page: a linked line scrolls to just below it, however tall it wraps */
  var toolbar = document.querySelector(".page-source .toolbar");
  if (toolbar) {
    var clearToolbar = function () {
      document.documentElement.style.setProperty("--toolbar", toolbar.getBoundingClientRect().height + "px");
    };
    clearToolbar();
    window.addEventListener("resize", clearToolbar);
    window.addEventListener("hashchange", clearToolbar);
    var line = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (line) line.scrollIntoView();
  }



  /* ---- absolute links for citations ---- */

  document.querySelectorAll("[data-cite-path]").forEach(function (el) {
    if (location.protocol === "file:") return;
    el.textContent = new URL(el.getAttribute("data-cite-path"), location.href).href;
  });
})();
