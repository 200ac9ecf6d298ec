"""The library's metadata as CSV, JSON and an Atom feed of new and changed documents.

Facts only: registry facts, capture facts, topics and tips — never the texts themselves.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from policykb.content.corpus import CorpusDocument
from policykb.content.models import RegistryEntry
from policykb.content.taxonomy import Taxonomy

COLUMNS = [
    "id", "title", "organization", "sector", "country", "language", "doc_type", "url",
    "audience", "status", "topics", "tips", "fetched", "final_url", "retrieved",
    "content_sha256", "word_count", "versions", "duplicate_of", "nlrb_flags",
]  # fmt: skip


@dataclass(frozen=True)
class LibraryRecord:
    entry: RegistryEntry
    document: CorpusDocument | None
    topics: list[str]
    tips: list[int]

    def as_dict(self) -> dict:
        entry, front = self.entry, self.document.front if self.document else None
        return {
            "id": entry.id,
            "title": entry.title,
            "organization": entry.organization,
            "sector": entry.sector,
            "country": entry.country,
            "language": entry.language,
            "doc_type": entry.doc_type,
            "url": entry.url,
            "audience": entry.audience,
            "status": entry.status,
            "topics": self.topics,
            "tips": self.tips,
            "fetched": front is not None,
            "final_url": front.final_url if front else None,
            "retrieved": front.retrieved.isoformat() if front else None,
            "content_sha256": front.content_sha256 if front else None,
            "word_count": front.word_count if front else None,
            "versions": len(front.versions) if front else 0,
            "duplicate_of": front.duplicate_of if front else None,
            "nlrb_flags": sorted({f.rule for f in front.nlrb_flags}) if front else [],
        }


def library_records(
    entries: dict[str, RegistryEntry], documents: dict[str, CorpusDocument], taxonomy: Taxonomy
) -> list[LibraryRecord]:
    records = []
    for doc_id in sorted(entries):
        document = documents.get(doc_id)
        topics = list(document.front.topics) if document else list(entries[doc_id].topics)
        tips = list(document.front.tips) if document and document.front.tips else []
        records.append(
            LibraryRecord(
                entries[doc_id], document, topics, tips or taxonomy.tips_for_topics(topics)
            )
        )
    return records


def to_json(records: Iterable[LibraryRecord]) -> str:
    return json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=1) + "\n"


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert as OWASP advises:
    a single quote in front. Numbers are left alone."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    # A lone CR is not quoted by the csv module (our line ending is LF): make it LF,
    # which is, so the file stays valid CSV.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(records: Iterable[LibraryRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = record.as_dict()
        for key in ("topics", "tips", "nlrb_flags"):
            row[key] = ";".join(str(v) for v in row[key])
        row["fetched"] = "yes" if row["fetched"] else "no"
        writer.writerow({k: "" if row[k] is None else spreadsheet_safe(row[k]) for k in COLUMNS})
    return buffer.getvalue()


# Characters XML 1.0 does not allow at all, even escaped.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value: object) -> str:
    """Text XML can carry: the characters XML 1.0 forbids even escaped are dropped (the
    feed library escapes the rest and refuses these)."""
    return _NOT_XML.sub("", str(value))


FEED_TITLE = "policykb: new and changed social media policies"
FEED_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # `updated` of a feed with no entries


def feed_changes(records: Iterable[LibraryRecord]) -> list[tuple[datetime, str, LibraryRecord]]:
    """(when, "Added" or "Changed", record) for every fetched document, newest first."""
    changes = []
    for record in records:
        if record.document is None:
            continue
        front = record.document.front
        versions = front.versions or []
        updated = versions[-1].retrieved if versions else front.retrieved
        what = "Changed" if len(versions) > 1 else "Added"
        changes.append((updated, what, record))
    changes.sort(key=lambda c: (c[0], c[2].entry.id), reverse=True)
    return changes


def atom_feed(records: Iterable[LibraryRecord], base_url: str, limit: int = 100) -> str:
    """New and changed documents, newest first, as Atom (written by feedgen); links are
    relative to `base_url`. The same records give the same bytes (no clock is read)."""
    changes = feed_changes(records)
    feed = FeedGenerator()
    feed.id(xml_safe(base_url + "feed.xml"))
    feed.title(FEED_TITLE)
    feed.link(href=xml_safe(base_url + "feed.xml"), rel="self")
    feed.link(href=xml_safe(base_url + "library.html"), rel="alternate")
    feed.author({"name": "policykb"})
    feed.generator("policykb")
    feed.updated(changes[0][0] if changes else FEED_EPOCH)
    for updated, what, record in changes[:limit]:
        entry = record.entry
        link = xml_safe(f"{base_url}policies/{entry.id}.html")
        item = feed.add_entry(order="append")
        item.id(f"{link}#{xml_safe(record.document.front.content_sha256[:16])}")
        item.title(xml_safe(f"{what}: {entry.organization}: {entry.title}"))
        item.link(href=link)
        item.updated(updated)
        item.summary(xml_safe(f"{what} on {updated:%Y-%m-%d}. Original: {entry.url}"))
    return feed.atom_str(pretty=True).decode("utf-8")
