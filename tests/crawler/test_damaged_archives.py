"""Damaged and hostile WARC files: only the affected source fails, the last good corpus
version stays, nothing is read or decompressed without a bound, and no traceback.

Issue 8: a truncated record used to pass as a "changed" document with half its words; a
bad WARC-Date or status line in a later record aborted a replay with two tracebacks; a
Content-Encoding that lies aborted the whole reextract; bombs took gigabytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from fixture_site import REPO, TAXONOMY, corpus_files, crawl_args, policykb
from warc_fixtures import (
    Page,
    gzip_bomb,
    page,
    raw_warc,
    site_pages,
    url_of,
    write_archive,
    write_registry,
)

from policykb.content.corpus import load_corpus_document
from policykb.ingest.archive import (
    MAX_DECODED_BYTES,
    ArchiveError,
    ContentDecodingError,
    decode_content,
    latest_by_url,
    read_archive,
)

ALDER = "alder-bay-rowing-club"
BITTERN = "bittern-fen-nature-trust"
COBBLE = "cobble-lane-bakery-cooperative"
DUNLIN = "dunlin-point-sailing-school"


def reextract(archive: Path, corpus: Path, sources: Path) -> subprocess.CompletedProcess:
    return policykb(
        "reextract", "--archive-dir", str(archive), "--corpus-dir", str(corpus),
        "--sources-dir", str(sources), "--taxonomy", str(TAXONOMY), cwd=REPO,
    )  # fmt: skip


def replay(warcs: list[Path], work: Path, corpus: Path, report: Path):
    args = crawl_args(work / "sources", corpus, work / "unused-archive", report)
    for warc in warcs:
        args += ["--replay", str(warc)]
    return policykb(*args, cwd=REPO)


def rows(report: Path) -> dict[str, dict]:
    return {row["id"]: row for row in json.loads(report.read_text())["sources"]}


@pytest.fixture
def work(tmp_path) -> Path:
    """A registry of four sources and a first, good crawl run in archive/."""
    write_registry(tmp_path / "sources")
    write_archive(tmp_path / "archive", "crawl-20260101T000000Z.warc.gz", site_pages(1))
    result = reextract(tmp_path / "archive", tmp_path / "corpus", tmp_path / "sources")
    assert result.returncode == 0, result.stderr
    return tmp_path


def cut_last_record(path: Path, keep: float = 0.5) -> None:
    """Cut the file inside its last record's body, as a crawl killed mid-write leaves it."""
    data = path.read_bytes()
    last = data.rfind(b"\x1f\x8b\x08")  # each record is its own gzip member
    path.write_bytes(data[: last + int((len(data) - last) * keep)])


# --- 8.2: a truncated record -----------------------------------------------------------


def test_truncated_record_is_marked_damaged(tmp_path):
    path = write_archive(
        tmp_path, "crawl-20260102T000000Z.warc.gz", site_pages(2, [ALDER, BITTERN])
    )
    cut_last_record(path)
    good, cut = list(read_archive(path))
    assert good.error is None and good.body == page(ALDER, 2)
    assert cut.url == url_of(BITTERN) and cut.body == b""
    assert "truncated" in cut.error and "bytes are missing" in cut.error


def test_reextract_keeps_the_last_good_version_of_a_truncated_capture(work):
    before = corpus_files(work / "corpus")
    second = write_archive(work / "archive", "crawl-20260102T000000Z.warc.gz", site_pages(2))
    cut_last_record(second)  # DUNLIN's record, the last one, is cut in half
    result = reextract(work / "archive", work / "corpus", work / "sources")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{DUNLIN}: damaged WARC record in {second.name}: truncated" in result.stderr
    assert "3 rewritten, 0 unchanged, 0 without a usable capture, 1 failed" in result.stdout
    after = corpus_files(work / "corpus")
    assert after[f"{DUNLIN}.md"] == before[f"{DUNLIN}.md"]
    assert len(load_corpus_document(work / "corpus" / f"{ALDER}.md").front.versions) == 2


