"""`policykb-library`: the first page of the library, its facets, and the rest on demand.

At 10,000 documents a page that lists every document weighs megabytes, so `library.html`
carries the first `PAGE_SIZE` documents (by organisation) and the facet counts, rendered at
build time. The rest of the library is reached in two ways:

- without JavaScript, by static pages written beside it: `library/page-<n>.html` (the
  whole list, `PAGE_SIZE` at a time, with previous/next links) and
  `library/<facet>/<value>.html` (the first `PAGE_SIZE` documents of one facet value, with
  its count); the facet values are links to those pages;
- with JavaScript, `library.js` loads `library-index.json` (a compact index of every
  document: names, facet values as numbers into shared tables) the first time a filter is
  used or the address carries one, filters it in the browser, and keeps the filters in the
  URL query (`library.html?sector=government&language=nl`).

Every crawled string is escaped here, and `library.js` writes them with `textContent`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from policykb.content.storage import write_atomic
from policykb.site.data import SiteData, note_data_doc, relative_link, site_data
from policykb.site.html import (
    AUDIENCE_LABELS,
    DOC_TYPE_LABELS,
    SECTOR_LABELS,
    country_label,
    entry_meta,
    esc,
    language_label,
    policy_href,
)
from policykb.site.policies import frame_digest
from policykb.site.state import digest_of

PAGE_SIZE = 50
INDEX_FILE = "library-index.json"
INDEX_VERSION = 1
LIBRARY_DIR = "library"  # the static pages beside library.html
LIBRARY_DOC = "library"  # the Sphinx document that holds the directive
SAFE_VALUE = re.compile(r"^[A-Za-z0-9-]{1,100}$")  # a facet value that can name a file
STATUS_LABELS = {"archived": "archived", "withdrawn": "withdrawn"}


def facet_values(data: SiteData, doc_id: str) -> dict[str, list[str]]:
    """The facet values of one document, as strings (several for topic and tip)."""
    entry = data.entries[doc_id]
    return {
        "sector": [entry.sector],
        "country": [entry.country],
        "language": [entry.language.split("-")[0]],
        "doc-type": [entry.doc_type],
        "audience": [entry.audience] if entry.audience else [],
        "topic": data.topics_of(doc_id),
        "tip": [str(n) for n in data.tips_of(doc_id)],
    }


def facet_labels(data: SiteData) -> dict[str, tuple[str, Callable[[str], str]]]:
    topics = data.taxonomy.topic_by_id
    tips = data.taxonomy.tip_by_number
    return {
        "sector": ("Sector", lambda v: SECTOR_LABELS.get(v, v)),
        "country": ("Country", country_label),
        "language": ("Language", language_label),
        "doc-type": ("Document type", lambda v: DOC_TYPE_LABELS.get(v, v)),
        "audience": ("Audience", lambda v: AUDIENCE_LABELS.get(v, v)),
        "topic": ("Topic", lambda v: topics[v].label if v in topics else v),
        "tip": ("Tip", lambda v: f"Tip {v}: {tips[int(v)].title}" if int(v) in tips else v),
    }


class Library:
    """The library's documents in order, their facet values and the counts, computed once."""

    def __init__(self, data: SiteData):
        self.data = data
        self.ids = list(data.sorted_ids)
        self.values = {i: facet_values(data, i) for i in self.ids}
        self.labels = facet_labels(data)
        self.counts: dict[str, Counter] = {
            facet: Counter(v for doc in self.values.values() for v in doc[facet])
            for facet in self.labels
        }

    def order(self, facet: str) -> list[str]:
        """A facet's values as the controls list them: tips by number, others by label."""
        counts, show = self.counts[facet], self.labels[facet][1]
        if facet == "tip":
            return sorted(counts, key=int)
        return sorted(counts, key=lambda v: (show(v).lower(), v))

    def facets(self) -> list[str]:
        """The facets with data (one with none yet, e.g. audience, is not offered)."""
        return [facet for facet in self.labels if self.counts[facet]]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.ids) // PAGE_SIZE))

    def matching(self, facet: str, value: str) -> list[str]:
        return [i for i in self.ids if value in self.values[i][facet]]


