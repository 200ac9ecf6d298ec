"""A corpus file is either the old one or a complete new one: whatever happens to a write
or to the archive a reextract reads, no document is ever half-written or cut short."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from fuzz_strategies import apply, damages, examples
from hypothesis import given, settings
from hypothesis import strategies as st

from policykb.content import storage
from policykb.content.corpus import load_corpus_document
from policykb.content.registry import load_registry
from policykb.content.taxonomy import load_taxonomy
from policykb.ingest.archive import ArchiveError, ArchiveWriter
from policykb.ingest.record import rebuild_corpus

REPO = Path(__file__).resolve().parents[2]

# Four fictional organisations with texts distinct enough never to be near-duplicates.
POLICIES = {
    "kea-point-rowing-club": [
        "Rowers share regatta results only after the captain has confirmed them.",
        "Photos of junior crews need written consent from a parent before they go online.",
    ],
    "tui-bay-community-choir": [
        "Choir members may post rehearsal clips once the conductor approves the recording.",
        "Concert programmes belong to the choir; do not upload scanned scores anywhere.",
    ],
    "ruru-hill-library-trust": [
        "Library volunteers never discuss a borrower's reading history in any post.",
        "The trust's official account is run by the outreach coordinator, nobody else.",
    ],
    "moa-valley-tramping-club": [
        "Trip leaders avoid tagging remote huts, to keep fragile places from crowding.",
        "Emergencies on a track are reported to the police before anything is posted.",
    ],
}
ENTRY = """\
id: {id}
title: Social media rules
organization: {name}
sector: nonprofit
country: NZ
language: en
doc_type: policy
url: http://{id}.invalid/rules.html
"""


def page(doc_id: str, version: int) -> bytes:
    name = doc_id.replace("-", " ").title()
    rules = "".join(f"<p>{text} (Version {version}.)</p>" for text in POLICIES[doc_id])
    return (
        f"<html lang='en'><head><title>{name}</title></head><body><main><h1>{name}</h1>"
        f"{rules}</main></body></html>"
    ).encode()


def archive(folder: Path, name: str, version: int) -> bytes:
    writer = ArchiveWriter(folder, name, {"software": "fuzz"})
    for doc_id in POLICIES:
        writer.write(
            url=f"http://{doc_id}.invalid/rules.html", method="GET", request_headers=[],
            status=200, response_headers=[("Content-Type", "text/html")], body=page(doc_id, version),
        )  # fmt: skip
    writer.close()
    return writer.path.read_bytes()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The registry, two crawl runs, and the corpus before and after the second one."""
    root = tmp_path_factory.mktemp("corpus-fuzz")
    sources = root / "sources"
    sources.mkdir()
    for doc_id in POLICIES:
        name = doc_id.replace("-", " ").title()
        (sources / f"{doc_id}.yaml").write_text(ENTRY.format(id=doc_id, name=name))
    entries = list(load_registry(sources))
    taxonomy = load_taxonomy(REPO / "content" / "taxonomy.yaml")
    first = archive(root / "a1", "crawl-20260101T000000Z.warc.gz", 1)
    second = archive(root / "a2", "crawl-20260201T000000Z.warc.gz", 2)
    runs = root / "runs"
    runs.mkdir()
    (runs / "crawl-20260101T000000Z.warc.gz").write_bytes(first)
    old = root / "old"
    rebuild_corpus(entries, sorted(runs.iterdir()), old, taxonomy)
    (runs / "crawl-20260201T000000Z.warc.gz").write_bytes(second)
    new = root / "new"
    rebuild_corpus(entries, sorted(runs.iterdir()), new, taxonomy)
    return {
        "entries": entries, "taxonomy": taxonomy, "first": first, "second": second,
        "old": {p.name: p.read_bytes() for p in old.glob("*.md")},
        "new": {p.name: load_corpus_document(p) for p in new.glob("*.md")},
    }  # fmt: skip


@settings(max_examples=examples(5, 150))
@given(damages)
def test_reextract_from_a_damaged_archive_leaves_old_or_complete_new_files(world, damage):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus, runs = root / "corpus", root / "runs"
        corpus.mkdir()
        runs.mkdir()
        for name, data in world["old"].items():
            (corpus / name).write_bytes(data)
        (runs / "crawl-20260101T000000Z.warc.gz").write_bytes(world["first"])
        (runs / "crawl-20260201T000000Z.warc.gz").write_bytes(apply(damage, world["second"]))
        try:
            rebuild_corpus(world["entries"], sorted(runs.iterdir()), corpus, world["taxonomy"])
        except ArchiveError:
            assert {p.name: p.read_bytes() for p in corpus.glob("*.md")} == world["old"]
            return
        assert sorted(p.name for p in corpus.iterdir()) == sorted(world["old"])  # no temp files
        for name, before in world["old"].items():
            after = (corpus / name).read_bytes()
            if after == before:
                continue
            document = load_corpus_document(corpus / name)  # complete: it parses and validates
            complete = world["new"][name]
            assert document.body == complete.body
            assert document.front.content_sha256 == complete.front.content_sha256
            assert len(document.front.versions) == 2


STEPS = ["mkstemp", "write", "fchmod", "fsync", "replace"]


@given(st.binary(max_size=200), st.binary(max_size=200), st.sampled_from([*STEPS, None]))
def test_an_interrupted_write_leaves_the_old_file_or_the_new_one(old, new, failing_step):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kea-point-rowing-club.md"
        path.write_bytes(old)
        with interrupted(failing_step):
            try:
                storage.write_atomic(path, new)
            except OSError:
                assert failing_step is not None
        assert path.read_bytes() in (old, new)
        if failing_step is None:
            assert path.read_bytes() == new
        assert [p.name for p in Path(folder).iterdir()] == [path.name]  # no temp file left


class interrupted:  # noqa: N801 - used like a function
    """Make one step of `write_atomic` fail as a full disk or a crash would."""

    def __init__(self, step: str | None):
        self.step = step
        self.saved: list = []

    def _fail(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    def __enter__(self):
        if self.step is None:
            return self
        targets = {
            "mkstemp": (storage.tempfile, "mkstemp"),
            "fchmod": (storage.os, "fchmod"),
            "fsync": (storage.os, "fsync"),
            "replace": (storage.os, "replace"),
        }
        if self.step == "write":
            real_fdopen = os.fdopen

            def fdopen(fd, *args, **kwargs):
                handle = real_fdopen(fd, *args, **kwargs)
                handle.write = self._fail
                return handle

            targets_fdopen = (storage.os, "fdopen")
            self.saved.append((*targets_fdopen, getattr(*targets_fdopen)))
            setattr(*targets_fdopen, fdopen)
        else:
            module, name = targets[self.step]
            self.saved.append((module, name, getattr(module, name)))
            setattr(module, name, self._fail)
        return self

    def __exit__(self, *exc):
        for module, name, value in self.saved:
            setattr(module, name, value)
        return False
