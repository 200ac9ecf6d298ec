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

  // The index is split into shards (decision 20): `shards.json` lists their bundles, the
  // first one's WebAssembly serves them all. It is fetched while the UI script loads.
  const shards = fetch(bundle + "shards.json")
    .then((response) => (response.ok ? response.json() : null))
    .then(bundlePaths)
    .catch(() => null);
  const asked = new URLSearchParams(window.location.search).has("q");
  if (asked) shards.then((paths) => paths && preloadModule(paths[0]));

  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);

  const script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onerror = useFallback;
  script.onload = function () {
    shards.then(function (paths) {
      if (typeof PagefindUI === "undefined" || !paths) return useFallback();
      start(paths);
    });
  };
  document.head.appendChild(script);

  // The bundles' addresses: folder names of digits only, under the Pagefind folder.
  function bundlePaths(listed) {
    const names = listed && Array.isArray(listed.bundles) ? listed.bundles : [];
    const valid = names.filter((name) => typeof name === "string" && /^[0-9]+\/$/.test(name));
    if (!valid.length || valid.length !== names.length) return null;
    return valid.map((name) => new URL(name, bundle).href);
  }

  // The module Pagefind's UI imports first, fetched while the UI script loads.
  function preloadModule(path) {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = path + "pagefind.js";
    document.head.appendChild(link);
  }

  function start(paths) {
    const ui = new PagefindUI({
      element: "#pkb-search",
      bundlePath: paths[0],
      mergeIndex: paths.slice(1).map((path) => ({ bundlePath: path })),
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
  }

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
