"""Extract the text of each fetched source; an unreadable document fails that source only."""

from __future__ import annotations

from crawler.items import SourceItem
from policykb.ingest.extract import ExtractionError
from policykb.ingest.record import Capture, extract_capture


class ExtractPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.entries = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.entries = {entry.id: entry for entry in spider.entries}

    def process_item(self, item: SourceItem, spider=None) -> SourceItem:
        if item.error is None:
            try:
                item.extraction = extract_capture(self.entries[item.source_id], capture_of(item))
            except ExtractionError as exc:
                item.error = str(exc)
        return item


def capture_of(item: SourceItem) -> Capture:
    return Capture(item.final_url, item.content_type, item.body, item.capture, item.captured)
