/* labsite: the query side of labsite.sphinx.search.FoldingEnglish, embedded by Sphinx in
   language_data.js as the search language's `splitQuery` (searchtools.js calls it on the query).
   It folds accents and case exactly as the Python `fold()` does for the index: NFKD, combining
   marks removed, lower case, then letters without a decomposition spelled in ASCII (the table is
   filled in from Python's LETTERS at build time), and splits into words as Sphinx's default does. */
var labsiteLetters = /*LETTERS*/{};
var labsiteFold = function (text) {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/./gu, function (ch) {
      return Object.prototype.hasOwnProperty.call(labsiteLetters, ch) ? labsiteLetters[ch] : ch;
    });
};
var splitQuery = function (query) {
  return labsiteFold(query)
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter(function (term) { return term; });
};
/* The summary under each result: Sphinx fetches the page and shows text around the query from its
   main content. Leave out what is not prose (a paper's BibTeX, navigation, pagers), keep blocks apart
   (a title and its authors are two phrases, not one run-together word), and read math as its text. */
if (typeof Search !== "undefined") {
  Search.htmlToText = function (htmlString, anchor) {
    var page = new DOMParser().parseFromString(htmlString, "text/html");
    page
      .querySelectorAll(".headerlink, script, style, nav, .labsite-bibtex, .labsite-pager, .labsite-back")
      .forEach(function (el) { el.remove(); });
    page.querySelectorAll("math[alttext]").forEach(function (el) {
      el.replaceWith(page.createTextNode(el.getAttribute("alttext")));
    });
    var main = page.querySelector('[role="main"]');
    var root = (anchor && main && main.querySelector(anchor)) || main;
    if (!root) return "";
    root
      .querySelectorAll("p, li, dt, dd, h1, h2, h3, h4, h5, h6, div, section, td, th, br, summary")
      .forEach(function (el) { el.append(" "); });
    return root.textContent.replace(/\s+/g, " ").trim();
  };
}
/* Sphinx lists a page that has only some of the query's words when the query has a word of one or
   two letters (it counts such words as optional, and then compares counts), so "Susan Li" would list
   every paper by any Li above the page of Susan Li. A surname is often such a word (Li, He, Xu, Wu):
   keep the pages that have every word of the query found anywhere (whole, or as part of a longer
   word as Sphinx matches words of three letters or more). */
if (typeof Search !== "undefined") {
  var labsiteTermsSearch = Search.performTermsSearch;
  Search.performTermsSearch = function (searchTerms, excludedTerms) {
    var results = labsiteTermsSearch(searchTerms, excludedTerms);
    var words = Array.from(searchTerms);
    if (!words.some(function (word) { return word.length <= 2; })) return results;
    var index = Search._index;
    var docsWith = function (word) {
      var docs = new Set();
      [index.terms, index.titleterms].forEach(function (map) {
        Object.keys(map).forEach(function (term) {
          if (term === word || (word.length > 2 && term.indexOf(word) >= 0)) [].concat(map[term]).forEach(function (d) { docs.add(d); });
        });
      });
      return docs;
    };
    var required = words.map(docsWith).filter(function (docs) { return docs.size; });
    var position = new Map(index.docnames.map(function (name, i) { return [name, i]; }));
    return results.filter(function (result) {
      var doc = position.get(result[0]);
      return required.every(function (docs) { return docs.has(doc); });
    });
  };
}
/* Sphinx fetches the page of every result for its summary, one after another; with thousands of
   papers a common word would fetch thousands of pages. Summaries for the first results only (the
   rest are listed by title, as they come). */
var labsiteSummaryLimit = 30;
if (typeof Search !== "undefined" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  var labsiteShowSummary = DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY;
  var labsiteQuery = Search.query;
  Search.query = function (query) {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = labsiteShowSummary;
    var listed = 0;
    var observer = new MutationObserver(function (changes) {
      changes.forEach(function (change) { listed += change.addedNodes.length; });
      if (listed >= labsiteSummaryLimit) {
        DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;  // read by searchtools.js for each result
        observer.disconnect();
      }
    });
    if (Search.output) observer.observe(Search.output, { childList: true });
    return labsiteQuery(query);
  };
}
