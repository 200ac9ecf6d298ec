"""`policykb-figures`: the library in numbers, for the home page."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from policykb.site.data import SiteData, note_data_doc, relative_link, site_data
from policykb.site.html import esc


def figures(data: SiteData) -> list[tuple[int, str]]:
    entries = data.entries.values()
    return [
        (len(data.entries), "documents in the library"),
        (len({e.organization for e in entries}), "organisations"),
        (len({e.country for e in entries}), "countries"),
        (len({e.language.split("-")[0] for e in entries}), "languages"),
        (len(data.taxonomy.topics), "topics tagged"),
        (len(data.documents), "documents with full text"),
    ]


class FiguresDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data = site_data(self.env.app)
        note_data_doc(self.env, "registry", "corpus", "taxonomy")
        prefix = relative_link(self.env.docname, "")
        items = "".join(
            f'<li><span class="pkb-figure">{value}</span> <span>{esc(label)}</span></li>'
            for value, label in figures(data)
        )
        note = ""
        if not data.documents:
            note = (
                '<p class="pkb-note">This build of the site lists every document with its '
                "facts, topics and a link to the original. The full texts, with every "
                "paragraph tagged, appear once the maintainers fetch them (<code>make crawl</code>)."
                "</p>"
            )
        html = (
            f'<ul class="pkb-figures" aria-label="The library in numbers">{items}</ul>{note}'
            f'<p><a class="pkb-button" href="{prefix}library.html">Open the library</a></p>'
        )
        return [nodes.raw("", html, format="html")]


def setup_figures(app: Sphinx) -> None:
    app.add_directive("policykb-figures", FiguresDirective)
