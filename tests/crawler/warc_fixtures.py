"""Hand-made WARC files for the damaged- and hostile-archive tests (no server needed).

Each archive is a list of `Page` responses written by our own `ArchiveWriter`; the damage
(a cut, a flipped byte, a bad header) is applied to the finished bytes or records.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from policykb.ingest.archive import ArchiveWriter

ENTRY = """\
id: {id}
title: Social media rules
organization: {organization}
sector: nonprofit
country: GB
language: en
doc_type: policy
url: {url}
"""
ORGANISATIONS = {
    "alder-bay-rowing-club": "Alder Bay Rowing Club",
    "bittern-fen-nature-trust": "Bittern Fen Nature Trust",
    "cobble-lane-bakery-cooperative": "Cobble Lane Bakery Cooperative",
    "dunlin-point-sailing-school": "Dunlin Point Sailing School",
}


def url_of(source_id: str) -> str:
    return f"http://{source_id}.invalid/social-media.html"


def write_registry(directory: Path, ids=tuple(ORGANISATIONS)) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for source_id in ids:
        text = ENTRY.format(
            id=source_id, organization=ORGANISATIONS[source_id], url=url_of(source_id)
        )
        (directory / f"{source_id}.yaml").write_text(text, encoding="utf-8")
    return directory


def page(source_id: str, version: int = 1, paragraphs: int = 40) -> bytes:
    """A policy page, long enough that a cut in its record loses real text."""
    name = ORGANISATIONS[source_id]
    rules = "".join(
        f"<p>Rule {n} of version {version}: members of {name} keep club matters, results "
        f"and photographs of juniors off their personal accounts unless the committee "
        f"agreed to publish them first.</p>"
        for n in range(1, paragraphs + 1)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{name}</title>"
        f"</head><body><main><h1>Social media rules</h1>{rules}</main></body></html>"
    ).encode()


@dataclass
class Page:
    url: str
    body: bytes
    status: int = 200
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")]
    )


def write_archive(directory: Path, name: str, pages: list[Page]) -> Path:
    writer = ArchiveWriter(directory, name, {"software": "policykb tests"})
    for item in pages:
        writer.write(
            url=item.url,
            method="GET",
            request_headers=[("User-Agent", "policykb/test")],
            status=item.status,
            response_headers=item.headers,
            body=item.body,
        )
    writer.close()
    return writer.path


def site_pages(version: int = 1, ids=tuple(ORGANISATIONS)) -> list[Page]:
    return [Page(url_of(i), page(i, version)) for i in ids]


def raw_warc(pages: list[Page], *, date: str | None = None, statusline: str | None = None,
             gzip_records: bool = True) -> bytes:  # fmt: skip
    """Response records written by warcio directly, so headers can be set to anything.

    `date` and `statusline` apply to the last page only."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    for n, item in enumerate(pages):
        last = n == len(pages) - 1
        record = writer.create_warc_record(
            item.url,
            "response",
            payload=io.BytesIO(item.body),
            length=len(item.body),
            http_headers=StatusAndHeaders(
                statusline if last and statusline is not None else f"{item.status} OK",
                item.headers,
                protocol="HTTP/1.1",
            ),
        )
        if last and date is not None:
            record.rec_headers.replace_header("WARC-Date", date)
        writer.write_record(record)
    return out.getvalue()


def gzip_bomb(size: int) -> bytes:
    """`size` bytes of spaces, gzip-compressed (about 1,000 times smaller)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as handle:
        chunk = b" " * (1 << 20)
        for _ in range(size // len(chunk)):
            handle.write(chunk)
    return buffer.getvalue()
