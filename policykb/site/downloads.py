"""Downloads written next to the site: `library.csv`, `library.json`, `feed.xml`, and the
corpus itself as `corpus.tar.gz` with its SHA-256 manifest (`policykb corpus fetch`).

Each is made again only when what it is made from changed since the last build (or the
file is missing): the registry, front matter and taxonomy for the first three, the corpus
files' bytes for the archive.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from policykb.content.storage import write_atomic
from policykb.site.corpus_bundle import BUNDLE, MANIFEST, write_bundle
from policykb.site.data import code_digest, site_data
from policykb.site.export import atom_feed, library_records, to_csv, to_json
from policykb.site.state import digest_of

RECORD_FILES = ("library.csv", "library.json", "feed.xml")


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data = site_data(app)
    state = data.state
    out = Path(app.outdir)
    base_url = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
    digests = data.digests
    key = digest_of(
        [code_digest(), digests["registry"], digests["corpus"], digests["taxonomy"], base_url]
    )
    if state.get_key("downloads") != key or not all((out / n).is_file() for n in RECORD_FILES):
        records = library_records(data.entries, data.documents, data.taxonomy)
        write_atomic(out / "library.csv", to_csv(records))
        write_atomic(out / "library.json", to_json(records))
        write_atomic(out / "feed.xml", atom_feed(records, base_url))
        state.put_key("downloads", key)
    documents = sorted(data.scan.documents.items())
    bundle_key = digest_of([code_digest(), *(f"{i}:{r.sha}" for i, r in documents)])
    bundled = all((out / n).is_file() for n in (BUNDLE, MANIFEST)) or not documents
    if state.get_key("bundle") != bundle_key or not bundled:
        write_bundle(out, [Path(r.path) for _, r in documents])
        state.put_key("bundle", bundle_key)


def _feed_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    prefix = "../" * pagename.count("/")
    link = f'<link rel="alternate" type="application/atom+xml" title="policykb: new and changed policies" href="{prefix}feed.xml">'
    context["metatags"] = context.get("metatags", "") + link


def setup_downloads(app: Sphinx) -> None:
    app.connect("build-finished", write_downloads)
    app.connect("html-page-context", _feed_link)
