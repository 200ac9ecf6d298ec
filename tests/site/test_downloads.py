"""`policykb export` and the site's downloads: facts only, every document, parseable."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE_FIXTURES = REPO / "tests" / "site"


def export(fmt: str, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "policykb", "export", "--format", fmt,
               "--sources-dir", str(SITE_FIXTURES / "sources"),
               "--corpus-dir", str(SITE_FIXTURES / "corpus"), *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)


def test_export_json_has_every_document_with_capture_facts():
    result = export("json")
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(records) == {p.stem for p in (SITE_FIXTURES / "sources").glob("*.yaml")}
    harbourview = records["harbourview-council-social-media-policy"]
    assert harbourview["fetched"] is True
    assert harbourview["versions"] == 2
    assert "public-comments-moderation" in harbourview["topics"]
    assert 4 in harbourview["tips"]


def test_export_csv_to_file(tmp_path):
    out = tmp_path / "library.csv"
    result = export("csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 3
    northwind = next(r for r in rows if r["id"] == "northwind-health-staff-guidelines")
    assert northwind["sector"] == "healthcare"
    assert "confidentiality" in northwind["topics"].split(";")


def test_export_reports_bad_registry_without_traceback(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    command = [sys.executable, "-m", "policykb", "export", "--format", "json",
               "--sources-dir", str(tmp_path), "--corpus-dir", str(tmp_path / "none")]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    assert "broken.yaml:2: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_downloads_and_feed(site):
    rows = list(csv.DictReader(io.StringIO((site / "library.csv").read_text(encoding="utf-8"))))
    assert len(rows) >= 150
    records = json.loads((site / "library.json").read_text(encoding="utf-8"))
    assert len(records) == len(rows)
    feed = ElementTree.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0].startswith("Added: Lumen Hogeschool")  # the newest capture first
    assert "Changed: Harbourview Borough Council: Social Media Policy" in titles


def test_site_carries_its_corpus_and_a_fresh_clone_can_fetch_it(site, tmp_path):
    """`make html` puts corpus.tar.gz and its SHA-256 manifest in the site; `policykb corpus
    fetch` brings exactly the site's documents back from it (served on 127.0.0.1)."""
    import hashlib

    from site_build import serve_directory

    bundle = (site / "corpus.tar.gz").read_bytes()
    digest = hashlib.sha256(bundle).hexdigest()
    assert (site / "corpus.tar.gz.sha256").read_text() == f"{digest}  corpus.tar.gz\n"
    corpus = tmp_path / "clone" / "content" / "corpus"
    with serve_directory(site) as url:
        command = [sys.executable, "-m", "policykb", "corpus", "fetch",
                   "--url", f"{url}/corpus.tar.gz", "--corpus-dir", str(corpus)]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    fixtures = sorted((SITE_FIXTURES / "corpus").glob("*.md"))
    assert sorted(p.name for p in corpus.iterdir()) == [p.name for p in fixtures]
    for path in fixtures:
        assert (corpus / path.name).read_bytes() == path.read_bytes()


# --- issue 8: hostile values in the downloads, and bad output paths --------------------


def hostile_record(title: str, organization: str = "Quayside Arts Trust"):
    from datetime import UTC, datetime

    from policykb.content.corpus import CorpusDocument
    from policykb.content.models import ArchiveRef, CorpusFrontMatter, RegistryEntry, Version
    from policykb.site.export import LibraryRecord

    facts = dict(
        id="quayside-arts-trust", title=title, organization=organization, sector="nonprofit",
        country="GB", language="en", doc_type="policy", url="https://quayside.example/policy",
    )  # fmt: skip
    # model_construct: the values validation would refuse still reach the writers here.
    entry = RegistryEntry.model_construct(**facts, topics=[], status="active")
    when = datetime(2026, 3, 1, tzinfo=UTC)
    front = CorpusFrontMatter.model_construct(
        **facts, topics=[], status="active", final_url=facts["url"], retrieved=when,
        content_sha256="a" * 64, archive=ArchiveRef(file="x.warc.gz", record_id="<urn:x>"),
        word_count=10, tips=[], nlrb_flags=[], duplicate_of=None,
        versions=[Version(retrieved=when, content_sha256="a" * 64)],
    )  # fmt: skip
    document = CorpusDocument(Path("quayside-arts-trust.md"), front, "Text.\n", 20)
    return LibraryRecord(entry, document, [], [])


def test_a_control_character_in_a_title_keeps_the_feed_valid_xml():
    from policykb.site.export import atom_feed

    feed = atom_feed([hostile_record("Rules\x07 for\x00 posting \ufffe<b>now</b>")], "")
    root = ElementTree.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    title = root.find("a:entry/a:title", ns).text
    assert title == "Added: Quayside Arts Trust: Rules for posting <b>now</b>"


def test_the_feed_is_valid_atom_and_a_hostile_title_stays_text():
    """RFC 4287's required elements, RFC 3339 dates, and markup in a title kept as text."""
    from datetime import datetime

    from policykb.site.export import atom_feed

    hostile = '<script>alert(1)</script> & <img src=x onerror=alert(2)> ]]> "quoted"'
    records = [hostile_record(hostile, organization="<b>Quayside</b>")]
    feed = atom_feed(records, "https://policykb.example/")
    assert feed == atom_feed(records, "https://policykb.example/")  # no clock inside
    root = ElementTree.fromstring(feed.encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"a:{name}", ns)) == 1, name
    assert root.findtext("a:author/a:name", namespaces=ns) == "policykb"
    assert root.find("a:link[@rel='self']", ns).get("href") == "https://policykb.example/feed.xml"
    (entry,) = root.findall("a:entry", ns)
    for name in ("id", "title", "updated", "summary"):
        assert len(entry.findall(f"a:{name}", ns)) == 1, name
    assert entry.find("a:link", ns).get("href").endswith("/policies/quayside-arts-trust.html")
    for stamp in (
        root.findtext("a:updated", namespaces=ns),
        entry.findtext("a:updated", namespaces=ns),
    ):
        assert datetime.fromisoformat(stamp).tzinfo is not None
    assert entry.findtext("a:title", namespaces=ns) == f"Added: <b>Quayside</b>: {hostile}"
    assert not [e for e in root.iter() if not e.tag.startswith("{http://www.w3.org/2005/Atom}")]
    assert "<script>" not in feed and "&lt;script&gt;" in feed


@pytest.mark.parametrize(
    "formula",
    ['=HYPERLINK("http://evil.example","Click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
     "@SUM(A1:A2)", "\t=1+1", "\r=1+1"],
)  # fmt: skip
def test_csv_cells_never_start_a_formula(formula):
    from policykb.site.export import to_csv

    text = to_csv([hostile_record(formula, organization=formula)])
    (row,) = list(csv.DictReader(io.StringIO(text)))
    expected = "'" + formula.replace("\r", "\n")
    assert row["title"] == expected and row["organization"] == expected
    assert row["id"] == "quayside-arts-trust" and row["word_count"] == "10"


@pytest.mark.parametrize("target", ["directory", "under-a-file"])
def test_export_to_a_path_it_cannot_write_is_a_message(tmp_path, target):
    if target == "directory":
        out, expected = tmp_path, "is a directory, not a regular file"
    else:
        (tmp_path / "plain-file").write_text("x")
        out, expected = tmp_path / "plain-file" / "library.csv", "cannot write"
    result = export("csv", "-o", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr and str(out) in result.stderr
