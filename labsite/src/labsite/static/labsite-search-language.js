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
