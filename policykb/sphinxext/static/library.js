// Client-side facets for library.html; the filters live in the URL query.
(function () {
  "use strict";
  const form = document.querySelector(".pkb-facets");
  const list = document.querySelector(".pkb-library");
  if (!form || !list) return;
  const items = Array.from(list.querySelectorAll("[data-policy]"));
  const controls = Array.from(form.querySelectorAll("[data-facet]"));
  const status = document.querySelector(".pkb-result-count");
  const empty = document.querySelector(".pkb-empty");

  // The name filter is `name=`: `q=` belongs to the search page, and the theme's search
  // script acts on it everywhere. Links from before keep working and are rewritten.
  function readQuery() {
    const params = new URLSearchParams(window.location.search);
    const legacy = params.has("q") && !params.has("name");
    if (legacy) params.set("name", params.get("q"));
    for (const control of controls) {
      const value = params.get(control.dataset.facet) || "";
      if (control.tagName === "SELECT" && value &&
          !Array.from(control.options).some((o) => o.value === value)) {
        continue; // unknown value in the URL: leave the facet at "All"
      }
      control.value = value;
    }
    return legacy;
  }

  function writeQuery() {
    const params = new URLSearchParams();
    for (const control of controls) {
      if (control.value) params.set(control.dataset.facet, control.value);
    }
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function matches(item) {
    for (const control of controls) {
      const wanted = control.value.trim().toLowerCase();
      if (!wanted) continue;
      if (control.dataset.facet === "name") {
        if (!item.textContent.toLowerCase().includes(wanted)) return false;
      } else {
        const have = (item.dataset[camel(control.dataset.facet)] || "").split(" ");
        if (!have.includes(control.value)) return false;
      }
    }
    return true;
  }

  function camel(name) {
    return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  }

  function apply() {
    let shown = 0;
    for (const item of items) {
      const ok = matches(item);
      item.hidden = !ok;
      if (ok) shown += 1;
    }
    const total = items.length;
    status.textContent = shown === total
      ? `Showing all ${total} documents.`
      : `Showing ${shown} of ${total} documents.`;
    empty.hidden = shown !== 0;
  }

  // The filters apply as you type: Enter must not reload the page (no inline onsubmit,
  // which the Content-Security-Policy would block).
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", () => { apply(); writeQuery(); });
  form.addEventListener("change", () => { apply(); writeQuery(); });
  form.addEventListener("reset", () => {
    window.setTimeout(() => { apply(); writeQuery(); }, 0);
  });
  const legacy = readQuery();
  apply();
  if (legacy) writeQuery();
  document.documentElement.classList.add("pkb-library-ready");
})();
