"""The WARC archive: raw captures exactly as served, one file per crawl run.

`ArchiveWriter` appends a request record and a response record (with payload digest) per
HTTP exchange; `read_archive` reads the responses back for replay and re-extraction.
Bodies are stored as they came over the wire (content-encoding intact, transfer-encoding
removed); `ArchivedResponse.decoded_body()` undoes the content-encoding.

Reading trusts nothing: records are streamed one at a time, a body is read only up to
`MAX_RECORD_BYTES` and decoded only up to `MAX_DECODED_BYTES`, and a record that is
truncated, fails its WARC-Block-Digest / WARC-Payload-Digest, or carries a bad WARC-Date
or status line comes back marked damaged (`ArchivedResponse.error`) so that only its
source fails. A file that cannot be read, or whose structure breaks between records,
raises `ArchiveError`.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from gzip import GzipFile
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from w3lib.url import safe_url_string
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from policykb.content import paths
from policykb.content.errors import UserError
from policykb.content.models import ArchiveRef

DEFAULT_ARCHIVE_DIR = paths.archive_dir()
SUFFIX = ".warc.gz"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 20  # Scrapy's REDIRECT_MAX_TIMES default
# Hop-by-hop framing that no longer describes the stored (de-chunked) body.
_DROPPED_HEADERS = frozenset({"transfer-encoding"})
# The crawler downloads at most 20 MB (DOWNLOAD_MAXSIZE), decompressed or not.
MAX_RECORD_BYTES = 32 * 1024 * 1024
MAX_DECODED_BYTES = 32 * 1024 * 1024
MAX_HEADER_BYTES = 1024 * 1024  # WARC and HTTP header lines of one record
_CHUNK = 64 * 1024
_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


class ArchiveError(UserError):
    """A WARC file that cannot be read, or whose structure breaks between records."""


class ContentDecodingError(ValueError):
    """A body whose Content-Encoding cannot be undone (a lie, unsupported, or too big)."""


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived response: where it is stored (`ref`, as the corpus front matter
    names it) and when it was captured (`date`, its WARC-Date)."""

    ref: ArchiveRef
    date: datetime
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes  # as served: content-encoding intact (empty when damaged)
    error: str | None = None  # set: the record is damaged and must not be used

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def decoded_body(self) -> bytes:
        """The body with its Content-Encoding undone (gzip, deflate, br), bounded."""
        return decode_content(self.body, self.header("Content-Encoding"))


def decode_content(
    body: bytes, content_encoding: str | None, limit: int = MAX_DECODED_BYTES
) -> bytes:
    """Undo a Content-Encoding as Scrapy's HttpCompressionMiddleware does, so that replay,
    reextract and a live crawl agree, but never past `limit` bytes of output.

    Anything that cannot be undone raises `ContentDecodingError` with a plain message."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        try:
            if coding in {"gzip", "x-gzip"}:
                body = _gunzip(body, limit)
            elif coding == "deflate":
                body = _inflate(body, limit)
            elif coding == "br":
                body = _unbrotli(body, limit)
            elif coding != "identity":
                raise ContentDecodingError(f"unsupported Content-Encoding {coding[:40]!r}")
        except ContentDecodingError:
            raise
        except Exception as exc:  # zlib.error, OSError, EOFError, brotli.error, ...
            raise ContentDecodingError(
                f"the body is not valid {coding} data as its Content-Encoding says "
                f"({type(exc).__name__})"
            ) from None
    return body


def _too_big(coding: str, limit: int) -> ContentDecodingError:
    return ContentDecodingError(
        f"the body is larger than {limit // (1024 * 1024)} MB once decompressed ({coding})"
    )


def _gunzip(data: bytes, limit: int) -> bytes:
    """Like scrapy.utils.gz.gunzip: as much as can be read, resilient to a bad CRC or
    trailing garbage once some output exists."""
    reader = GzipFile(fileobj=BytesIO(data))
    out = bytearray()
    while True:
        try:
            chunk = reader.read1(_CHUNK)
        except (OSError, EOFError, zlib.error):
            if out:
                break
            raise
        if not chunk:
            break
        out += chunk
        if len(out) > limit:
            raise _too_big("gzip", limit)
    return bytes(out)


def _inflate(data: bytes, limit: int) -> bytes:
    """zlib-wrapped deflate, or raw deflate as some servers send it."""
    decompressor = zlib.decompressobj()
    try:
        out = bytearray(decompressor.decompress(data, _CHUNK))
    except zlib.error:
        decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        out = bytearray(decompressor.decompress(data, _CHUNK))
    while decompressor.unconsumed_tail and not decompressor.eof:
        if len(out) > limit:
            raise _too_big("deflate", limit)
        out += decompressor.decompress(decompressor.unconsumed_tail, _CHUNK)
    if len(out) > limit:
        raise _too_big("deflate", limit)
    return bytes(out)


def _unbrotli(data: bytes, limit: int) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    out = bytearray(decompressor.process(data, output_buffer_limit=_CHUNK))
    while not decompressor.is_finished():
        if len(out) > limit:
            raise _too_big("br", limit)
        chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            break
        out += chunk
    if len(out) > limit:
        raise _too_big("br", limit)
    return bytes(out)


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
    ) -> tuple[ArchiveRef, datetime]:
        """Append the exchange; where the response record is stored and its WARC-Date."""
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
        ref = ArchiveRef(
            file=self.name, record_id=response.rec_headers.get_header("WARC-Record-ID")
        )
        return ref, warc_date(response.rec_headers.get_header("WARC-Date"))

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


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader, except that the header lines of one record (WARC and HTTP) may
    not add up to more than MAX_HEADER_BYTES: warcio's own `readline` grows a line
    without end, so a file of zeros would otherwise be read into memory whole."""

    header_bytes = 0

    def readline(self, length=None):
        room = MAX_HEADER_BYTES - self.header_bytes
        if room <= 0:
            raise ArchiveLoadFailed(f"record headers longer than {MAX_HEADER_BYTES:,} bytes")
        line = super().readline(room if length is None else min(length, room))
        self.header_bytes += len(line)
        return line


