"""`policykb-examples`: policies and excerpts for a tip (`:tip: N`) or a topic (`:topic: id`)."""

from __future__ import annotations

from itertools import islice

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from policykb.site.data import SiteData, note_data_doc, relative_link, site_data
from policykb.site.excerpts import best_excerpt, diverse_order, tip_topic_order
from policykb.site.html import entry_meta, esc, policy_href

MAX_EXCERPTS = 12
MAX_LISTED = 12
MAX_TIP_EXCERPTS = 6


class ExamplesDirective(SphinxDirective):
    has_content = False
    option_spec = {"tip": directives.positive_int, "topic": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        data = site_data(self.env.app)
        note_data_doc(self.env)
        prefix = relative_link(self.env.docname, "")
        if ("tip" in self.options) == ("topic" in self.options):
            raise self.error("policykb-examples needs exactly one of :tip: or :topic:")
        if "topic" in self.options:
            topic = self.options["topic"]
            if topic not in data.taxonomy.topic_by_id:
                raise self.error(f"unknown topic '{topic}'")
            html = render_topic_examples(data, prefix, topic)
        else:
            tip = self.options["tip"]
            if tip not in data.taxonomy.tip_by_number:
                raise self.error(f"unknown tip {tip}")
            html = render_tip_examples(data, prefix, tip)
        return [nodes.raw("", html, format="html")]


def _docs_with_topics(data: SiteData, topics: set[str]) -> list[str]:
    topic_sets = data.topic_sets
    return [i for i in data.sorted_ids if topics & topic_sets[i]]


def render_topic_examples(data: SiteData, prefix: str, topic: str) -> str:
    doc_ids = _docs_with_topics(data, {topic})
    label = data.taxonomy.topic_by_id[topic].label
    library = f"{prefix}library.html?topic={esc(topic)}"
    intro = (
        f'<p class="pkb-lead">{len(doc_ids)} of the {len(data.entries)} documents in the library '
        f"address <strong>{esc(label)}</strong>. "
        f'<a href="{library}">Browse them in the library</a>.</p>'
    )
    # Tags are read (or made) only until the grid is full.
    found = (best_excerpt(data, i, topic) for i in diverse_order(data, doc_ids))
    excerpts = list(islice(filter(None, found), MAX_EXCERPTS))
    if excerpts:
        return intro + _excerpt_grid(data, prefix, excerpts)
    return intro + _pending_note() + _policy_list(data, prefix, doc_ids[:MAX_LISTED])


def render_tip_examples(data: SiteData, prefix: str, tip: int) -> str:
    topics = data.taxonomy.topics_for_tip(tip)
    doc_ids = _docs_with_topics(data, {t.id for t in topics})
    library = f"{prefix}library.html?tip={tip}"
    rows = []
    for topic in topics:
        count = len(_docs_with_topics(data, {topic.id}))
        rows.append(
            f'<li><a href="{prefix}topics/{esc(topic.id)}.html">{esc(topic.label)}</a>'
            f' <span class="pkb-count">{count} document{"s" if count != 1 else ""}</span></li>'
        )
    intro = (
        f'<p class="pkb-lead">{len(doc_ids)} of the {len(data.entries)} documents in the library '
        f'address this tip. <a href="{library}">Browse them in the library</a>.</p>'
        f'<ul class="pkb-topic-counts">{"".join(rows)}</ul>'
    )
    excerpts = []
    preferred = tip_topic_order(topics)
    for doc_id in diverse_order(data, doc_ids):
        if len(excerpts) == MAX_TIP_EXCERPTS:
            break  # tags are read (or made) only until the grid is full
        for topic in preferred:
            excerpt = best_excerpt(data, doc_id, topic.id)
            if excerpt:
                excerpts.append(excerpt)
                break
    if excerpts:
        return intro + _excerpt_grid(data, prefix, excerpts)
    return intro + _pending_note() + _policy_list(data, prefix, doc_ids[:MAX_LISTED])


def _excerpt_grid(data: SiteData, prefix: str, excerpts) -> str:
    cards = []
    for excerpt in excerpts:
        entry = data.entries[excerpt.doc_id]
        href = f"{policy_href(prefix, excerpt.doc_id)}#p-{excerpt.paragraph}"
        lead_in = f'<p class="pkb-lead-in">{esc(excerpt.lead_in)}</p>' if excerpt.lead_in else ""
        cards.append(
            '<figure class="pkb-excerpt">'
            f'<blockquote lang="{esc(entry.language)}">{lead_in}<p>{esc(excerpt.text)}</p></blockquote>'
            f'<figcaption><a href="{href}">{esc(entry.organization)}</a>'
            f'<span class="pkb-meta">{esc(entry.title)} · {entry_meta(entry)}</span></figcaption>'
            "</figure>"
        )
    return f'<div class="pkb-excerpts">{"".join(cards)}</div>'


def _pending_note() -> str:
    return (
        '<p class="pkb-note">Side-by-side excerpts appear here once the documents have been '
        "fetched into this build of the site (maintainers: <code>make crawl</code>, then "
        "<code>make html</code>). Until then, these documents are tagged with this subject by "
        "our curators:</p>"
    )


def _policy_list(data: SiteData, prefix: str, doc_ids: list[str]) -> str:
    if not doc_ids:
        return '<p class="pkb-note">No document in the library is tagged with it yet.</p>'
    items = [
        f'<li><a href="{policy_href(prefix, i)}">{esc(data.entries[i].organization)}: '
        f"{esc(data.entries[i].title)}</a>"
        f'<span class="pkb-meta">{entry_meta(data.entries[i])}</span></li>'
        for i in doc_ids
    ]
    return f'<ul class="pkb-policy-list">{"".join(items)}</ul>'


def setup_examples(app: Sphinx) -> None:
    app.add_directive("policykb-examples", ExamplesDirective)
