"""The record step, shared by `policykb crawl` and `policykb reextract`.

A capture (the final response for a registry entry, with its WARC reference) is
extracted and folded into the entry's corpus document: same content → the same file,
new content → a new `versions` entry, any failure → the previous file left alone and a
named error in the report. Everything here is a function of the registry entry, the
archived bytes and the previous document: no clock, no network.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from w3lib.url import safe_url_string

from policykb.analysis.annotate import annotate_document
from policykb.content.corpus import load_corpus_document, write_corpus_document
from policykb.content.errors import ProblemError, UserError
from policykb.content.models import ArchiveRef, CorpusFrontMatter, RegistryEntry, Version
from policykb.content.registry import load_registry
from policykb.content.taxonomy import Taxonomy
from policykb.ingest.archive import (
    ArchivedResponse,
    ContentDecodingError,
    follow_redirects,
    latest_by_url,
    read_archive,
)
from policykb.ingest.dedupe import mark_duplicates, words
from policykb.ingest.extract import Extraction, ExtractionError, extract

STATUSES = ("ok", "unchanged", "changed", "failed")


def select_entries(
    sources_dir: Path, ids: Sequence[str] = (), *, active_only: bool = True
) -> list[RegistryEntry]:
    """The named entries, or every (active) one; a broken registry or unknown id raises."""
    registry = load_registry(sources_dir)
    if registry.problems:
        raise ProblemError(registry.problems)
    unknown = [i for i in ids if i not in registry.entries]
    if unknown:
        raise UserError(f"unknown source id(s) {', '.join(unknown)}: no such file in {sources_dir}")
    if ids:
        return [registry.entries[i] for i in dict.fromkeys(ids)]
    return [entry for entry in registry if entry.status == "active" or not active_only]


@dataclass(frozen=True)
class Capture:
    """The response a fetch of an entry ended on: final URL, decoded body, WARC record."""

    url: str
    content_type: str | None
    body: bytes
    ref: ArchiveRef
    date: datetime  # when the response was captured (its WARC-Date)


def capture_from_archive(response: ArchivedResponse) -> Capture:
    return Capture(
        url=response.url,
        content_type=response.header("Content-Type"),
        body=response.decoded_body(),
        ref=response.ref,
        date=response.date,
    )


def extract_capture(entry: RegistryEntry, capture: Capture) -> Extraction:
    return extract(
        capture.body,
        content_type=capture.content_type,
        url=capture.url,
        select=entry.selector_list("select"),
        remove=entry.selector_list("remove"),
    )


def fold(
    entry: RegistryEntry,
    capture: Capture,
    extraction: Extraction,
    previous: CorpusFrontMatter | None,
    taxonomy: Taxonomy,
) -> tuple[CorpusFrontMatter, str, str]:
    """(front matter, body, status) of the document after this capture.

    Unchanged content keeps the capture facts of the version it first appeared in, so
    the file stays byte-identical; changed content adds a version."""
    body = extraction.markdown
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if previous is not None and previous.content_sha256 == digest:
        status = "unchanged"
        facts = previous.model_dump(
            include={"final_url", "retrieved", "archive", "detected_language", "versions"}
        )
    else:
        status = "changed" if previous is not None else "ok"
        retrieved = capture.date
        facts = {
            "final_url": capture.url,
            "retrieved": retrieved,
            "archive": capture.ref,
            "detected_language": extraction.language,
            "versions": [
                *(previous.versions if previous else []),
                Version(retrieved=retrieved, content_sha256=digest),
            ],
        }
    front = CorpusFrontMatter(
        **entry.model_dump(exclude_none=True, exclude={"topics"}),
        **facts,
        content_sha256=digest,
        word_count=len(words(extraction.text)),
        duplicate_of=previous.duplicate_of if previous else None,
        **annotate_document(body, entry, taxonomy),
    )
    return front, body, status


@dataclass
class ReportRow:
    """One source in the crawl report."""

    id: str
    url: str
    status: str
    http_status: int | None = None
    bytes: int | None = None
    final_url: str | None = None
    page_title: str | None = None
    error: str | None = None


def previous_document(corpus_dir: Path, entry_id: str) -> CorpusFrontMatter | None:
    """The current corpus document's front matter; a broken file is a UserError."""
    path = corpus_dir / f"{entry_id}.md"
    if not path.exists():
        return None
    try:
        return load_corpus_document(path, within=corpus_dir).front
    except ProblemError as exc:
        raise UserError(f"the existing corpus file is invalid ({exc.problems[0]})") from None


