"""Downloader middleware: serve responses from WARC files instead of the network.

Enabled by the POLICYKB_REPLAY setting (`policykb crawl --replay FILE`). Each URL gets its
latest archived response; a URL the archives do not hold is a 404, so a missing robots.txt
allows everything, as it would on the web. A damaged record (truncated, failing its digest,
bad date or status line) fails the request with `DamagedRecord`: that source fails and its
last good corpus version stays.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from crawler.archive import CAPTURE_META
from policykb.ingest.archive import ArchivedResponse, latest_by_url, read_archive


class DamagedRecord(IgnoreRequest):
    """The archived response for this URL is damaged; the message says how."""


class ReplayMiddleware:
    def __init__(self, captures: dict[str, ArchivedResponse]):
        self.captures = captures

    @classmethod
    def from_crawler(cls, crawler):
        paths = crawler.settings.getlist("POLICYKB_REPLAY")
        if not paths:
            raise NotConfigured("no archives to replay")
        return cls(latest_by_url(r for path in paths for r in read_archive(Path(path))))

    def process_request(self, request, spider=None):
        capture = self.captures.get(request.url)
        if capture is None:
            return responsetypes.from_args(url=request.url)(
                url=request.url, status=404, body=b"", request=request, flags=["replay-missing"]
            )
        if capture.error is not None:
            raise DamagedRecord(capture.error)
        request.meta[CAPTURE_META] = (capture.ref, capture.date)
        grouped: dict[str, list[str]] = {}
        for name, value in capture.headers:
            grouped.setdefault(name, []).append(value)
        headers = Headers(grouped)
        response_class = responsetypes.from_args(
            headers=headers, url=request.url, body=capture.body
        )
        return response_class(
            url=request.url,
            status=capture.status,
            headers=headers,
            body=capture.body,
            request=request,
            flags=["replay"],
        )
