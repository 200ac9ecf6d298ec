"""The site's data: registry, corpus, taxonomy, rules and paragraph tags, read as needed.

A build lists the registry and corpus folders (names, sizes, times) and reads and parses
only the files that changed since the last build; what it parsed before comes from the
build state (`state.BuildState`, beside the doctrees, never in the published site).
Entries and front matter are loaded when a page first needs them, a document's text only
when its own page is written or its tags are made, and tags are kept in the state, not in
memory: a build never holds every document's text or tags at once.

Pages that show this data record what they use (`note_data_doc`): the registry, the
corpus (front matter, and which documents have a text), the tags (paragraph tags, noted
when a page asks for them), the taxonomy and the NLRB rules. An incremental build re-reads
a page when what it uses changed (`env-get-outdated`), so it never shows stale lists, and
only then.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from policykb import __version__
from policykb.analysis import blocks, model, patterns, tagger
from policykb.analysis.tagger import CompiledTaxonomy, TagResult, compile_taxonomy, tag_markdown
from policykb.content.corpus import (
    MAX_DOCUMENT_BYTES,
    load_corpus_document,
    primary_language,
    split_front_matter,
)
from policykb.content.errors import Problem, ProblemError
from policykb.content.models import CorpusFrontMatter, RegistryEntry
from policykb.content.registry import load_entry
from policykb.content.rules import NlrbRules, load_rules
from policykb.content.storage import read_bytes_limited
from policykb.content.taxonomy import Taxonomy, load_taxonomy
from policykb.content.yamlfile import read_text
from policykb.site.config import resolve
from policykb.site.state import BuildState, FileRecord, digest_of, sha256

logger = logging.getLogger(__name__)
DATA_DOCS = "policykb_data_docs"  # env attribute: {docname: the data categories it shows}
DIGESTS = "policykb_digests"  # env attribute: {category: digest} when the env was read
CATEGORIES = ("registry", "corpus", "tags", "taxonomy", "rules")
# What a page that shows site data uses unless it says otherwise; "tags" is added when it
# asks for a document's tags.
DEFAULT_USES = frozenset({"registry", "corpus", "taxonomy", "rules"})
TAG_MEMO = 256  # tag results kept in memory (topic and tip pages share documents)


class StoredDocument:
    """A corpus document of the build: its front matter, and its body read on demand."""

    __slots__ = ("path", "front")

    def __init__(self, path: Path, front: CorpusFrontMatter):
        self.path = path
        self.front = front

    @property
    def id(self) -> str:
        return self.front.id

    def _split(self) -> tuple[str, str, int]:
        text = read_text(self.path, limit=MAX_DOCUMENT_BYTES)
        return split_front_matter(text, str(self.path))

    @property
    def body(self) -> str:
        return self._split()[1]

    @property
    def body_line(self) -> int:
        return self._split()[2]


@dataclass
class Scan:
    """The registry and corpus as listed for this build: one record per valid file."""

    entries: dict[str, FileRecord] = field(default_factory=dict)  # by id, in path order
    documents: dict[str, FileRecord] = field(default_factory=dict)  # registered ids only
    problems: list[Problem] = field(default_factory=list)


def _stat_key(entry: os.DirEntry) -> tuple[int, int]:
    try:
        info = entry.stat()
    except OSError:
        return -1, -1
    return info.st_size, info.st_mtime_ns


def _scan_folder(state: BuildState, folder: Path, kind: str, suffixes: tuple[str, ...], parse):
    """Records of the folder's files (sorted by path); only new or changed files parsed."""
    known = state.file_records(kind)
    records = []
    if folder.is_dir():
        with os.scandir(folder) as listing:
            found = sorted((e for e in listing if e.name.endswith(suffixes)), key=lambda e: e.path)
        for entry in found:
            size, mtime = _stat_key(entry)
            record = known.get(entry.path)
            if record is None or size < 0 or (record.size, record.mtime_ns) != (size, mtime):
                record = parse(Path(entry.path), folder, size, mtime)
                state.put_file(record)
            records.append(record)
    state.drop_files(set(known) - {r.path for r in records})
    return records


def _problem_record(path: Path, kind: str, size: int, mtime: int, exc: ProblemError):
    problems = pickle.dumps(exc.problems)
    return FileRecord(str(path), kind, size, mtime, None, "", problems=problems)


def _parse_entry(path: Path, folder: Path, size: int, mtime: int) -> FileRecord:
    try:
        entry = load_entry(path, within=folder)
    except ProblemError as exc:
        return _problem_record(path, "entry", size, mtime, exc)
    payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    return FileRecord(
        str(path), "entry", size, mtime, entry.id, sha256(entry.model_dump_json()), payload=payload
    )


