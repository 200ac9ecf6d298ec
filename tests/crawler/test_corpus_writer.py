"""Corpus writer: deterministic bytes, versions, and near-duplicate marks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fixture_site import TAXONOMY

from policykb.content.corpus import dump_corpus_document, load_corpus_document
from policykb.content.models import ArchiveRef, RegistryEntry
from policykb.content.storage import write_atomic
from policykb.content.taxonomy import load_taxonomy
from policykb.ingest.dedupe import mark_duplicates
from policykb.ingest.extract import Block, Extraction
from policykb.ingest.record import Capture, fold

ENTRY = RegistryEntry(
    id="tern-island-sailing-school",
    title="Social media rules",
    organization="Tern Island Sailing School",
    sector="company",
    country="GB",
    language="en",
    doc_type="policy",
    url="http://tern.invalid/rules",
    topics=["photos-geotagging"],
)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(TAXONOMY)


def capture(day: int) -> Capture:
    ref = ArchiveRef(file=f"crawl-2026010{day}.warc.gz", record_id=f"<urn:uuid:{day}>")
    return Capture(
        "http://tern.invalid/rules", "text/html", b"", ref, datetime(2026, 1, day, tzinfo=UTC)
    )


def extraction(text: str) -> Extraction:
    return Extraction((Block("Rules", kind="heading", level=1), Block(text)), "Rules", "en", "html")


def test_fold_new_unchanged_changed(taxonomy):
    first, body, status = fold(
        ENTRY, capture(1), extraction("Ask before posting photos of students."), None, taxonomy
    )
    assert status == "ok" and len(first.versions) == 1
    assert "photos-geotagging" in first.topics and 5 in first.tips
    same, same_body, status = fold(
        ENTRY, capture(2), extraction("Ask before posting photos of students."), first, taxonomy
    )
    assert status == "unchanged"
    assert dump_corpus_document(same, same_body) == dump_corpus_document(first, body)
    changed, _, status = fold(
        ENTRY, capture(3), extraction("Never post photos of students."), first, taxonomy
    )
    assert status == "changed"
    assert [v.retrieved.day for v in changed.versions] == [1, 3]
    assert changed.archive.file == "crawl-20260103.warc.gz"


def test_dump_load_dump_is_byte_identical(tmp_path, taxonomy):
    front, body, _ = fold(
        ENTRY, capture(1), extraction("Text with \\ backslash and $ dollar."), None, taxonomy
    )
    text = dump_corpus_document(front, body)
    path = tmp_path / f"{ENTRY.id}.md"
    write_atomic(path, text)
    loaded = load_corpus_document(path)
    assert dump_corpus_document(loaded.front, loaded.body.removeprefix("\n")) == text


def test_mark_duplicates_sets_and_clears(tmp_path, taxonomy):
    text = "Instructors post pictures of a course only after every sailor on it has agreed. " * 5
    for entry_id, words in [
        ("aaa-original", text),
        ("bbb-copy", text + " Thanks."),
        ("ccc-other", "Something else entirely."),
    ]:
        entry = ENTRY.model_copy(update={"id": entry_id})
        front, body, _ = fold(entry, capture(1), extraction(words), None, taxonomy)
        write_atomic(tmp_path / f"{entry_id}.md", dump_corpus_document(front, body))
    assert mark_duplicates(tmp_path) == {"bbb-copy": "aaa-original"}
    assert load_corpus_document(tmp_path / "bbb-copy.md").front.duplicate_of == "aaa-original"
    (tmp_path / "aaa-original.md").unlink()
    assert mark_duplicates(tmp_path) == {}
    assert load_corpus_document(tmp_path / "bbb-copy.md").front.duplicate_of is None
