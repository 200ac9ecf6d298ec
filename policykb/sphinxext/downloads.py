"""Downloads written next to the site: `library.csv`, `library.json`, `feed.xml`, and the
corpus itself as `corpus.tar.gz` with its SHA-256 manifest (`policykb corpus fetch`)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from policykb.corpus_bundle import write_bundle
from policykb.export import atom_feed, library_records, to_csv, to_json
from policykb.sphinxext.data import site_data
from policykb.storage import write_atomic


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data = site_data(app)
    records = library_records(data.entries, data.documents, data.taxonomy)
    out = Path(app.outdir)
    base_url = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
    write_atomic(out / "library.csv", to_csv(records))
    write_atomic(out / "library.json", to_json(records))
    write_atomic(out / "feed.xml", atom_feed(records, base_url))
    write_bundle(out, [document.path for document in data.documents.values()])


def _feed_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    prefix = "../" * pagename.count("/")
    link = f'<link rel="alternate" type="application/atom+xml" title="policykb: new and changed policies" href="{prefix}feed.xml">'
    context["metatags"] = context.get("metatags", "") + link


def setup_downloads(app: Sphinx) -> None:
    app.connect("build-finished", write_downloads)
    app.connect("html-page-context", _feed_link)
