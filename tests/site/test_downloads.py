"""`policykb export` and the site's downloads: facts only, every document, parseable."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

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