_LIBRARIES: WeakKeyDictionary[SiteData, Library] = WeakKeyDictionary()


def library_of(data: SiteData) -> Library:
    """The build's library, made once: library.html, its list and facet pages and its
    JSON index all read it (at 10,000 documents making it takes about 1.5 s)."""
    library = _LIBRARIES.get(data)
    if library is None:
        library = _LIBRARIES[data] = Library(data)
    return library


def facet_page(facet: str, value: str) -> str | None:
    """The page name of one facet value, or None when the value cannot name a file."""
    if not SAFE_VALUE.match(value):
        return None
    return f"{LIBRARY_DIR}/{facet}/{value.lower()}"


def list_page(number: int) -> str:
    return LIBRARY_DOC if number == 1 else f"{LIBRARY_DIR}/page-{number}"


def render_item(library: Library, doc_id: str, prefix: str) -> str:
    data = library.data
    entry = data.entries[doc_id]
    attrs = " ".join(
        f'data-{facet}="{esc(" ".join(v))}"' for facet, v in library.values[doc_id].items()
    )
    status = "full text" if doc_id in data.documents else "link only"
    if entry.status != "active":
        status += f" · {STATUS_LABELS.get(entry.status, entry.status)}"
    return (
        f'<li class="pkb-doc" data-policy="{esc(doc_id)}" {attrs}>'
        f'<a class="pkb-doc-title" href="{policy_href(prefix, doc_id)}">{esc(entry.title)}</a>'
        f'<span class="pkb-doc-org">{esc(entry.organization)}</span>'
        f'<span class="pkb-meta">{entry_meta(entry)} · {esc(status)}</span></li>'
    )


def render_list(library: Library, ids: list[str], prefix: str) -> str:
    items = "".join(render_item(library, i, prefix) for i in ids)
    return (
        f'<ul class="pkb-library" data-total="{len(library.ids)}" '
        f'data-index="{prefix}{INDEX_FILE}">{items}</ul>'
    )


def render_browse(library: Library, prefix: str, current: tuple[str, str] | None = None) -> str:
    """Links to every facet value's page, with counts: the facets without JavaScript."""
    groups = []
    for facet in library.facets():
        label, show = library.labels[facet]
        links = []
        for value in library.order(facet):
            text = f'{esc(show(value))} <span class="pkb-count">({library.counts[facet][value]})</span>'
            page = facet_page(facet, value)
            if page is None:
                links.append(f"<li>{text}</li>")
            elif current == (facet, value):
                links.append(
                    f'<li><a href="{prefix}{page}.html" aria-current="page">{text}</a></li>'
                )
            else:
                links.append(f'<li><a href="{prefix}{page}.html">{text}</a></li>')
        is_open = " open" if current is not None and current[0] == facet else ""
        groups.append(
            f'<details class="pkb-browse-facet"{is_open}><summary>{esc(label)}</summary>'
            f'<ul class="pkb-browse-values">{"".join(links)}</ul></details>'
        )
    return (
        '<nav class="pkb-browse" aria-label="Browse the library by facet">'
        f'<h2 class="pkb-browse-title">Browse by</h2>{"".join(groups)}</nav>'
    )


def render_pager(library: Library, number: int, prefix: str) -> str:
    """Previous and next links between the static list pages."""
    total = library.pages
    if total == 1:
        return ""
    links = []
    if number > 1:
        links.append(
            f'<a rel="prev" href="{prefix}{list_page(number - 1)}.html">← Previous page</a>'
        )
    links.append(f'<span class="pkb-pager-where">Page {number} of {total}</span>')
    if number < total:
        links.append(f'<a rel="next" href="{prefix}{list_page(number + 1)}.html">Next page →</a>')
    return f'<nav class="pkb-pager" aria-label="Library pages">{" ".join(links)}</nav>'


def showing(first: int, shown: int, total: int) -> str:
    if shown == total:
        return f"Showing all {total:,} documents."
    return f"Showing {first:,}–{first + shown - 1:,} of {total:,} documents."


