"""The `sources` spider: one request per registry entry, one item per source.

`parse` only assembles the item from the response; a failure of any kind (robots.txt,
HTTP error, timeout, oversized body) becomes an item with a named error instead.
"""

from __future__ import annotations

from pathlib import Path

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.archive import CAPTURE_META
from crawler.items import SourceItem
from crawler.replay import DamagedRecord
from policykb import __version__
from policykb.content.models import RegistryEntry
from policykb.ingest.record import select_entries

SOURCE_META = "policykb_source"


def user_agent(contact_url: str) -> str:
    return f"policykb/{__version__} (+{contact_url})"


class SourcesSpider(scrapy.Spider):
    name = "sources"

    def __init__(self, entries: list[RegistryEntry] | None = None, source: str = "", **kwargs):
        super().__init__(**kwargs)
        self._entries = entries
        self._source_ids = [s for s in source.split(",") if s]  # `scrapy crawl -a source=a,b`

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        if not settings.get("USER_AGENT"):
            settings.set("USER_AGENT", user_agent(settings["POLICYKB_CONTACT_URL"]), "spider")

    @property
    def entries(self) -> list[RegistryEntry]:
        if self._entries is None:
            ids = self._source_ids or self.settings.getlist("POLICYKB_SOURCE_IDS")
            self._entries = select_entries(Path(self.settings["POLICYKB_SOURCES_DIR"]), ids)
        return self._entries

    async def start(self):
        for entry in self.entries:
            yield scrapy.Request(
                entry.url,
                callback=self.parse,
                errback=self.on_error,
                dont_filter=True,  # two entries may share a URL; each gets its item
                meta={SOURCE_META: entry.id},
            )

    def parse(self, response):
        item = SourceItem(
            source_id=response.meta[SOURCE_META],
            url=_first_url(response.request),
            final_url=response.url,
            http_status=response.status,
            bytes=len(response.body),
            content_type=_content_type(response.headers),
            body=response.body,
        )
        if CAPTURE_META in response.meta:
            item.capture, item.captured = response.meta[CAPTURE_META]
        # Scrapy undid every coding it knows; one left over (e.g. `compress`) means the
        # body is still encoded, and its bytes are not the document.
        left = _content_encoding(response.headers)
        if left:
            item.error = f"unsupported Content-Encoding {left[:40]!r}"
        return item

    def on_error(self, failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        return SourceItem(
            source_id=request.meta[SOURCE_META],
            url=_first_url(request),
            final_url=response.url if response is not None else None,
            http_status=response.status if response is not None else None,
            bytes=len(response.body) if response is not None else None,
            error=describe_failure(failure.value, self.settings),
        )


def _first_url(request) -> str:
    return (request.meta.get("redirect_urls") or [request.url])[0]


def _content_type(headers) -> str | None:
    value = headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


def _content_encoding(headers) -> str:
    values = b",".join(headers.getlist(b"Content-Encoding")).decode("latin-1")
    codings = [c.strip().lower() for c in values.split(",") if c.strip()]
    return ", ".join(c for c in codings if c != "identity")


def describe_failure(exc: BaseException, settings) -> str:
    """A short, named reason for the report."""
    name = type(exc).__name__
    if isinstance(exc, DamagedRecord):
        return str(exc)
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in str(exc):
            return "robots.txt disallows this URL"
        return f"request dropped: {exc}"
    if name == "DownloadTimeoutError" or name.endswith("TimeoutError"):
        return f"timed out after {settings.getfloat('DOWNLOAD_TIMEOUT'):g} s"
    if name == "DownloadCancelledError" and "max size" in str(exc):
        return (
            f"response larger than the download limit ({settings.getint('DOWNLOAD_MAXSIZE')} bytes)"
        )
    return f"{name}: {exc}" if str(exc) else name