def _parse_document(path: Path, folder: Path, size: int, mtime: int) -> FileRecord:
    try:
        document = load_corpus_document(path, within=folder)
    except ProblemError as exc:
        return _problem_record(path, "document", size, mtime, exc)
    front = document.front
    return FileRecord(
        str(path),
        "document",
        size,
        mtime,
        front.id,
        sha=sha256(read_bytes_limited(path, MAX_DOCUMENT_BYTES)),  # the bytes (the bundle's)
        meta_sha=sha256(front.model_dump_json()),
        body_sha=sha256(document.body),
        twin=front.duplicate_of,
        payload=pickle.dumps(front, protocol=pickle.HIGHEST_PROTOCOL),
    )


def scan_data(state: BuildState, sources: Path, corpus: Path) -> Scan:
    """The registry and corpus as `load_registry` and `load_corpus` see them, problems
    included, from the state wherever a file is unchanged."""
    scan = Scan()
    if not sources.is_dir():
        scan.problems.append(Problem(str(sources), 0, "registry directory not found"))
    for record in _scan_folder(state, sources, "entry", (".yaml", ".yml"), _parse_entry):
        if record.doc_id is None:
            scan.problems.extend(pickle.loads(record.problems))
        elif record.doc_id in scan.entries:
            scan.problems.append(Problem(record.path, 1, f"duplicate id '{record.doc_id}'"))
        else:
            scan.entries[record.doc_id] = record
    for record in _scan_folder(state, corpus, "document", (".md",), _parse_document):
        if record.doc_id is None:
            scan.problems.extend(pickle.loads(record.problems))
        elif record.doc_id in scan.entries:
            scan.documents[record.doc_id] = record
    return scan


class SiteData:
    """The data of this build. `entries` and `documents` are loaded on first use; `tags`
    come from the state or are made and stored."""

    def __init__(self, app: Sphinx, state: BuildState, scan: Scan):
        self.app = app
        self.state = state
        self.scan = scan
        self.taxonomy_path = resolve(app, app.config.policykb_taxonomy)
        self.rules_path = resolve(app, app.config.policykb_nlrb_rules)
        self.pending_pages: dict[str, str] = {}  # policy pages written: name -> fingerprint
        self._memo: OrderedDict[str, TagResult] = OrderedDict()

    # --- what pages read ---------------------------------------------------------------

    @cached_property
    def taxonomy(self) -> Taxonomy:
        try:
            return load_taxonomy(self.taxonomy_path)
        except ProblemError as exc:
            raise ConfigError(f"policykb: invalid data file:\n{exc}") from None

    @cached_property
    def compiled_taxonomy(self) -> CompiledTaxonomy:
        """The taxonomy's patterns, compiled once for this build's tagging."""
        return compile_taxonomy(self.taxonomy)

    @cached_property
    def rules(self) -> NlrbRules:
        try:
            return load_rules(self.rules_path)
        except ProblemError as exc:
            raise ConfigError(f"policykb: invalid data file:\n{exc}") from None

    @cached_property
    def entries(self) -> dict[str, RegistryEntry]:
        loaded = self.state.payloads("entry")
        return {doc_id: loaded[r.path] for doc_id, r in self.scan.entries.items()}

    @cached_property
    def documents(self) -> dict[str, StoredDocument]:
        loaded = self.state.payloads("document")
        return {
            doc_id: StoredDocument(Path(r.path), loaded[r.path])
            for doc_id, r in self.scan.documents.items()
        }

    @property
    def ids(self) -> list[str]:
        """Registry ids, sorted (without loading the entries)."""
        return sorted(self.scan.entries)

    def tags(self, doc_id: str) -> TagResult | None:
        """Paragraph tags of a corpus document: from the state when its text, curator
        topics, language, the taxonomy and the tagger are unchanged, else computed."""
        record = self.scan.documents.get(doc_id)
        if record is None:
            return None
        _note_use(self.app.env, "tags")
        if doc_id in self._memo:
            self._memo.move_to_end(doc_id)
            return self._memo[doc_id]
        document = self.documents[doc_id]
        front = document.front
        key = digest_of([self.tag_code, primary_language(front), *front.topics, record.body_sha])
        result = self.state.get_tags(doc_id, key)
        if result is None:
            result = tag_markdown(
                document.body,
                curator_topics=front.topics,
                taxonomy=self.compiled_taxonomy,
                language=primary_language(front),
            )
            self.state.put_tags(doc_id, key, result)
        self._memo[doc_id] = result
        if len(self._memo) > TAG_MEMO:
            self._memo.popitem(last=False)
        return result

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
    def topic_sets(self) -> dict[str, frozenset[str]]:
        """`topics_of` of every document, as sets (pages that count documents by topic)."""
        return {doc_id: frozenset(self.topics_of(doc_id)) for doc_id in self.entries}

    @cached_property
    def sorted_ids(self) -> list[str]:
        return sorted(self.entries, key=lambda i: (self.entries[i].organization.lower(), i))

    # --- digests -------------------------------------------------------------------------

    @cached_property
    def tag_code(self) -> str:
        """The taxonomy, the tagging code and the model: a change to any invalidates tags."""
        return _tag_code_digest(self.taxonomy_path)

    @cached_property
    def digests(self) -> dict[str, str]:
        """One digest per data category (see `CATEGORIES`)."""
        scan = self.scan
        return {
            "registry": digest_of(f"{i}:{r.sha}" for i, r in sorted(scan.entries.items())),
            "corpus": digest_of(f"{i}:{r.meta_sha}" for i, r in sorted(scan.documents.items())),
            "tags": digest_of(
                [self.tag_code, *(f"{i}:{r.body_sha}" for i, r in sorted(scan.documents.items()))]
            ),
            "taxonomy": sha256(self.taxonomy_path.read_bytes()),
            "rules": sha256(self.rules_path.read_bytes()),
        }

    @property
    def fingerprint(self) -> str:
        """All of the data in one digest."""
        return digest_of(self.digests[c] for c in CATEGORIES)


