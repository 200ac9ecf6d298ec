"""The exporters: whatever the facts hold, the feed is valid XML, the CSV parses with no
cell a spreadsheet would run, and each value comes back as it went in (escaped text
round-trips)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from fuzz_strategies import hostile_text
from hypothesis import given
from hypothesis import strategies as st

from policykb.content.corpus import CorpusDocument
from policykb.content.models import ArchiveRef, CorpusFrontMatter, RegistryEntry, Version
from policykb.site.export import FORMULA_STARTS, LibraryRecord, atom_feed, to_csv, to_json

ATOM = {"a": "http://www.w3.org/2005/Atom"}
# XML 1.0 cannot carry these at all, so the feed leaves them out.
NOT_XML = {chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}


def record(title: str, organization: str, fetched: bool) -> LibraryRecord:
    facts = dict(
        id="kea-point-rowing-club", title=title, organization=organization, sector="nonprofit",
        country="NZ", language="en", doc_type="guidelines", url="https://kea.example/x",
    )  # fmt: skip
    # model_construct: values that validation refuses must not break the writers either.
    entry = RegistryEntry.model_construct(**facts, topics=[], status="active", audience=None)
    if not fetched:
        return LibraryRecord(entry, None, [], [])
    when = datetime(2026, 3, 1, tzinfo=UTC)
    front = CorpusFrontMatter.model_construct(
        **facts, topics=[], status="active", audience=None, final_url=facts["url"],
        retrieved=when, content_sha256="b" * 64, archive=ArchiveRef(file="x", record_id="y"),
        word_count=3, tips=[], nlrb_flags=[], duplicate_of=None,
        versions=[Version(retrieved=when, content_sha256="b" * 64)],
    )  # fmt: skip
    return LibraryRecord(entry, CorpusDocument(Path("x.md"), front, "", 1), [], [])


texts = st.one_of(hostile_text, st.text(st.characters(codec="utf-8"), max_size=60))


@given(texts, texts)
def test_the_feed_is_valid_xml_and_keeps_the_text(title, organization):
    feed = atom_feed([record(title, organization, fetched=True)], "https://policykb.example/")
    root = ElementTree.fromstring(feed.encode("utf-8"))
    shown = root.find("a:entry/a:title", ATOM).text or ""
    expected = f"Added: {organization}: {title}"
    kept = "".join(c for c in expected if c not in NOT_XML)
    assert shown == kept  # exactly: a carriage return is written as a reference


@given(texts, texts, st.booleans())
def test_csv_cells_round_trip_and_never_start_a_formula(title, organization, fetched):
    text = to_csv([record(title, organization, fetched)])
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    for column, value in (("title", title), ("organization", organization)):
        cell = row[column]
        assert not cell.startswith(FORMULA_STARTS)
        original = value.replace("\r\n", "\n").replace("\r", "\n")
        assert cell == ("'" + original if value.startswith(FORMULA_STARTS) else original)


@given(texts, texts, st.booleans())
def test_json_round_trips(title, organization, fetched):
    (item,) = json.loads(to_json([record(title, organization, fetched)]))
    assert item["title"] == title and item["organization"] == organization
