/* Publication list (labsite): filter the list in place by view, and copy buttons for BibTeX and citations.
   Everything works without this script: views are pages of their own, BibTeX and citations are in <details>. */
(function () {
  "use strict";

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
    var label = button.textContent || "Copy";
    button.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () {
          button.textContent = "Copied";
          announce("Copied " + what + " of " + (title || "this paper") + " to the clipboard");
          setTimeout(function () { button.textContent = label; }, 1500);
        },
        function () {
          button.textContent = "Copy failed";
          announce("Could not copy " + what + " of " + (title || "this paper") + "; select the text and copy it instead");
          setTimeout(function () { button.textContent = label; }, 3000);
        }
      );
    });
    button.hidden = false;
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return;
    var details = document.querySelectorAll("details.labsite-bibtex, details.labsite-citation");
    if (details.length) statusRegion();
    details.forEach(function (details) {
      var summary = details.querySelector("summary");
      var source = details.querySelector("pre, .labsite-citation-text");
      if (!summary || !source) return;
      var title = details.dataset.title || "";
      var what = details.dataset.copy ? details.dataset.copy + " citation" : "BibTeX";
      var button = details.querySelector("button.labsite-copy");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "labsite-copy";
        button.textContent = "Copy";
        // the accessible name starts with the visible text (WCAG 2.5.3) and names the paper
        if (title) button.setAttribute("aria-label", "Copy " + what + " of " + title);
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
    nav.setAttribute("aria-label", "Filter publications");
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var view = button.dataset.view;
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      entries.forEach(function (entry) { entry.classList.toggle("labsite-hidden", !matches(entry, view)); });
      document.querySelectorAll("section[id^='year-']").forEach(function (section) {
        var shown = section.querySelector(".labsite-publication:not(.labsite-hidden)");
        section.classList.toggle("labsite-hidden", !shown);
      });
    });
  }

  function start() {
    addCopyButtons();
    addFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
