/* Publication list (labsite): filter the list in place by view, and copy buttons for BibTeX and citations.
   Everything works without this script: views are pages of their own, BibTeX and citations are in <details>.
   The filter is in the address (?topic=<id>, ?view=selected), so a shared link opens the same view,
   and the papers-per-year chart and its table count the papers the view shows. */
(function () {
  "use strict";

  // The words of the copy buttons: the page's own (the site's language, a JSON data block that
  // labsite writes in each page with this script), else English.
  var words = {
    copy: "Copy", copied: "Copied", failed: "Copy failed", citation: "{style} citation",
    copyWhat: "Copy {what} of {title}", copiedWhat: "Copied {what} of {title} to the clipboard",
    failedWhat: "Could not copy {what} of {title}; select the text and copy it instead", thisPaper: "this paper",
    filter: "Filter publications"
  };
  function readWords() { // once the page is parsed: this script may run before the block (inlined)
    try {
      var given = JSON.parse((document.getElementById("labsite-words") || {}).textContent || "{}");
      Object.keys(words).forEach(function (key) { if (typeof given[key] === "string") words[key] = given[key]; });
    } catch (error) { /* English */ }
  }

  function say(message, what, title) {
    return message.replace("{what}", what).replace("{title}", title || words.thisPaper);
  }

  // One polite live region for the whole page: screen readers hear "Copied ..." or the failure.
  function statusRegion() {
    var region = document.getElementById("labsite-copy-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "labsite-copy-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(message) {
    var region = statusRegion();
    region.textContent = "";
    // a change of text is announced; clearing first repeats the same message on a second click
    setTimeout(function () { region.textContent = message; }, 50);
  }

  // A copy button for each BibTeX block (made here) and each formatted citation of a paper page (in the
  // page, hidden until there is a clipboard). It copies the block's text: the BibTeX source, or the
  // citation as plain text.
  function wire(button, source, what, title) {
    var label = button.textContent || words.copy;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () {
          button.textContent = words.copied;
          announce(say(words.copiedWhat, what, title));
          setTimeout(function () { button.textContent = label; }, 1500);
        },
        function () {
          button.textContent = words.failed;
          announce(say(words.failedWhat, what, title));
          setTimeout(function () { button.textContent = label; }, 3000);
        }
      );
    });
    button.hidden = false;
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return;
    readWords();
    var details = document.querySelectorAll("details.labsite-bibtex, details.labsite-citation");
    if (details.length) statusRegion();
    details.forEach(function (details) {
      var summary = details.querySelector("summary");
      var source = details.querySelector("pre, .labsite-citation-text");
      if (!summary || !source) return;
      var title = details.dataset.title || "";
      var what = details.dataset.copy ? words.citation.replace("{style}", details.dataset.copy) : "BibTeX";
      var button = details.querySelector("button.labsite-copy");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "labsite-copy";
        button.textContent = words.copy;
        // the accessible name starts with the visible text (WCAG 2.5.3) and names the paper
        if (title) button.setAttribute("aria-label", say(words.copyWhat, what, title));
        details.insertBefore(button, source); // not inside <summary>: controls must not nest
      }
      wire(button, source, what, title);
    });
  }

  function matches(entry, view) {
    if (view === "all") return true;
    if (view === "selected") return entry.dataset.selected === "true";
    if (view.indexOf("topic/") === 0) {
      return (" " + entry.dataset.topics + " ").indexOf(" " + view.slice(6) + " ") >= 0;
    }
    return true;
  }

  function addFilters() {
    var lists = document.querySelectorAll(".labsite-publications");
    var nav = document.querySelector("nav.labsite-pub-views");
    if (!nav || !lists.length) return;
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].dataset.complete !== "true") return; // a long list split into pages: keep the links
    }
    var current = nav.querySelector("[aria-current]");
    if (!current || current.dataset.view !== "all") return; // only the full list filters in place
    var entries = document.querySelectorAll(".labsite-publication");
    var items = nav.querySelectorAll("li");
    var buttons = [];
    items.forEach(function (item) {
      var link = item.querySelector("a[data-view]");
      var view = link ? link.dataset.view : "all";
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.view = view;
      button.innerHTML = (link || item.firstElementChild).innerHTML;
      button.setAttribute("aria-pressed", view === "all" ? "true" : "false");
      item.replaceChildren(button);
      buttons.push(button);
    });
    readWords();
    nav.setAttribute("aria-label", words.filter);
    function show(button) {
      var view = button.dataset.view;
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      entries.forEach(function (entry) { entry.classList.toggle("labsite-hidden", !matches(entry, view)); });
      document.querySelectorAll("section[id^='year-']").forEach(function (section) {
        var shown = section.querySelector(".labsite-publication:not(.labsite-hidden)");
        section.classList.toggle("labsite-hidden", !shown);
      });
      followChart(entries, view);
      return view;
    }
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var view = show(button);
      if (window.history && history.replaceState) history.replaceState(history.state, "", address(view));
    });
    var wanted = viewInAddress();
    var chosen = buttons.filter(function (b) { return b.dataset.view === wanted; })[0];
    if (chosen && wanted !== "all") show(chosen);
  }

  // --- the view in the address: ?topic=<id> or ?view=selected (other parameters and #fragment kept)

  function viewInAddress() {
    var params = new URLSearchParams(location.search);
    if (params.get("topic")) return "topic/" + params.get("topic");
    return params.get("view") || "all";
  }

  function address(view) {
    var params = new URLSearchParams(location.search);
    params.delete("topic");
    params.delete("view");
    if (view.indexOf("topic/") === 0) params.set("topic", view.slice(6));
    else if (view !== "all") params.set("view", view);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  // --- the chart follows the view: each bar segment (a year and a paper's first topic) is redrawn
  // for the papers shown, on the same scale, and so are its tooltip, the description and the table

  function followChart(entries, view) {
    var chart = document.querySelector("svg.labsite-chart[data-scale]");
    if (!chart) return;
    var counts = {};
    var totals = {};
    entries.forEach(function (entry) {
      if (!matches(entry, view)) return;
      var section = entry.closest("section[id^='year-']");
      if (!section) return;
      var year = section.id.slice(5);
      var first = (entry.dataset.topics || "").split(" ")[0];
      counts[year + " " + first] = (counts[year + " " + first] || 0) + 1;
      totals[year] = (totals[year] || 0) + 1;
    });
    var base = parseFloat(chart.dataset.base);
    var scale = parseFloat(chart.dataset.scale);
    var stacked = {};
    chart.querySelectorAll("rect[data-year]").forEach(function (rect) {
      var year = rect.dataset.year;
      var value = counts[year + " " + rect.dataset.series] || 0;
      var height = value * scale;
      var below = stacked[year] || 0;
      rect.setAttribute("y", (base - below - height).toFixed(1));
      rect.setAttribute("height", height.toFixed(1));
      stacked[year] = below + height;
      var tip = rect.querySelector("title");
      if (tip) tip.textContent = tip.textContent.replace(/\d+$/, String(value));
    });
    var desc = chart.querySelector("desc");
    if (desc) {
      desc.textContent = desc.textContent.replace(/(\d{4}): \d+/g, function (whole, year) {
        return year + ": " + (totals[year] || 0);
      });
    }
    var table = document.querySelector(".labsite-chart-table table");
    if (!table) return;
    var series = Array.prototype.map.call(table.querySelectorAll("thead th[data-series]"), function (th) {
      return th.dataset.series;
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var year = row.querySelector("th").textContent.trim();
      var cells = row.querySelectorAll("td");
      series.forEach(function (id, i) { if (cells[i]) cells[i].textContent = counts[year + " " + id] || 0; });
      if (cells[series.length]) cells[series.length].textContent = totals[year] || 0;
      row.classList.toggle("labsite-hidden", !totals[year]);
    });
  }

  function start() {
    addCopyButtons();
    addFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