def test_replay_of_a_truncated_capture_fails_that_source_only(work):
    before = corpus_files(work / "corpus")
    second = write_archive(work / "archive", "crawl-20260102T000000Z.warc.gz", site_pages(2))
    cut_last_record(second)
    report = work / "report.json"
    result = replay([second], work, work / "corpus", report)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    row = rows(report)[DUNLIN]
    assert row["status"] == "failed" and "truncated" in row["error"]
    assert {i: r["status"] for i, r in rows(report).items() if i != DUNLIN} == dict.fromkeys(
        [ALDER, BITTERN, COBBLE], "changed"
    )
    document = load_corpus_document(work / "corpus" / f"{DUNLIN}.md")
    assert corpus_files(work / "corpus")[f"{DUNLIN}.md"] == before[f"{DUNLIN}.md"]
    assert len(document.front.versions) == 1


def test_a_record_that_fails_its_digest_is_damaged(tmp_path):
    data = raw_warc(site_pages(1, [ALDER, BITTERN]), gzip_records=False)
    flipped = data.replace(b"Rule 7 of version 1", b"Rule 8 of version 1", 1)
    path = tmp_path / "flipped.warc.gz"
    path.write_bytes(flipped)
    first, second = list(read_archive(path))
    assert "digest mismatch" in first.error and first.url == url_of(ALDER)
    assert second.error is None
    captures = latest_by_url([*read_archive(path)])
    assert captures[url_of(ALDER)].error is not None


# --- 8.4: bad headers in a later record, lying Content-Encoding ------------------------


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ({"date": "2024-02-30T25:61:00Z"}, "bad WARC-Date '2024-02-30T25:61:00Z'"),
        ({"date": "yesterday"}, "bad WARC-Date 'yesterday'"),
        ({"statusline": "two hundred OK"}, "bad HTTP status line 'two hundred OK'"),
        ({"statusline": "99999999999999999999 OK"}, "bad HTTP status line"),
    ],
    ids=["impossible-date", "word-date", "word-status", "huge-status"],
)
def test_bad_date_or_status_in_a_later_record_fails_that_source_only(work, damage, message):
    path = work / "later.warc.gz"
    path.write_bytes(raw_warc(site_pages(2, [ALDER, BITTERN]), **damage))
    report = work / "report.json"
    result = replay([path], work, work / "replayed", report)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert rows(report)[ALDER]["status"] == "ok"
    assert rows(report)[BITTERN]["status"] == "failed"
    assert message in rows(report)[BITTERN]["error"]


LIES = {
    "gzip-that-is-not": ("gzip", lambda body: body),
    "compress": ("compress", lambda body: body),
    "bad-brotli": ("br", lambda body: b"\x8b\x02\x80" + body[:50]),
    "truncated-brotli": ("br", lambda body: brotli.compress(body)[:20]),
}


@pytest.mark.parametrize("lie", sorted(LIES))
def test_a_lying_content_encoding_fails_only_its_source(work, lie):
    coding, encode = LIES[lie]
    pages = site_pages(2)
    pages[1] = Page(
        url_of(BITTERN),
        encode(page(BITTERN, 2)),
        headers=[("Content-Type", "text/html"), ("Content-Encoding", coding)],
    )
    second = write_archive(work / "archive", "crawl-20260102T000000Z.warc.gz", pages)
    before = corpus_files(work / "corpus")
    result = reextract(work / "archive", work / "corpus", work / "sources")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"note: {BITTERN}: capture skipped: {second.name}:" in result.stderr
    assert "3 rewritten, 1 unchanged" in result.stdout
    assert corpus_files(work / "corpus")[f"{BITTERN}.md"] == before[f"{BITTERN}.md"]

    report = work / "report.json"
    replayed = replay([second], work, work / "replayed", report)
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    assert "Traceback" not in replayed.stderr
    assert rows(report)[BITTERN]["status"] == "failed"
    assert rows(report)[BITTERN]["error"]
    assert rows(report)[ALDER]["status"] == "ok"


