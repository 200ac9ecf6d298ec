// search.html?q=WORD: Pagefind UI with filters; the Sphinx search is the fallback.
// The page does not load Sphinx's search scripts (they would run `?q=` at once and fetch
// every result page for a summary): they are loaded here, only when Pagefind is missing.
(function () {
  "use strict";
  const root = document.getElementById("pkb-search");
  if (!root) return;
  const bundle = new URL(root.dataset.bundle, window.location.href).href;
  const fallback = document.getElementById("pkb-search-fallback");

  let fellBack = false;
  function useFallback() {
    if (fellBack) return;
    fellBack = true;
    root.hidden = true;
    fallback.hidden = false;
    // In order (async = false): searchtools.js runs its search once the index is set.
    for (const src of (fallback.dataset.scripts || "").split(" ").filter(Boolean)) {
      const tag = document.createElement("script");
      tag.src = new URL(src, window.location.href).href;
      tag.async = false;
      document.body.appendChild(tag);
    }
  }

  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);

  const script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onerror = useFallback;
  script.onload = function () {
    if (typeof PagefindUI === "undefined") return useFallback();
    const ui = new PagefindUI({
      element: "#pkb-search",
      bundlePath: bundle,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      openFilters: ["kind"],
      translations: { placeholder: "Search policies, tips and guidance" },
    });
    labelInput();
    const query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
    document.documentElement.classList.add("pkb-search-ready");
  };
  document.head.appendChild(script);

  // Give Pagefind's search box a visible label (accessibility: WCAG 2.5.3, 3.3.2).
  function labelInput() {
    const input = root.querySelector("input[type='text'], input[type='search']");
    if (!input || root.querySelector("label.pkb-search-label")) return;
    input.id = input.id || "pkb-search-input";
    const label = document.createElement("label");
    label.className = "pkb-search-label";
    label.htmlFor = input.id;
    label.textContent = "Search words";
    root.insertBefore(label, root.firstChild);
  }
})();
