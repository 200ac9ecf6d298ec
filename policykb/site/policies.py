"""One page per registry entry: `policies/<id>.html`.

Policy pages are not Sphinx documents: they are rendered straight from the registry and
the corpus at write time (`html-collect-pages`), so thousands of them cost no doctree, no
pickle and no sidebar entry — the build stays linear in the number of documents.

A page is written only when something it is made from changed (`page_fingerprint`): its
registry entry, its corpus document (front matter and text), its near-duplicate's entry,
the taxonomy and the NLRB rules, the extension's code and the tagger, and the frame the
theme puts around every page (`frame_digest`: navigation, footer, scripts, configuration).
So a rebuild after one document changed writes one page, and a rebuild after nothing
changed writes none. Pages of entries no longer in the registry are removed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx

from policykb.analysis.blocks import read_blocks, shown_text
from policykb.content.corpus import CorpusDocument
from policykb.site.data import SiteData, code_digest, site_data
from policykb.site.html import (
    AUDIENCE_LABELS,
    DOC_TYPE_LABELS,
    SECTOR_LABELS,
    country_label,
    esc,
    language_label,
    tip_links,
    topic_links,
)
from policykb.site.nlrb import RULES_PAGE, rule_anchor
from policykb.site.search import filter_spans
from policykb.site.state import digest_of, sha256

PREFIX = "../"
STATUS_NOTES = {
    "archived": "Archived: the publisher no longer shows this version; ours is the last one seen.",
    "withdrawn": "Withdrawn by its publisher; kept here for comparison.",
}


FOLDER = "policies"
PROBE = "policykb-frame-probe"


def collect_policy_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """The pages to write: those whose fingerprint changed (or whose file is missing)."""
    if app.builder.format != "html":
        return
    data = site_data(app)
    written = data.state.pages()
    folder = Path(app.outdir) / FOLDER
    existing = {e.name for e in os.scandir(folder)} if folder.is_dir() else set()
    common = digest_of(
        [frame_digest(app), code_digest(), data.digests["taxonomy"], data.digests["rules"]]
    )
    for doc_id in data.ids:
        name = f"{FOLDER}/{doc_id}"
        fingerprint = page_fingerprint(data, doc_id, common)
        if written.get(name) == fingerprint and f"{doc_id}.html" in existing:
            continue
        data.pending_pages[name] = fingerprint
        yield name, policy_page_context(data, doc_id), "page.html"
    # Pages of entries that left the registry: a clean build would not have them.
    current = {f"{FOLDER}/{doc_id}" for doc_id in data.scan.entries}
    gone = [n for n in written if n.startswith(f"{FOLDER}/") and n not in current]
    for name in gone:
        (Path(app.outdir) / f"{name}.html").unlink(missing_ok=True)
    data.state.drop_pages(gone)


def page_fingerprint(data: SiteData, doc_id: str, common: str) -> str:
    """Everything a policy page is made from besides `common` (frame, code, taxonomy,
    rules), as digests recorded when the data files were parsed."""
    scan = data.scan
    entry = scan.entries[doc_id]
    document = scan.documents.get(doc_id)
    parts = [common, doc_id, entry.sha]
    if document is not None:
        twin = scan.entries.get(document.twin) if document.twin else None
        parts += [document.meta_sha, document.body_sha, data.tag_code]
        parts += [document.twin, twin.sha if twin else None]
    return digest_of(parts)


def frame_digest(app: Sphinx) -> str:
    """The digest of a policy page with placeholder content, rendered by the theme as the
    pages are: it changes when anything around the content does (templates, theme options,
    navigation, scripts and styles and their checksums, `conf.py`).

    The build date the theme prints in every page (`docbuild:last-update`) is left out:
    like a Sphinx page, a policy page keeps the date it was last written, and a new day
    alone does not re-render them all."""
    probe = Path(app.doctreedir) / f"{PROBE}.html"
    context = {
        "title": "policykb-probe-title",
        "body": "policykb-probe-body",
        "display_toc": False,
        "toc": "",
        "metatags": '<meta name="description" content="policykb-probe">',
    }
    app.builder.handle_page(f"{FOLDER}/{PROBE}", context, "page.html", outfilename=probe)
    try:
        html = probe.read_text(encoding="utf-8")
    finally:
        probe.unlink(missing_ok=True)
    date = app.builder.globalcontext.get("last_updated")
    if date:
        html = html.replace(str(date), "policykb-probe-date")
    return sha256(html)


def policy_page_context(data: SiteData, doc_id: str) -> dict:
    entry = data.entries[doc_id]
    return {
        # The theme treats `title` as HTML (a Sphinx title is rendered markup): the
        # breadcrumb prints it as is and <title> strips tags from it. Escaped, it shows
        # as text in both.
        "title": esc(f"{entry.organization}: {entry.title}"),
        "body": render_policy_page(data, doc_id),
        "display_toc": False,
        "toc": "",
        "metatags": f'<meta name="description" content="{esc(_description(data, doc_id))}">',
    }


def _description(data: SiteData, doc_id: str) -> str:
    entry = data.entries[doc_id]
    return f"{entry.title}, a social media {DOC_TYPE_LABELS[entry.doc_type].lower()} of {entry.organization}."


def render_policy_page(data: SiteData, doc_id: str) -> str:
    entry = data.entries[doc_id]
    document = data.documents.get(doc_id)
    topics = data.topics_of(doc_id)
    tips = data.tips_of(doc_id)
    parts = [
        f'<article class="pkb-policy" data-pagefind-body data-policy="{esc(doc_id)}">',
        filter_spans(_search_filters(data, doc_id)),
        f'<span hidden data-pagefind-meta="title:{esc(entry.organization)}: {esc(entry.title)}"></span>',
        f"<h1>{esc(entry.title)}</h1>",
        f'<p class="pkb-lead">{esc(entry.organization)}</p>',
        _facts(data, doc_id, document),
        '<section aria-labelledby="topics-heading"><h2 id="topics-heading">Topics and tips</h2>',
        topic_links(PREFIX, data.taxonomy, topics) or "<p>No topics tagged yet.</p>",
        tip_links(PREFIX, data.taxonomy, tips),
        "</section>",
        _text_section(data, doc_id, document),
        "</article>",
    ]
    return "".join(parts)


def _search_filters(data: SiteData, doc_id: str) -> list[tuple[str, str]]:
    entry = data.entries[doc_id]
    # One value per filter and page: topics and tips, several per document, would weigh
    # about 150 KB of filter data in every search at 10,000 documents (decision 20); they
    # are the library's facets and the topic and tip pages' lists instead.
    return [
        ("kind", "Policy"),
        ("sector", SECTOR_LABELS[entry.sector]),
        ("country", country_label(entry.country)),
        ("language", language_label(entry.language)),
        ("document type", DOC_TYPE_LABELS[entry.doc_type]),
    ]


def _facts(data: SiteData, doc_id: str, document: CorpusDocument | None) -> str:
    entry = data.entries[doc_id]
    rows = [
        ("Organisation", esc(entry.organization)),
        ("Sector", esc(SECTOR_LABELS[entry.sector])),
        ("Country", esc(country_label(entry.country))),
        ("Language", esc(language_label(entry.language))),
        ("Document type", esc(DOC_TYPE_LABELS[entry.doc_type])),
    ]
    if entry.audience:
        rows.append(("Audience", esc(AUDIENCE_LABELS[entry.audience])))
    if entry.status != "active":
        rows.append(("Status", esc(STATUS_NOTES[entry.status])))
    rows.append(
        ("Original", f'<a href="{esc(entry.url)}" rel="noopener nofollow">{esc(entry.url)}</a>')
    )
    if document is not None:
        front = document.front
        rows.append(
            (
                "Retrieved",
                f'<time datetime="{esc(front.retrieved.isoformat())}">{front.retrieved:%Y-%m-%d}</time>',
            )
        )
        rows.append(
            ("Content hash", f'<code title="SHA-256">{esc(front.content_sha256[:16])}…</code>')
        )
        rows.append(("Words", f"{front.word_count:,}"))
        if front.duplicate_of and front.duplicate_of in data.entries:
            twin = data.entries[front.duplicate_of]
            rows.append(
                (
                    "Near-duplicate of",
                    f'<a href="{esc(front.duplicate_of)}.html">{esc(twin.organization)}: {esc(twin.title)}</a>',
                )
            )
        if front.versions:
            versions = "".join(
                f"<li><time>{v.retrieved:%Y-%m-%d}</time> <code>{esc(v.content_sha256[:12])}</code></li>"
                for v in front.versions
            )
            rows.append(("Versions", f'<ol class="pkb-versions">{versions}</ol>'))
    if entry.summary:
        rows.append(("Summary", esc(entry.summary)))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<section class="pkb-facts" aria-label="Facts about this document"><dl>{cells}</dl></section>'


def _text_section(data: SiteData, doc_id: str, document: CorpusDocument | None) -> str:
    entry = data.entries[doc_id]
    heading = '<section aria-labelledby="text-heading"><h2 id="text-heading">The text</h2>'
    if document is None:
        return (
            f'{heading}<p class="pkb-note">The text of this document has not been fetched into '
            f'this build of the site yet. Read it at the source: <a href="{esc(entry.url)}" '
            f'rel="noopener nofollow">{esc(entry.organization)}</a>.</p></section>'
        )
    notice = (
        '<p class="pkb-note">Extracted from the original for comparison and commentary; the '
        "publisher keeps all rights. Coloured labels show the topics we tagged in each "
        "paragraph.</p>"
    )
    flagged = len({f.paragraph for f in document.front.nlrb_flags})
    if flagged:
        notice += (
            f'<p class="pkb-flag-summary">{flagged} passage{"s are" if flagged != 1 else " is"} '
            "worded like clauses that US labour authorities have treated as risky; each is "
            f'marked below. See <a href="{PREFIX}{RULES_PAGE}">the clause patterns</a>. '
            "This is a pointer for comparison, not a legal assessment.</p>"
        )
    return f'{heading}{notice}<div class="pkb-text" lang="{esc(entry.language)}">{render_body(data, doc_id)}</div></section>'


def render_body(data: SiteData, doc_id: str) -> str:
    """The body as headings and tagged paragraphs, every character escaped.

    Paragraphs are numbered as `split_blocks` numbers them (`read_blocks` is that with the
    headings), the numbering the tagger and the NLRB flags use, so `#p-N` links land on the
    right paragraph. Their text is already plain
    (link syntax, emphasis and escapes resolved) and is shown as text, never as markup.
    """
    document = data.documents[doc_id]
    tags = data.tags(doc_id)
    tagged = {p.index: p for p in tags.paragraphs} if tags else {}
    flags: dict[int, list[str]] = {}
    for flag in document.front.nlrb_flags:
        flags.setdefault(flag.paragraph, []).append(flag.rule)
    out: list[str] = []
    list_open = False
    number = -1  # the paragraph's number among the blocks of `split_blocks`
    for block in read_blocks(document.body):
        is_item = block.kind == "item"
        if list_open and not is_item:
            out.append("</ul>")
            list_open = False
        if block.kind == "heading":
            level = min(6, block.level + 2)
            out.append(f"<h{level}>{esc(block.text)}</h{level}>")
            continue
        number += 1
        topics = tagged[number].topics if number in tagged else []
        chips = topic_links(PREFIX, data.taxonomy, topics) + _flag_notes(
            data, flags.get(number, [])
        )
        text = esc(shown_text(block.text))
        if is_item:
            if not list_open:
                out.append('<ul class="pkb-items">')
                list_open = True
            out.append(f'<li class="pkb-para" id="p-{number}"><p>{text}</p>{chips}</li>')
        else:
            out.append(f'<div class="pkb-para" id="p-{number}"><p>{text}</p>{chips}</div>')
    if list_open:
        out.append("</ul>")
    return "".join(out)


def _flag_notes(data: SiteData, rule_ids: list[str]) -> str:
    """A note under a paragraph worded like a clause the NLRB found risky."""
    links = [
        f'<a href="{PREFIX}{RULES_PAGE}#{rule_anchor(r)}">{esc(data.rules.rule_by_id[r].title)}</a>'
        for r in rule_ids
        if r in data.rules.rule_by_id
    ]
    if not links:
        return ""
    return (
        '<p class="pkb-flag-note"><strong>NLRB:</strong> worded like a clause US labour '
        f"authorities have treated as risky: {'; '.join(links)}.</p>"
    )


def setup_policies(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_policy_pages)