def test_decode_content_names_each_lie():
    with pytest.raises(ContentDecodingError, match="not valid gzip data"):
        decode_content(b"<html>plain</html>", "gzip")
    with pytest.raises(ContentDecodingError, match="unsupported Content-Encoding 'compress'"):
        decode_content(b"\x1f\x9d\x90", "compress")
    with pytest.raises(ContentDecodingError, match="not valid br data"):
        decode_content(b"\x8b\x02\x80not brotli", "br")
    assert decode_content(b"x", "identity") == b"x"


# --- 8.3: bombs --------------------------------------------------------------------------


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_a_decompression_bomb_stops_at_the_limit(coding):
    size = MAX_DECODED_BYTES + (1 << 20)
    if coding == "gzip":
        bomb = gzip_bomb(size)
    elif coding == "deflate":
        import zlib

        bomb = zlib.compress(b" " * size, 9)
    else:
        bomb = brotli.compress(b" " * size, quality=5)
    assert len(bomb) < 200_000
    with pytest.raises(ContentDecodingError, match="larger than 32 MB once decompressed"):
        decode_content(bomb, coding)


def test_a_gzip_bomb_payload_is_a_skipped_capture(work):
    pages = site_pages(2)
    pages[2] = Page(
        url_of(COBBLE),
        gzip_bomb(MAX_DECODED_BYTES + (1 << 20)),
        headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
    )
    write_archive(work / "archive", "crawl-20260102T000000Z.warc.gz", pages)
    result = reextract(work / "archive", work / "corpus", work / "sources")
    assert result.returncode == 0, result.stderr
    assert f"note: {COBBLE}: capture skipped:" in result.stderr
    assert "larger than 32 MB once decompressed (gzip)" in result.stderr


def huge_record_archive(path: Path, size: int) -> None:
    """An uncompressed WARC whose one response record has a body of `size` zero bytes
    (a sparse file: no disk space used)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"WARC-Date: 2026-01-02T00:00:00Z\r\nWARC-Target-URI: {url_of(ALDER)}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + size}\r\n\r\n"
    ).encode() + http
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(len(head) + size)
        handle.seek(0, os.SEEK_END)
        handle.write(b"\r\n\r\n")


def test_a_1_gib_record_is_refused_without_reading_it_into_memory(tmp_path):
    path = tmp_path / "huge.warc.gz"
    huge_record_archive(path, 1 << 30)
    code = (
        "import resource, sys; from pathlib import Path\n"
        "resource.setrlimit(resource.RLIMIT_AS, (900 << 20, 900 << 20))\n"
        "from policykb.ingest.archive import read_archive\n"
        "(r,) = list(read_archive(Path(sys.argv[1])))\n"
        "print(r.error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "record larger than the 32 MB limit" in result.stdout


def test_a_file_of_zeros_is_an_archive_error_not_a_huge_line(tmp_path):
    path = tmp_path / "zeros.warc.gz"
    with path.open("wb") as handle:
        handle.truncate(64 << 20)
    with pytest.raises(ArchiveError, match="not a readable WARC file"):
        list(read_archive(path))


# --- unreadable files ---------------------------------------------------------------------


def test_garbage_between_records_is_an_archive_error(tmp_path):
    data = raw_warc(site_pages(1, [ALDER, BITTERN]), gzip_records=False)
    second = data.index(b"WARC/1.0", 10)
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(data[:second] + b"NOT A WARC HEADER\r\n" + data[second:])
    with pytest.raises(ArchiveError, match="not a readable WARC file after 1 record"):
        list(read_archive(path))


@pytest.mark.parametrize("kind", ["fifo", "directory", "missing"])
def test_an_archive_that_is_not_a_regular_file_is_refused(tmp_path, kind):
    path = tmp_path / "crawl-20260101T000000Z.warc.gz"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    with pytest.raises(ArchiveError, match="cannot read archive"):
        list(read_archive(path))


def test_replay_of_an_unreadable_archive_is_one_message(work):
    path = work / "garbage.warc.gz"
    data = raw_warc(site_pages(1, [ALDER, BITTERN]), gzip_records=False)
    second = data.index(b"WARC/1.0", 10)
    path.write_bytes(data[:second] + b"NOT A WARC HEADER\r\n" + data[second:])
    result = replay([path], work, work / "replayed", work / "report.json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is not a readable WARC file after 1 record(s)" in result.stderr
