"""`policykb-clauses`: our model clauses for a topic (`:topic: id`), a tip (`:tip: N`) or all.

The clauses file (`policykb_clauses`) is loaded once per build, when a page first shows
clauses (or at the start, to report its problems, when it changed since it was last found
valid); pages that show clauses depend on it, so an incremental build re-reads them when it
changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from policykb.analysis.blocks import split_blocks
from policykb.content import paths
from policykb.content.clauses import Clause, Clauses, load_clauses
from policykb.content.errors import ProblemError
from policykb.content.taxonomy import Taxonomy
from policykb.site.config import resolve
from policykb.site.data import code_digest, note_data_doc, relative_link, site_data
from policykb.site.html import AUDIENCE_LABELS, esc, tip_docname, topic_links
from policykb.site.state import digest_of, sha256

logger = logging.getLogger(__name__)
INDEX_PAGE = "clauses/index.html"
OPEN_ON_TIP_PAGES = 3  # a tip with more clauses lists them folded, title first


def clauses_of(app: Sphinx) -> Clauses:
    clauses = getattr(app, "policykb_clauses", None)
    if clauses is None:
        clauses, _valid = _read(app)
        app.policykb_clauses = clauses  # type: ignore[attr-defined]
    return clauses


class ClausesDirective(SphinxDirective):
    has_content = False
    option_spec = {"tip": directives.positive_int, "topic": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        app = self.env.app
        taxonomy = site_data(app).taxonomy
        clauses = clauses_of(app)
        note_data_doc(self.env, "taxonomy")
        self.env.note_dependency(str(clauses.path))
        prefix = relative_link(self.env.docname, "")
        if "tip" in self.options and "topic" in self.options:
            raise self.error("policykb-clauses takes :tip: or :topic:, not both")
        if "topic" in self.options:
            topic = self.options["topic"]
            if topic not in taxonomy.topic_by_id:
                raise self.error(f"unknown topic '{topic}'")
            html = render_topic_clauses(clauses, taxonomy, prefix, topic)
        elif "tip" in self.options:
            tip = self.options["tip"]
            if tip not in taxonomy.tip_by_number:
                raise self.error(f"unknown tip {tip}")
            html = render_tip_clauses(clauses, taxonomy, prefix, tip)
        else:
            html = render_all_clauses(clauses, taxonomy, prefix)
        return [nodes.raw("", html, format="html")]


# --- HTML ----------------------------------------------------------------------------


def clause_text_html(text: str) -> str:
    """The clause's paragraphs and lists as escaped HTML."""
    parts = []
    for block in clause_blocks(text):
        if block.items:
            parts.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>")
        else:
            parts.append(f"<p>{esc(block.text)}</p>")
    return "".join(parts)


def clause_html(
    clause: Clause, taxonomy: Taxonomy, prefix: str, level: int = 3, fold: str = ""
) -> str:
    """One clause: title, the wording in a quote box, why, note, audience and topics.

    `fold` is "" for an open card, "closed" or "open" for a `<details>` element whose
    summary is the title (tip pages, where many clauses share one section).
    """
    audience = (
        f'<span class="pkb-clause-audience">{esc(AUDIENCE_LABELS[clause.audience])}</span>'
        if clause.audience
        else ""
    )
    note = (
        f'<p class="pkb-clause-note"><strong>Note:</strong> {esc(clause.note)}</p>'
        if clause.note
        else ""
    )
    attributes = (
        f'id="clause-{esc(clause.id)}" data-clause="{esc(clause.id)}" '
        f'data-topic="{esc(clause.main_topic)}"'
    )
    title = f'<h{level} class="pkb-clause-title">{esc(clause.title)}</h{level}>{audience}'
    body = (
        f'<blockquote class="pkb-clause-text">{clause_text_html(clause.text)}</blockquote>'
        f'<p class="pkb-clause-why"><strong>Why:</strong> {esc(clause.why)}</p>'
        f"{note}"
        f'<div class="pkb-clause-topics"><span class="pkb-clause-label">Topics</span>'
        f"{topic_links(prefix, taxonomy, list(clause.topics))}</div>"
    )
    if fold:
        opened = " open" if fold == "open" else ""
        return (
            f'<details class="pkb-clause pkb-clause-fold" {attributes}{opened}>'
            f'<summary class="pkb-clause-head">{title}</summary>'
            f'<div class="pkb-clause-body">{body}</div></details>'
        )
    return (
        f'<article class="pkb-clause" {attributes}>'
        f'<header class="pkb-clause-head">{title}</header>{body}</article>'
    )


def _clause_list(
    clauses: list[Clause], taxonomy: Taxonomy, prefix: str, level: int, fold: str = ""
) -> str:
    cards = "".join(clause_html(c, taxonomy, prefix, level, fold) for c in clauses)
    return f'<div class="pkb-clauses">{cards}</div>'


def _none_yet(what: str) -> str:
    return f'<p class="pkb-note">We have not written a model clause for {esc(what)} yet.</p>'


