"""The WARC reader: a damaged archive raises `ArchiveError` or yields records marked
damaged; a record it accepts has exactly the body that was written, never a short or
altered one. Decoding a body raises only `ContentDecodingError`."""

from __future__ import annotations

import contextlib
import gzip
import io
import tempfile
import zlib
from pathlib import Path

import brotli
from fuzz_strategies import apply, damages
from hypothesis import given
from hypothesis import strategies as st

from policykb.ingest.archive import (
    ArchiveError,
    ArchiveWriter,
    ContentDecodingError,
    decode_content,
    latest_by_url,
    read_archive,
)

URLS = ["http://kea.invalid/a", "http://kea.invalid/b", "http://tui.invalid/"]


def write(folder: Path, bodies: list[bytes], compress: bool, coding: str = "") -> bytes:
    writer = ArchiveWriter(folder, "crawl-20260101T000000Z.warc.gz", {"software": "fuzz"})
    headers = [("Content-Type", "text/html")] + ([("Content-Encoding", coding)] if coding else [])
    for url, body in zip(URLS, bodies, strict=False):
        writer.write(
            url=url, method="GET", request_headers=[("User-Agent", "fuzz")], status=200,
            response_headers=headers, body=body,
        )  # fmt: skip
    writer.close()
    data = writer.path.read_bytes()
    writer.path.unlink()
    if not compress:  # the same records, one plain WARC
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            data = handle.read()
    return data


CODINGS = ["gzip", "x-gzip", "deflate", "br", "identity", "compress", "zstd", "", "gzip, br",
           "br, gzip", "GZIP", " deflate ", "chunked"]  # fmt: skip


bodies = st.lists(st.binary(max_size=3000), min_size=1, max_size=3)


@given(bodies, st.booleans(), damages, st.sampled_from(CODINGS))
def test_damaged_archives_never_yield_a_wrong_body(written, compress, damage, coding):
    with tempfile.TemporaryDirectory() as folder:
        original = write(Path(folder), written, compress, coding)
        damaged = apply(damage, original)
        path = Path(folder) / "damaged.warc.gz"
        path.write_bytes(damaged)
        try:
            responses = list(read_archive(path))
        except ArchiveError:
            return
        for response in responses:
            if response.error is None:
                assert response.body in written, "an accepted record has an altered body"
                with contextlib.suppress(ContentDecodingError):
                    response.decoded_body()
            else:
                assert response.body == b""
        if damaged == original:
            assert [r.body for r in responses] == written
        latest_by_url(responses)  # never raises on what read_archive gave


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_an_archive_error_or_nothing(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "junk.warc.gz"
        path.write_bytes(raw)
        try:
            responses = list(read_archive(path))
        except ArchiveError:
            return
        assert all(r.error is not None or isinstance(r.body, bytes) for r in responses)


def encode(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "br":
        return brotli.compress(body)
    return body


@given(st.binary(max_size=2000), st.sampled_from(CODINGS), st.sampled_from(["gzip", "deflate", "br", "raw"]), damages)  # fmt: skip
def test_decode_content_undoes_or_names_the_problem(body, coding, made_with, damage):
    encoded = apply(damage, encode(body, made_with))
    try:
        decoded = decode_content(encoded, coding)
    except ContentDecodingError as exc:
        assert str(exc)
        return
    assert isinstance(decoded, bytes)
    if encoded == encode(body, made_with) and coding.strip().lower() == made_with:
        assert decoded == body
