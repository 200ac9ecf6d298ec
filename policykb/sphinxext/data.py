"""The site's data, loaded once per build: registry, corpus, taxonomy and tags.

Pages that show this data are re-read when it changes (`env-get-outdated`), so that an
incremental build never shows stale lists.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from policykb import __version__, model, paragraphs, tagger
from policykb.corpus import CorpusDocument, load_corpus, primary_language
from policykb.errors import ProblemError
from policykb.models import RegistryEntry
from policykb.nlrb import NlrbRules, load_rules
from policykb.registry import load_registry
from policykb.sphinxext.config import resolve
from policykb.storage import write_atomic
from policykb.tagger import TagResult, tag_markdown
from policykb.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)
DATA_DOCS = "policykb_data_docs"  # env attribute: docnames that show our data


@dataclass
class SiteData:
    taxonomy: Taxonomy
    rules: NlrbRules
    entries: dict[str, RegistryEntry]
    documents: dict[str, CorpusDocument]
    fingerprint: str
    taxonomy_digest: str = ""
    _tags: dict[str, TagResult] = field(default_factory=dict)
    _tag_cache: dict[str, tuple[str, TagResult]] = field(default_factory=dict)

    def tags(self, doc_id: str) -> TagResult | None:
        """Paragraph tags of a corpus document: from the cache of earlier builds when its
        text, curator topics, language and the taxonomy are unchanged, else computed."""
        document = self.documents.get(doc_id)
        if document is None:
            return None
        if doc_id not in self._tags:
            key = self._tag_key(document)
            cached = self._tag_cache.get(doc_id)
            if cached is not None and cached[0] == key:
                result = cached[1]
            else:
                result = tag_markdown(
                    document.body,
                    curator_topics=document.front.topics,
                    taxonomy=self.taxonomy,
                    language=primary_language(document.front),
                )
                self._tag_cache[doc_id] = (key, result)
            self._tags[doc_id] = result
        return self._tags[doc_id]

    def _tag_key(self, document: CorpusDocument) -> str:
        parts = [self.taxonomy_digest, primary_language(document.front), *document.front.topics]
        digest = hashlib.sha256("\0".join(parts).encode())
        digest.update(document.body.encode())
        return digest.hexdigest()

    def topics_of(self, doc_id: str) -> list[str]:
        """Topics of a document: the corpus front matter's, else the curator's."""
        document = self.documents.get(doc_id)
        if document is not None:
            return list(document.front.topics)
        return list(self.entries[doc_id].topics)

    def tips_of(self, doc_id: str) -> list[int]:
        document = self.documents.get(doc_id)
        if document is not None and document.front.tips:
            return list(document.front.tips)
        return self.taxonomy.tips_for_topics(self.topics_of(doc_id))

    @cached_property
    def sorted_ids(self) -> list[str]:
        return sorted(self.entries, key=lambda i: (self.entries[i].organization.lower(), i))


def load_site_data(app: Sphinx) -> SiteData:
    config = app.config
    try:
        taxonomy = load_taxonomy(resolve(app, config.policykb_taxonomy))
        rules = load_rules(resolve(app, config.policykb_nlrb_rules))
    except ProblemError as exc:
        raise ConfigError(f"policykb: invalid data file:\n{exc}") from None
    registry = load_registry(resolve(app, config.policykb_sources_dir))
    corpus = load_corpus(resolve(app, config.policykb_corpus_dir))
    for problem in [*registry.problems, *corpus.problems]:
        logger.warning(
            "policykb: %s (run `policykb validate`)", problem, type="policykb", subtype="data"
        )
    documents = {k: v for k, v in corpus.documents.items() if k in registry.entries}
    return SiteData(
        taxonomy=taxonomy,
        rules=rules,
        entries=registry.entries,
        documents=documents,
        fingerprint=_fingerprint(app),
    )


def _fingerprint(app: Sphinx) -> str:
    """A digest of every data file's name, size and mtime: cheap, and enough to notice edits."""
    digest = hashlib.sha256()
    config = app.config
    roots = [
        config.policykb_sources_dir,
        config.policykb_corpus_dir,
        config.policykb_taxonomy,
        config.policykb_nlrb_rules,
    ]
    for root in roots:
        path = resolve(app, root)
        files = sorted(path.glob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                stat = file.stat()
                digest.update(f"{file.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def site_data(app: Sphinx) -> SiteData:
    return app.policykb_data  # type: ignore[attr-defined]


def note_data_doc(env: BuildEnvironment) -> None:
    """Record that the current document shows site data (re-read when the data changes)."""
    if not hasattr(env, DATA_DOCS):
        setattr(env, DATA_DOCS, set())
    getattr(env, DATA_DOCS).add(env.docname)


TAG_CACHE = "policykb-tags.pickle"


def _builder_inited(app: Sphinx) -> None:
    data = load_site_data(app)
    data.taxonomy_digest = _file_digest(resolve(app, app.config.policykb_taxonomy))
    data._tag_cache = _read_tag_cache(Path(app.doctreedir) / TAG_CACHE)
    app.policykb_data = data  # type: ignore[attr-defined]


def _file_digest(path: Path) -> str:
    """The taxonomy, the tagging code and the model: a change to any invalidates cached tags."""
    digest = hashlib.sha256(path.read_bytes())
    for module in (paragraphs, tagger, model):
        digest.update(Path(module.__file__).read_bytes())
    if model.MODEL_PATH.is_file():
        digest.update(model.MODEL_PATH.read_bytes())
    return digest.hexdigest() + __version__


def _read_tag_cache(path: Path) -> dict:
    """Tags of the last build; a missing, stale or unreadable cache is simply empty."""
    try:
        with path.open("rb") as handle:
            cache = pickle.load(handle)
    except Exception:
        return {}
    return cache if isinstance(cache, dict) else {}


def _write_tag_cache(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    data = site_data(app)
    cache = {k: v for k, v in data._tag_cache.items() if k in data.documents}
    path = Path(app.doctreedir) / TAG_CACHE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL))


def _outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    fingerprint = site_data(app).fingerprint
    previous = getattr(env, "policykb_fingerprint", None)
    env.policykb_fingerprint = fingerprint  # type: ignore[attr-defined]
    if previous == fingerprint:
        return []
    return sorted(d for d in getattr(env, DATA_DOCS, set()) if d in env.found_docs)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, DATA_DOCS, set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    if not hasattr(env, DATA_DOCS):
        setattr(env, DATA_DOCS, set())
    getattr(env, DATA_DOCS).update(getattr(other, DATA_DOCS, set()) & set(docnames))


def relative_link(from_docname: str, target: str) -> str:
    """A relative URL from the page of `from_docname` to `target` (a path under the site root)."""
    depth = from_docname.count("/")
    return "../" * depth + target


def setup_data(app: Sphinx) -> None:
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _write_tag_cache)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