def render_controls(library: Library) -> str:
    """The filter form: shown by `library.js`, which makes it work (hidden without it)."""
    controls = []
    for facet in library.facets():
        label, show = library.labels[facet]
        counts = library.counts[facet]
        options = "".join(
            f'<option value="{esc(v)}">{esc(show(v))} ({counts[v]})</option>'
            for v in library.order(facet)
        )
        controls.append(
            f'<div class="pkb-facet"><label for="facet-{facet}">{esc(label)}</label>'
            f'<select id="facet-{facet}" name="{facet}" data-facet="{facet}">'
            f'<option value="">All</option>{options}</select></div>'
        )
    return (
        '<form class="pkb-facets" role="search" aria-label="Filter the library" hidden>'
        '<div class="pkb-facet pkb-facet-text"><label for="facet-name">Name contains</label>'
        '<input id="facet-name" name="name" type="search" data-facet="name" autocomplete="off">'
        "</div>"
        f"{''.join(controls)}"
        '<button type="reset" class="pkb-button pkb-button-secondary">Clear filters</button>'
        "</form>"
    )


def render_library(data: SiteData, prefix: str, library: Library | None = None) -> str:
    """library.html: the filters, the first page of documents, the pager and downloads."""
    library = library or library_of(data)
    first = library.ids[:PAGE_SIZE]
    total = len(library.ids)
    return (
        f"{render_controls(library)}"
        '<noscript><p class="pkb-note">Without JavaScript, the filters in the address bar '
        "do nothing: browse by facet below, page through the whole list, or download "
        "the list.</p></noscript>"
        f"{render_browse(library, prefix)}"
        f'<p class="pkb-result-count" role="status" aria-live="polite">'
        f"{showing(1, len(first), total)}</p>"
        f"{render_list(library, first, prefix)}"
        '<p class="pkb-empty" hidden>No document matches these filters. '
        "Try removing one, or clear them all.</p>"
        '<p class="pkb-more-wrap" hidden><button type="button" class="pkb-button pkb-more">'
        "Show more documents</button></p>"
        f"{render_pager(library, 1, prefix)}"
        '<h2 id="downloads">Downloads</h2>'
        "<p>The facts about every document (no policy texts), for spreadsheets and tools: "
        f'<a href="{prefix}library.csv">library.csv</a> and '
        f'<a href="{prefix}library.json">library.json</a>. Follow new and changed documents '
        f'with the <a href="{prefix}feed.xml">Atom feed</a>.</p>'
    )


def render_list_page(library: Library, number: int) -> str:
    """library/page-<n>.html: one slice of the whole list."""
    prefix = "../"
    start = (number - 1) * PAGE_SIZE
    ids = library.ids[start : start + PAGE_SIZE]
    return (
        f"<h1>Library, page {number} of {library.pages}</h1>"
        f'<p class="pkb-lead">Every document, by organisation. '
        f'<a href="{prefix}{LIBRARY_DOC}.html">Filter the library</a> to narrow the list.</p>'
        f"{render_browse(library, prefix)}"
        f'<p class="pkb-result-count">{showing(start + 1, len(ids), len(library.ids))}</p>'
        f"{render_list(library, ids, prefix)}"
        f"{render_pager(library, number, prefix)}"
    )


def render_facet_page(library: Library, facet: str, value: str) -> str:
    """library/<facet>/<value>.html: the first documents with one facet value."""
    prefix = "../../"
    label, show = library.labels[facet]
    ids = library.matching(facet, value)
    shown = ids[:PAGE_SIZE]
    query = f"{LIBRARY_DOC}.html?{facet}={esc(value)}"
    if len(ids) > len(shown):
        rest = (
            f'<p class="pkb-note">The first {len(shown):,} of {len(ids):,}, by organisation. '
            f'See them all in <a href="{prefix}{query}">the filterable library</a> (with '
            f'JavaScript), or in <a href="{prefix}library.csv">library.csv</a>.</p>'
        )
    else:
        rest = (
            f'<p class="pkb-note">Combine this with other filters in '
            f'<a href="{prefix}{query}">the filterable library</a>.</p>'
        )
    return (
        f"<h1>Library: {esc(label)}: {esc(show(value))}</h1>"
        f"{render_browse(library, prefix, (facet, value))}"
        f'<p class="pkb-result-count">{showing(1, len(shown), len(ids))}</p>'
        f"{render_list(library, shown, prefix)}"
        f"{rest}"
    )