@dataclass
class RebuildResult:
    """What `rebuild_corpus` did: counts, plus why some sources were left alone."""

    written: int = 0
    unchanged: int = 0
    missing: int = 0  # no usable capture in any file: the current file stays
    failed: dict[str, str] = field(default_factory=dict)  # damaged capture: file left alone
    notes: dict[str, list[str]] = field(default_factory=dict)  # captures that were skipped


def rebuild_corpus(
    entries: Sequence[RegistryEntry], files: Sequence[Path], corpus_dir: Path, taxonomy: Taxonomy
) -> RebuildResult:
    """Fold every archived capture, oldest run first, into fresh documents and write them.

    Each WARC file is one crawl run: within it an entry's URL is followed through its
    archived redirects to the final response, as the crawler did. A capture that cannot
    be decoded or extracted is skipped, as a failed fetch was during the crawl. An entry
    with a damaged capture (truncated, failing its digest) cannot have its history
    rebuilt: its current file is left alone and the entry is reported as failed. An
    unreadable WARC file raises `ArchiveError` before anything is written."""
    result = RebuildResult()
    state: dict[str, tuple[CorpusFrontMatter, str]] = {}
    for path in files:
        captures = latest_by_url(read_archive(path))
        for entry in entries:
            if entry.id in result.failed:
                continue
            response = follow_redirects(safe_url_string(entry.url), captures)
            if response is None:
                continue
            if response.error is not None:
                result.failed[entry.id] = response.error
                continue
            if not 200 <= response.status < 300:
                continue
            try:
                capture = capture_from_archive(response)
                extraction = extract_capture(entry, capture)
            except (ContentDecodingError, ExtractionError) as exc:
                result.notes.setdefault(entry.id, []).append(f"{path.name}: {exc}")
                continue
            previous = state[entry.id][0] if entry.id in state else None
            front, body, _ = fold(entry, capture, extraction, previous, taxonomy)
            state[entry.id] = (front, body)
    for entry_id in result.failed:
        state.pop(entry_id, None)
    for entry_id, (front, body) in state.items():
        # Keep the current near-duplicate mark; mark_duplicates below corrects it if stale.
        current = corpus_dir / f"{entry_id}.md"
        if current.exists():
            try:
                marked = load_corpus_document(current, within=corpus_dir).front.duplicate_of
            except ProblemError:
                marked = None
            front = front.model_copy(update={"duplicate_of": marked})
        if write_corpus_document(corpus_dir, front, body):
            result.written += 1
        else:
            result.unchanged += 1
    if corpus_dir.is_dir():
        mark_duplicates(corpus_dir)
    result.missing = len(entries) - len(state) - len(result.failed)
    return result


def summary_line(rows: Sequence[ReportRow], report_path: Path | None = None) -> str:
    counts = Counter(row.status for row in rows)
    parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
    where = f" (report: {report_path})" if report_path else ""
    return f"{len(rows)} source(s): {parts}{where}"


def write_report(path: Path, rows: Sequence[ReportRow], *, replay: bool) -> None:
    from policykb.content.storage import write_atomic

    counts = Counter(row.status for row in rows)
    report = {
        "summary": {s: counts.get(s, 0) for s in STATUSES},
        "replay": replay,
        "sources": [asdict(row) for row in sorted(rows, key=lambda r: r.id)],
    }
    write_atomic(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
