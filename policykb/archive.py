"""The WARC archive: raw captures exactly as served, one file per crawl run.

`ArchiveWriter` appends a request record and a response record (with payload digest) per
HTTP exchange; `read_archive` reads the responses back for replay and re-extraction.
Bodies are stored as they came over the wire (content-encoding intact, transfer-encoding
removed); `ArchivedResponse.decoded_body()` undoes the content-encoding.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from w3lib.url import safe_url_string
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from policykb.errors import UserError

DEFAULT_ARCHIVE_DIR = Path("data/archive")
SUFFIX = ".warc.gz"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 20  # Scrapy's REDIRECT_MAX_TIMES default
# Hop-by-hop framing that no longer describes the stored (de-chunked) body.
_DROPPED_HEADERS = frozenset({"transfer-encoding"})


@dataclass(frozen=True)
class ArchiveRef:
    """Where one response lives: WARC file name, record id and capture time."""

    file: str
    record_id: str
    date: datetime


@dataclass(frozen=True)
class ArchivedResponse:
    ref: ArchiveRef
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes  # as served: content-encoding intact

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def decoded_body(self) -> bytes:
        """The body with its Content-Encoding undone (gzip, deflate, br)."""
        return decode_content(self.body, self.header("Content-Encoding"))


def decode_content(body: bytes, content_encoding: str | None) -> bytes:
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in {"gzip", "x-gzip"}:
            body = gzip.decompress(body)
        elif coding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:
                body = zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send
        elif coding == "br":
            import brotli

            body = brotli.decompress(body)
        elif coding != "identity":
            raise ValueError(f"unsupported Content-Encoding {coding!r}")
    return body


def warc_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def new_archive_name(now: datetime) -> str:
    return f"crawl-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


class ArchiveWriter:
    """Append request/response pairs to one WARC file, created on the first write."""

    def __init__(self, directory: Path, name: str, info: dict[str, str]):
        self.directory = directory
        self.name = name
        self.info = info
        self._handle = None
        self._writer: WARCWriter | None = None

    @property
    def path(self) -> Path:
        return self.directory / self.name

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            stem, n = self.name.removesuffix(SUFFIX), 1
            while self.path.exists():  # never append to another run's file
                n += 1
                self.name = f"{stem}-{n}{SUFFIX}"
            self._handle = self.path.open("xb")
            self._writer = WARCWriter(self._handle, gzip=True)
            self._writer.write_record(self._writer.create_warcinfo_record(self.name, self.info))
        return self._writer

    def write(
        self,
        *,
        url: str,
        method: str,
        request_headers: Iterable[tuple[str, str]],
        status: int,
        response_headers: Iterable[tuple[str, str]],
        body: bytes,
        protocol: str = "HTTP/1.1",
    ) -> ArchiveRef:
        writer = self._open()
        target = _request_target(url)
        request = writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                f"{method} {target} {protocol}", list(request_headers), is_http_request=True
            ),
        )
        kept = [(k, v) for k, v in response_headers if k.lower() not in _DROPPED_HEADERS]
        response = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol=protocol),
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
        self._handle.flush()
        return ArchiveRef(
            file=self.name,
            record_id=response.rec_headers.get_header("WARC-Record-ID"),
            date=warc_date(response.rec_headers.get_header("WARC-Date")),
        )

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            self._writer = None


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def read_archive(path: Path) -> Iterator[ArchivedResponse]:
    """Every response record of one WARC file, in file order; unreadable → UserError."""
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                body = record.raw_stream.read()
                yield ArchivedResponse(
                    ref=ArchiveRef(
                        file=path.name,
                        record_id=record.rec_headers.get_header("WARC-Record-ID"),
                        date=warc_date(record.rec_headers.get_header("WARC-Date")),
                    ),
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    status=int(record.http_headers.get_statuscode()),
                    headers=tuple(record.http_headers.headers),
                    body=body,
                )
    except OSError as exc:
        raise UserError(f"cannot read archive {path}: {exc.strerror or exc}") from None
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        raise UserError(f"{path} is not a readable WARC file: {exc}") from None


def archive_files(directory: Path) -> list[Path]:
    """The WARC files of an archive folder, oldest run first (names start with the time)."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"*{SUFFIX}"))


def latest_by_url(responses: Iterable[ArchivedResponse]) -> dict[str, ArchivedResponse]:
    """The last capture of each URL: later WARC-Date wins, then later position."""
    latest: dict[str, ArchivedResponse] = {}
    for response in responses:
        seen = latest.get(response.url)
        if seen is None or response.ref.date >= seen.ref.date:
            latest[response.url] = response
    return latest


def follow_redirects(url: str, captures: dict[str, ArchivedResponse]) -> ArchivedResponse | None:
    """The response a crawler following redirects would have ended on, or None."""
    for _ in range(MAX_REDIRECTS + 1):
        response = captures.get(url)
        if response is None:
            return None
        location = response.header("Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        url = safe_url_string(urljoin(url, location))
    return None
