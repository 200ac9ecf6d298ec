"""Collect one report row per source and write the crawl report when the spider closes."""

from __future__ import annotations

import logging
from pathlib import Path

from crawler.items import SourceItem
from policykb.ingest.record import ReportRow, summary_line, write_report

logger = logging.getLogger(__name__)


class ReportPipeline:
    def __init__(self, crawler, path: Path, replay: bool):
        self.crawler = crawler
        self.path = path
        self.replay = replay
        self.rows: dict[str, ReportRow] = {}
        self.entries = []

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        replay = bool(settings.getlist("POLICYKB_REPLAY"))
        return cls(crawler, Path(settings["POLICYKB_REPORT"]), replay)

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.entries = list(spider.entries)

    def process_item(self, item: SourceItem, spider=None) -> SourceItem:
        self.rows[item.source_id] = ReportRow(
            id=item.source_id,
            url=item.url,
            status=item.status or "failed",
            http_status=item.http_status,
            bytes=item.bytes,
            final_url=item.final_url,
            page_title=item.extraction.title if item.extraction else None,
            error=item.error,
        )
        return item

    def close_spider(self, spider=None):
        for entry in self.entries:  # a source that produced no item at all still fails
            self.rows.setdefault(
                entry.id, ReportRow(entry.id, entry.url, "failed", error="no response")
            )
        rows = list(self.rows.values())
        write_report(self.path, rows, replay=self.replay)
        logger.info(summary_line(rows, self.path))