def _tag_code_digest(taxonomy: Path) -> str:
    digest = sha256(taxonomy.read_bytes())
    parts = [digest, __version__]
    for module in (blocks, patterns, tagger, model):
        parts.append(sha256(Path(module.__file__).read_bytes()))
    if model.MODEL_PATH.is_file():
        parts.append(sha256(model.MODEL_PATH.read_bytes()))
    return digest_of(parts)


@cache
def code_digest() -> str:
    """The package's Python code, with its version: what renders pages and data files."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def site_data(app: Sphinx) -> SiteData:
    return app.policykb_data  # type: ignore[attr-defined]


def _data_docs(env: BuildEnvironment) -> dict[str, set[str]]:
    uses = getattr(env, DATA_DOCS, None)
    if not isinstance(uses, dict):  # missing, or a set from an older build: all categories
        uses = {d: set(CATEGORIES) for d in (uses or ())}
        setattr(env, DATA_DOCS, uses)
    return uses


def note_data_doc(env: BuildEnvironment, *categories: str) -> None:
    """Record that the current document shows site data, of the given categories (by
    default `DEFAULT_USES`): it is re-read when that data changes."""
    unknown = set(categories) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown data categories: {sorted(unknown)}")
    _data_docs(env).setdefault(env.docname, set()).update(categories or DEFAULT_USES)


def _note_use(env: BuildEnvironment, category: str) -> None:
    """While a page that shows site data is read, add `category` to what it uses."""
    try:
        docname = env.current_document.docname
    except AttributeError:  # Sphinx before 8.2
        docname = env.docname
    uses = getattr(env, DATA_DOCS, None)
    if docname and isinstance(uses, dict) and docname in uses:
        uses[docname].add(category)


def _builder_inited(app: Sphinx) -> None:
    config = app.config
    state = BuildState(Path(app.doctreedir))
    sources = resolve(app, config.policykb_sources_dir)
    corpus = resolve(app, config.policykb_corpus_dir)
    scan = scan_data(state, sources, corpus)
    data = SiteData(app, state, scan)
    app.policykb_data = data  # type: ignore[attr-defined]
    # An invalid taxonomy or rules file stops the build here, as it always did: checked
    # when it changed since the last build that loaded it.
    for name in ("taxonomy", "rules"):
        key = f"valid-{name}"
        if state.get_key(key) != data.digests[name]:
            getattr(data, name)
            state.put_key(key, data.digests[name])
    for problem in scan.problems:
        logger.warning(
            "policykb: %s (run `policykb validate`)", problem, type="policykb", subtype="data"
        )
    state.commit()  # what was parsed, visible to parallel readers (forked, own connection)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Keep the state: tags of removed documents go; policy pages written are recorded
    only when the build succeeded (run after the other build-finished steps)."""
    data = site_data(app)
    state = data.state
    if exception is None:
        if state.get_key("tags-kept") != data.digests["tags"]:
            state.keep_tags(set(data.scan.documents))
            state.put_key("tags-kept", data.digests["tags"])
        state.put_pages(data.pending_pages)
    state.close()


def _outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The pages that show site data which changed since the environment was read. Every
    such page shows what the package's code makes of the data, so a change of code (an
    upgrade, a fix to how excerpts are chosen) re-reads them all, as Sphinx cannot tell."""
    current = {**site_data(app).digests, "code": code_digest()}
    previous = getattr(env, DIGESTS, None) or {}
    setattr(env, DIGESTS, current)
    changed_data = {c for c in CATEGORIES if previous.get(c) != current[c]}
    code_changed = previous.get("code") != current["code"]
    if not changed_data and not code_changed:
        return []
    return sorted(
        d
        for d, uses in _data_docs(env).items()
        if (code_changed or uses & changed_data) and d in env.found_docs
    )


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _data_docs(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    uses = _data_docs(env)
    for docname, categories in _data_docs(other).items():
        if docname in docnames:
            uses.setdefault(docname, set()).update(categories)


def relative_link(from_docname: str, target: str) -> str:
    """A relative URL from the page of `from_docname` to `target` (a path under the site root)."""
    depth = from_docname.count("/")
    return "../" * depth + target


def setup_data(app: Sphinx) -> None:
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished, priority=900)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
