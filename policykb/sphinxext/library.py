"""`policykb-library`: every document as an element with `data-policy`, plus facet filters.

The list is rendered at build time (it works without JavaScript); `library.js` filters it
in the browser and keeps the filters in the URL query (`library.html?sector=government`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from policykb.sphinxext.data import SiteData, note_data_doc, relative_link, site_data
from policykb.sphinxext.html import (
    AUDIENCE_LABELS,
    DOC_TYPE_LABELS,
    SECTOR_LABELS,
    country_label,
    entry_meta,
    esc,
    language_label,
    policy_href,
)


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
        "tip": ("Tip", lambda v: f"Tip {v}: {tips[int(v)].title}"),
    }


def render_library(data: SiteData, prefix: str) -> str:
    values = {i: facet_values(data, i) for i in data.sorted_ids}
    controls = []
    for facet, (label, show) in facet_labels(data).items():
        counts = Counter(v for doc in values.values() for v in doc[facet])
        if not counts:
            continue  # a facet with no data yet (e.g. audience) is not offered
        order = sorted(counts, key=lambda v: int(v)) if facet == "tip" else sorted(counts, key=show)
        options = "".join(
            f'<option value="{esc(v)}">{esc(show(v))} ({counts[v]})</option>' for v in order
        )
        controls.append(
            f'<div class="pkb-facet"><label for="facet-{facet}">{esc(label)}</label>'
            f'<select id="facet-{facet}" name="{facet}" data-facet="{facet}">'
            f'<option value="">All</option>{options}</select></div>'
        )
    items = []
    for doc_id in data.sorted_ids:
        entry = data.entries[doc_id]
        attrs = " ".join(
            f'data-{facet}="{esc(" ".join(v))}"' for facet, v in values[doc_id].items()
        )
        fetched = doc_id in data.documents
        status = "full text" if fetched else "link only"
        if entry.status != "active":
            status += f" · {entry.status}"
        items.append(
            f'<li class="pkb-doc" data-policy="{esc(doc_id)}" {attrs}>'
            f'<a class="pkb-doc-title" href="{policy_href(prefix, doc_id)}">{esc(entry.title)}</a>'
            f'<span class="pkb-doc-org">{esc(entry.organization)}</span>'
            f'<span class="pkb-meta">{entry_meta(entry)} · {status}</span></li>'
        )
    total = len(items)
    return (
        '<form class="pkb-facets" role="search" aria-label="Filter the library">'
        '<div class="pkb-facet pkb-facet-text"><label for="facet-name">Name contains</label>'
        '<input id="facet-name" name="name" type="search" data-facet="name" autocomplete="off">'
        "</div>"
        f"{''.join(controls)}"
        '<button type="reset" class="pkb-button pkb-button-secondary">Clear filters</button>'
        "</form>"
        f'<p class="pkb-result-count" role="status" aria-live="polite">'
        f"Showing all {total} documents.</p>"
        f'<ul class="pkb-library" data-total="{total}">{"".join(items)}</ul>'
        '<p class="pkb-empty" hidden>No document matches these filters. '
        "Try removing one, or clear them all.</p>"
        '<h2 id="downloads">Downloads</h2>'
        "<p>The facts about every document (no policy texts), for spreadsheets and tools: "
        f'<a href="{prefix}library.csv">library.csv</a> and '
        f'<a href="{prefix}library.json">library.json</a>. Follow new and changed documents '
        f'with the <a href="{prefix}feed.xml">Atom feed</a>.</p>'
    )


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
