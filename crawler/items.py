"""The one item the spider yields per source, filled in step by step by the pipelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from policykb.content.models import ArchiveRef
from policykb.ingest.extract import Extraction


@dataclass
class SourceItem:
    source_id: str
    url: str
    final_url: str | None = None
    http_status: int | None = None
    bytes: int | None = None
    content_type: str | None = None
    body: bytes | None = None  # content-encoding undone
    capture: ArchiveRef | None = None  # where the response is archived
    captured: datetime | None = None  # and when (its WARC-Date)
    extraction: Extraction | None = None
    error: str | None = None  # set: the source failed
    status: str | None = None  # ok | unchanged | changed | failed, set by the record step