class _ArchiveIterator(ArchiveIterator):
    INC_RECORD = ""  # warcio would print the (possibly huge) stray line to stderr

    def __init__(self, handle, **kwargs):
        super().__init__(handle, **kwargs)
        self.reader = _BoundedReader(self.fh, block_size=self.reader.block_size)

    def _next_record(self, next_line):
        self.reader.header_bytes = len(next_line or b"")
        return super()._next_record(next_line)


def read_archive(path: Path, max_body: int = MAX_RECORD_BYTES) -> Iterator[ArchivedResponse]:
    """Every response record of one WARC file, in file order, streamed.

    A damaged record is yielded with `error` set and an empty body; a file that cannot
    be opened or read on (between records) raises `ArchiveError`."""
    handle = _open_regular(path)
    count = 0
    with handle:
        records = iter(_ArchiveIterator(handle, check_digests=True))
        while True:
            try:
                record = next(records)
                if record.rec_type != "response" or record.http_headers is None:
                    count += 1
                    continue
                response = _response(path, record, max_body)
            except StopIteration:
                return
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - warcio on hostile input raises anything
                raise ArchiveError(_damaged(path, count, exc)) from None
            count += 1
            yield response


def _damaged(path: Path, count: int, exc: BaseException) -> str:
    reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    return f"{path} is not a readable WARC file after {count} record(s): {reason}"


def _open_regular(path: Path):
    """Open a regular file for reading; never block on a FIFO or read a device."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ArchiveError(f"cannot read archive {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ArchiveError(f"cannot read archive {path}: not a regular file")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _response(path: Path, record, max_body: int) -> ArchivedResponse:
    """One response record; every problem with it becomes its `error`."""
    headers = record.rec_headers
    problems: list[str] = []
    raw_date = headers.get_header("WARC-Date") or ""
    try:
        date = warc_date(raw_date)
    except (ValueError, TypeError, OverflowError):
        date = _NO_DATE
        problems.append(f"bad WARC-Date {raw_date[:40]!r}")
    record_id = (headers.get_header("WARC-Record-ID") or "").strip()
    if not record_id:
        record_id = "(none)"  # never used: the problem makes the record unusable
        problems.append("no WARC-Record-ID")
    statusline = record.http_headers.statusline or ""
    status = _status(record.http_headers.get_statuscode())
    if status is None:
        status = 0
        problems.append(f"bad HTTP status line {statusline[:40]!r}")
    body, body_problem = _read_body(record, max_body)
    if body_problem:
        problems.append(body_problem)
    try:
        response_headers = tuple((str(k), str(v)) for k, v in record.http_headers.headers)
    except (TypeError, ValueError):
        response_headers = ()
        problems.append("unreadable HTTP headers")
    return ArchivedResponse(
        ref=ArchiveRef(file=path.name, record_id=record_id),
        date=date,
        url=headers.get_header("WARC-Target-URI") or "",
        status=status,
        headers=response_headers,
        body=b"" if problems else body,
        error=f"damaged WARC record in {path.name}: {'; '.join(problems)}" if problems else None,
    )


def _status(code: object) -> int | None:
    text = str(code or "")
    if len(text) != 3 or not text.isdigit() or not 100 <= int(text) <= 599:
        return None
    return int(text)


def _read_body(record, max_body: int) -> tuple[bytes, str | None]:
    """The record's payload, checked against its length and digests, or a problem."""
    stream = record.raw_stream
    if record.length is None:
        return b"", "no Content-Length"
    if record.payload_length is not None and record.payload_length > max_body:
        return b"", f"record larger than the {max_body // (1024 * 1024)} MB limit"
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > max_body:
                return b"", f"record larger than the {max_body // (1024 * 1024)} MB limit"
            chunks.append(chunk)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        return b"", f"unreadable body ({type(exc).__name__})"
    missing = getattr(stream, "limit", 0)
    if missing:
        return b"", f"truncated: {missing:,} of its {record.length:,} bytes are missing"
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.problems:
        return b"", "digest mismatch (" + "; ".join(checker.problems)[:200] + ")"
    return b"".join(chunks), None


def archive_files(directory: Path) -> list[Path]:
    """The WARC files of an archive folder, oldest run first (names start with the time)."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"*{SUFFIX}"))


def latest_by_url(responses: Iterable[ArchivedResponse]) -> dict[str, ArchivedResponse]:
    """The last capture of each URL: later WARC-Date wins, then later position.

    A damaged record of a URL wins over every other capture of it in the same files:
    which capture was the last good one cannot be told, so that source fails."""
    latest: dict[str, ArchivedResponse] = {}
    for response in responses:
        seen = latest.get(response.url)
        if seen is not None and seen.error is not None:
            continue
        if seen is None or response.error is not None or response.date >= seen.date:
            latest[response.url] = response
    return latest


def follow_redirects(url: str, captures: dict[str, ArchivedResponse]) -> ArchivedResponse | None:
    """The response a crawler following redirects would have ended on, or None."""
    for _ in range(MAX_REDIRECTS + 1):
        response = captures.get(url)
        if response is None:
            return None
        location = response.header("Location")
        if response.error is not None or response.status not in REDIRECT_STATUSES or not location:
            return response
        try:
            url = safe_url_string(urljoin(url, location))
        except ValueError:  # a Location no browser could follow either
            return None
    return None
