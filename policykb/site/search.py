"""Full-text search with Pagefind: what to index, the filters, and the search page.

Pagefind indexes only elements marked `data-pagefind-body`: the article of each page
(not the navigation), so results stay relevant and the index small. Filters are empty
hidden elements (`data-pagefind-filter="sector:Government"`), adding no indexed text.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from policykb.site.html import esc

TEMPLATES_DIR = Path(__file__).parent / "templates"
NOT_INDEXED = {"search", "genindex", "library"}
KIND_BY_FOLDER = {"tips": "Tip", "topics": "Topic", "nlrb": "NLRB guide", "about": "About"}


def filter_spans(filters: list[tuple[str, str]]) -> str:
    spans = "".join(f'<span data-pagefind-filter="{esc(k)}:{esc(v)}"></span>' for k, v in filters)
    return f'<div hidden class="pkb-filters">{spans}</div>'


def page_kind(pagename: str) -> str:
    return KIND_BY_FOLDER.get(pagename.split("/")[0], "Page")


def _mark_for_index(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or pagename in NOT_INDEXED or "body" not in context:
        return
    filters = filter_spans([("kind", page_kind(pagename))])
    context["body"] = f"<div data-pagefind-body>{filters}{context['body']}</div>"


def _templates(app: Sphinx, config) -> None:
    config.templates_path.insert(0, str(TEMPLATES_DIR))


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", _templates)
    app.connect("html-page-context", _mark_for_index)
    # Every page: keeps the theme's searchtools.js from throwing on `?q=` (see the file).
    app.add_js_file("query-guard.js", loading_method="defer")
