"""Fold each extracted source into its corpus document; mark near-duplicates at the end."""

from __future__ import annotations

from pathlib import Path

from crawler.items import SourceItem
from crawler.pipelines.extract import capture_of
from policykb.content.corpus import write_corpus_document
from policykb.content.errors import UserError
from policykb.content.taxonomy import load_taxonomy
from policykb.ingest.dedupe import mark_duplicates
from policykb.ingest.record import fold, previous_document


class RecordPipeline:
    def __init__(self, crawler, corpus_dir: Path, taxonomy_path: Path):
        self.crawler = crawler
        self.corpus_dir = corpus_dir
        self.taxonomy = load_taxonomy(taxonomy_path)
        self.entries = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler, Path(settings["POLICYKB_CORPUS_DIR"]), Path(settings["POLICYKB_TAXONOMY"])
        )

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.entries = {entry.id: entry for entry in spider.entries}

    def process_item(self, item: SourceItem, spider=None) -> SourceItem:
        if item.error is not None:
            item.status = "failed"
            return item
        entry = self.entries[item.source_id]
        try:
            previous = previous_document(self.corpus_dir, entry.id)
        except UserError as exc:
            item.status, item.error = "failed", str(exc)
            return item
        front, body, item.status = fold(
            entry, capture_of(item), item.extraction, previous, self.taxonomy
        )
        write_corpus_document(self.corpus_dir, front, body)
        return item

    def close_spider(self, spider=None):
        if self.corpus_dir.is_dir():
            mark_duplicates(self.corpus_dir)