def _page(title: str, body: str) -> dict:
    return {"title": esc(title), "body": body, "display_toc": False, "toc": "", "sidebars": []}


def collect_library_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """The static list and facet pages (html-collect-pages): like policy pages, only those
    whose title, body or frame changed since they were last written."""
    if app.builder.format != "html":
        return
    data = site_data(app)
    library = library_of(data)
    written = data.state.pages()
    frame = frame_digest(app)
    current = set()
    for name, title, body in _library_pages(library):
        current.add(name)
        fingerprint = digest_of([frame, title, body])
        if written.get(name) == fingerprint and (Path(app.outdir) / f"{name}.html").is_file():
            continue
        data.pending_pages[name] = fingerprint
        yield name, _page(title, body), "page.html"
    # A facet value or list page that is gone: a clean build would not have its page.
    gone = [n for n in written if n.startswith(f"{LIBRARY_DIR}/") and n not in current]
    for name in gone:
        (Path(app.outdir) / f"{name}.html").unlink(missing_ok=True)
    data.state.drop_pages(gone)


def _library_pages(library: Library) -> Iterator[tuple[str, str, str]]:
    """(page name, title, body) of every static list and facet page."""
    for number in range(2, library.pages + 1):
        yield list_page(number), f"Library, page {number}", render_list_page(library, number)
    for facet in library.facets():
        label, show = library.labels[facet]
        for value in library.order(facet):
            name = facet_page(facet, value)
            if name is not None:
                body = render_facet_page(library, facet, value)
                yield name, f"Library: {label}: {show(value)}", body


def library_index(data: SiteData) -> dict:
    """The compact index `library.js` filters: documents in library order, each
    `[id, title, organization, status, fetched, [[value numbers] per facet]]`, with the
    facets' values and labels listed once."""
    library = library_of(data)
    facets = library.facets()
    tables = {facet: library.order(facet) for facet in facets}
    numbers = {facet: {v: n for n, v in enumerate(values)} for facet, values in tables.items()}
    docs = []
    for doc_id in library.ids:
        entry = data.entries[doc_id]
        values = library.values[doc_id]
        docs.append(
            [
                doc_id,
                entry.title,
                entry.organization,
                "" if entry.status == "active" else entry.status,
                1 if doc_id in data.documents else 0,
                [[numbers[f][v] for v in values[f]] for f in facets],
            ]
        )
    return {
        "version": INDEX_VERSION,
        "pageSize": PAGE_SIZE,
        "facets": [
            {
                "name": facet,
                "label": library.labels[facet][0],
                "values": tables[facet],
                "labels": [library.labels[facet][1](v) for v in tables[facet]],
                "counts": [library.counts[facet][v] for v in tables[facet]],
            }
            for facet in facets
        ],
        # The meta line of each document: these facets' labels, in this order.
        "meta": [f for f in ("sector", "country", "language", "doc-type") if f in facets],
        "docs": docs,
    }


def write_library_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    index = library_index(site_data(app))
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    target = Path(app.outdir) / INDEX_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_atomic(target, text)


class LibraryDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data = site_data(self.env.app)
        note_data_doc(self.env)
        self.env.metadata[self.env.docname]["policykb_library"] = True
        html = render_library(data, relative_link(self.env.docname, ""))
        return [nodes.raw("", html, format="html")]


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.env.metadata.get(pagename, {}).get("policykb_library"):
        app.add_js_file("library.js", loading_method="defer")


def setup_library(app: Sphinx) -> None:
    app.add_directive("policykb-library", LibraryDirective)
    app.connect("html-page-context", _add_script)
    app.connect("html-collect-pages", collect_library_pages)
    app.connect("build-finished", write_library_index)
