"""Downloader middleware: every HTTP exchange goes into this run's WARC file.

It sits nearest the network, so it sees robots.txt, redirects and error responses as
served (before decompression and redirect handling). Where each response is archived and
when, `(ArchiveRef, datetime)`, is left in `request.meta["policykb_capture"]` for the item
pipelines.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

from policykb.ingest.archive import ArchiveWriter, new_archive_name

CAPTURE_META = "policykb_capture"


def header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy headers as (name, value) text pairs, each repeated value separately."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class ArchiveMiddleware:
    def __init__(self, directory: Path, user_agent: str):
        self.writer = ArchiveWriter(
            directory,
            new_archive_name(datetime.now(UTC)),
            {
                "software": f"policykb (Scrapy {scrapy.__version__})",
                "http-header-user-agent": user_agent,
                "robots": "obey",
            },
        )

    @classmethod
    def from_crawler(cls, crawler):
        if crawler.settings.getlist("POLICYKB_REPLAY"):
            raise NotConfigured("replaying archived responses: nothing new to archive")
        middleware = cls(
            Path(crawler.settings["POLICYKB_ARCHIVE_DIR"]), crawler.settings["USER_AGENT"] or ""
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response, spider=None):
        request.meta[CAPTURE_META] = self.writer.write(
            url=request.url,
            method=request.method,
            request_headers=header_pairs(request.headers),
            status=response.status,
            response_headers=header_pairs(response.headers),
            body=response.body,
            protocol=response.protocol or "HTTP/1.1",
        )
        return response

    def spider_closed(self, spider=None):
        self.writer.close()
