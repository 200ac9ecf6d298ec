"""The WARC archive: what is written reads back, and redirects resolve offline."""

from __future__ import annotations

import gzip
import zlib

from policykb.ingest.archive import (
    ArchiveWriter,
    decode_content,
    follow_redirects,
    latest_by_url,
    read_archive,
)


def write_exchanges(directory, exchanges):
    writer = ArchiveWriter(directory, "crawl-20260101T000000Z.warc.gz", {"software": "tests"})
    refs = [
        writer.write(
            url=url,
            method="GET",
            request_headers=[("User-Agent", "policykb/test")],
            status=status,
            response_headers=headers,
            body=body,
        )
        for url, status, headers, body in exchanges
    ]
    writer.close()
    return writer.path, refs


def test_responses_read_back_as_written(tmp_path):
    body = gzip.compress(b"<p>Hello</p>")
    path, refs = write_exchanges(
        tmp_path,
        [
            (
                "http://a.invalid/p",
                200,
                [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                body,
            ),
        ],
    )
    (response,) = list(read_archive(path))
    assert (response.ref, response.date) == refs[0]
    assert response.status == 200
    assert response.body == body  # as served
    assert response.decoded_body() == b"<p>Hello</p>"
    assert response.header("transfer-encoding") is None  # the stored body is not chunked


def test_a_second_writer_never_appends_to_an_existing_file(tmp_path):
    first, _ = write_exchanges(tmp_path, [("http://a.invalid/", 200, [], b"one")])
    second, _ = write_exchanges(tmp_path, [("http://a.invalid/", 200, [], b"two")])
    assert first != second and first.exists() and second.exists()


def test_redirects_are_followed_within_a_run(tmp_path):
    path, _ = write_exchanges(
        tmp_path,
        [
            ("http://a.invalid/start", 301, [("Location", "/middle")], b""),
            ("http://a.invalid/middle", 302, [("Location", "http://b.invalid/end")], b""),
            ("http://b.invalid/end", 500, [], b"error"),
            ("http://b.invalid/end", 200, [], b"final"),
            ("http://a.invalid/loop", 301, [("Location", "/loop")], b""),
        ],
    )
    captures = latest_by_url(read_archive(path))
    assert follow_redirects("http://a.invalid/start", captures).body == b"final"
    assert follow_redirects("http://a.invalid/missing", captures) is None
    assert follow_redirects("http://a.invalid/loop", captures) is None


def test_content_encodings_are_undone():
    assert decode_content(gzip.compress(b"x"), "gzip") == b"x"
    assert decode_content(zlib.compress(b"x"), "deflate") == b"x"
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode_content(raw.compress(b"x") + raw.flush(), "deflate") == b"x"
    assert decode_content(b"x", None) == b"x"
