// library.html: filters kept in the URL query, over the whole library.
//
// The page carries the first documents and the facet counts. The first time a filter is
// used (or the address carries one), this loads `library-index.json`, a compact index of
// every document, and from then on renders the matching documents itself, 50 at a time
// ("Show more documents"). Crawled strings are written with textContent only.
(function () {
  "use strict";
  const form = document.querySelector(".pkb-facets");
  const list = document.querySelector(".pkb-library");
  if (!form || !list) return;
  const controls = Array.from(form.querySelectorAll("[data-facet]"));
  const status = document.querySelector(".pkb-result-count");
  const empty = document.querySelector(".pkb-empty");
  const moreWrap = document.querySelector(".pkb-more-wrap");
  const more = document.querySelector(".pkb-more");
  const pager = document.querySelector(".pkb-pager");
  const browse = document.querySelector(".pkb-browse");
  const prefix = list.dataset.index.slice(0, list.dataset.index.lastIndexOf("/") + 1);
  const format = new Intl.NumberFormat("en");

  let index = null; // the loaded library-index.json
  let loading = null; // its fetch, once
  let matches = [];
  let shown = 0;

  // Without JavaScript the form could not filter (a static page): it is hidden, and the
  // facet links lead to static pages instead. With it, the form takes their place.
  form.hidden = false;
  if (browse) browse.hidden = true;

  function loadIndex() {
    if (!loading) {
      loading = fetch(list.dataset.index, { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(`${list.dataset.index}: HTTP ${response.status}`);
          return response.json();
        })
        .then((data) => {
          index = prepare(data);
          return index;
        });
    }
    return loading;
  }

  // Facet value numbers become strings once, for matching against the controls.
  function prepare(data) {
    const facets = data.facets.map((f) => f.name);
    const metaAt = data.meta.map((name) => facets.indexOf(name));
    const docs = data.docs.map((d) => {
      const values = {};
      facets.forEach((name, i) => {
        values[name] = d[5][i].map((n) => data.facets[i].values[n]);
      });
      const meta = metaAt.map((i) => data.facets[i].labels[d[5][i][0]]).join(" · ");
      let state = d[4] ? "full text" : "link only";
      if (d[3]) state += ` · ${d[3]}`;
      const text = `${d[1]} ${d[2]} ${meta} ${state}`.toLowerCase();
      return { id: d[0], title: d[1], organization: d[2], meta: `${meta} · ${state}`, values, text };
    });
    return { docs, facets, pageSize: data.pageSize };
  }

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

  function filtering() {
    return controls.some((control) => control.value.trim() !== "");
  }

  function accepts(doc) {
    for (const control of controls) {
      const wanted = control.value.trim();
      if (!wanted) continue;
      if (control.dataset.facet === "name") {
        if (!doc.text.includes(wanted.toLowerCase())) return false;
      } else if (!(doc.values[control.dataset.facet] || []).includes(wanted)) {
        return false;
      }
    }
    return true;
  }

  function item(doc) {
    const li = document.createElement("li");
    li.className = "pkb-doc";
    li.dataset.policy = doc.id;
    for (const [name, values] of Object.entries(doc.values)) {
      li.setAttribute(`data-${name}`, values.join(" "));
    }
    const link = document.createElement("a");
    link.className = "pkb-doc-title";
    link.href = `${prefix}policies/${encodeURIComponent(doc.id)}.html`;
    link.textContent = doc.title;
    const org = document.createElement("span");
    org.className = "pkb-doc-org";
    org.textContent = doc.organization;
    const meta = document.createElement("span");
    meta.className = "pkb-meta";
    meta.textContent = doc.meta;
    li.append(link, org, meta);
    return li;
  }

  function report() {
    const total = index.docs.length;
    const n = (x) => format.format(x);
    let text;
    if (shown === total) text = `Showing all ${n(total)} documents.`;
    else if (matches.length === total) text = `Showing ${n(shown)} of ${n(total)} documents.`;
    else if (shown === matches.length) text = `Showing ${n(shown)} of ${n(total)} documents.`;
    else text = `Showing ${n(shown)} of ${n(matches.length)} matching documents (${n(total)} in all).`;
    status.textContent = text;
    empty.hidden = matches.length !== 0;
    moreWrap.hidden = shown >= matches.length;
  }

  function showMore() {
    const next = matches.slice(shown, shown + index.pageSize);
    const fragment = document.createDocumentFragment();
    for (const doc of next) fragment.appendChild(item(doc));
    list.appendChild(fragment);
    shown += next.length;
    report();
  }

  function apply() {
    matches = index.docs.filter(accepts);
    shown = 0;
    list.replaceChildren();
    if (pager) pager.hidden = true; // the static pages list the unfiltered library
    showMore();
  }

  let pending = 0;
  function update() {
    writeQuery();
    const ticket = ++pending;
    status.setAttribute("aria-busy", "true");
    return loadIndex()
      .then(() => {
        if (ticket !== pending) return; // a later change will render
        apply();
        status.removeAttribute("aria-busy");
        document.documentElement.classList.add("pkb-library-filtered");
      })
      .catch((error) => {
        status.removeAttribute("aria-busy");
        status.textContent = "The filters could not load the library index; " +
          "use the pages below or reload the page.";
        if (pager) pager.hidden = false;
        if (browse) browse.hidden = false;
        console.error(error);
      });
  }

  // The filters apply as you type: Enter must not reload the page (no inline onsubmit,
  // which the Content-Security-Policy would block).
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("reset", () => window.setTimeout(update, 0));
  more.addEventListener("click", () => {
    const first = shown;
    showMore();
    const link = list.children[first] && list.children[first].querySelector("a");
    if (link) link.focus(); // keyboard users continue at the first new document
  });

  function ready() {
    document.documentElement.classList.add("pkb-library-ready");
  }
  const legacy = readQuery();
  if (filtering() || legacy) update().then(ready);
  else ready();
})();