def render_topic_clauses(clauses: Clauses, taxonomy: Taxonomy, prefix: str, topic: str) -> str:
    label = taxonomy.topic_by_id[topic].label
    main = clauses.for_topic(topic)
    html = _clause_list(main, taxonomy, prefix, 3) if main else _none_yet(label.lower())
    also = clauses.also_for_topic(topic)
    if also:
        links = ", ".join(
            f'<a href="{prefix}{INDEX_PAGE}#clause-{esc(c.id)}">{esc(c.title)}</a>' for c in also
        )
        html += f'<p class="pkb-clause-also">Other model clauses that touch on it: {links}.</p>'
    return html


def render_tip_clauses(clauses: Clauses, taxonomy: Taxonomy, prefix: str, tip: int) -> str:
    found = clauses.for_tip(taxonomy, tip)
    count = f"{len(found)} model clause{'s' if len(found) != 1 else ''}"
    hint = " Select a title to read the clause." if len(found) > OPEN_ON_TIP_PAGES else ""
    intro = (
        f"<p>{count} in our own words for the topics of this tip, free to adapt.{hint} "
        f'<a href="{prefix}{INDEX_PAGE}">See all model clauses</a>.</p>'
    )
    if not found:
        return intro + _none_yet("this tip")
    fold = "open" if len(found) <= OPEN_ON_TIP_PAGES else "closed"
    return intro + _clause_list(found, taxonomy, prefix, 3, fold)


def render_all_clauses(clauses: Clauses, taxonomy: Taxonomy, prefix: str) -> str:
    """Every clause, grouped by main topic in taxonomy order, after a topic menu.

    Meant to follow a level-2 heading: topics are level 3, clause titles level 4.
    """
    topics = [t for t in taxonomy.topics if clauses.for_topic(t.id)]
    menu = "".join(
        f'<li><a class="pkb-chip" href="#clauses-{esc(t.id)}">{esc(t.label)}</a></li>'
        for t in topics
    )
    groups = []
    for topic in topics:
        tips = " · ".join(
            f'<a href="{prefix}{tip_docname(taxonomy.tip_by_number[n])}.html">Tip {n}</a>'
            for n in topic.tips
        )
        groups.append(
            f'<section class="pkb-clause-group" id="clauses-{esc(topic.id)}">'
            f"<h3>{esc(topic.label)}</h3>"
            f'<p class="pkb-meta">{esc(topic.definition)} '
            f'<a href="{prefix}topics/{esc(topic.id)}.html">Topic page</a> · {tips}</p>'
            f"{_clause_list(clauses.for_topic(topic.id), taxonomy, prefix, 4)}"
            "</section>"
        )
    return (
        f'<p class="pkb-lead">{len(clauses)} model clauses on {len(topics)} topics.</p>'
        f'<nav aria-label="Model clauses by topic"><ul class="pkb-chips pkb-clause-menu">'
        f"{menu}</ul></nav>{''.join(groups)}"
    )


# --- loading -------------------------------------------------------------------------


def _read(app: Sphinx) -> tuple[Clauses, bool]:
    """The clauses, and whether the file is valid (its problems are warned about)."""
    path = resolve(app, app.config.policykb_clauses)
    try:
        return load_clauses(path, site_data(app).taxonomy), True
    except ProblemError as exc:
        for problem in exc.problems:
            logger.warning(
                "policykb: %s (run `policykb validate`)",
                problem,
                type="policykb",
                subtype="clauses",
            )
        return Clauses((), path), False


def _load(app: Sphinx) -> None:
    """Check the file at the start of every build, unless it was found valid as it is
    (with this taxonomy and code) by an earlier build: loading it waits for a page."""
    path = resolve(app, app.config.policykb_clauses)
    data = site_data(app)
    text = sha256(path.read_bytes()) if path.is_file() else None
    key = digest_of([text, data.digests["taxonomy"], code_digest()])
    if data.state.get_key("valid-clauses") == key:
        return
    data.state.drop_key("valid-clauses")
    clauses, valid = _read(app)
    app.policykb_clauses = clauses  # type: ignore[attr-defined]
    if valid:
        data.state.put_key("valid-clauses", key)


def setup_clauses(app: Sphinx) -> None:
    app.add_config_value("policykb_clauses", str(paths.CLAUSES), "env", str)
    app.add_directive("policykb-clauses", ClausesDirective)
    # After the site data (default priority 500), whose taxonomy the clauses are checked with.
    app.connect("builder-inited", _load, priority=600)


@dataclass(frozen=True)
class ClauseBlock:
    """A paragraph (`items` empty) or a list (`text` is empty, `items` its entries)."""

    text: str = ""
    items: tuple[str, ...] = ()


def clause_blocks(text: str) -> list[ClauseBlock]:
    """Clause text as paragraphs and lists: the site's paragraph splitter, with
    consecutive list items grouped into one list."""
    grouped: list[ClauseBlock] = []
    for block in split_blocks(text):
        if block.kind != "item":
            grouped.append(ClauseBlock(text=block.text))
        elif grouped and grouped[-1].items:
            grouped[-1] = ClauseBlock(items=(*grouped[-1].items, block.text))
        else:
            grouped.append(ClauseBlock(items=(block.text,)))
    return grouped
