// The theme loads Sphinx's searchtools.js on every page, and its init runs a search for
// any `?q=` in the URL. Outside the search page there is no #search-results to show it
// in, and the script throws a TypeError. This runs after searchtools.js (deferred, before
// DOMContentLoaded) and lets its search run only where the results have a place.
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Search.performSearch !== "function") return;
  const perform = Search.performSearch;
  Search.performSearch = function (query) {
    if (!document.getElementById("search-results")) return undefined;
    return perform.call(this, query);
  };
})();
