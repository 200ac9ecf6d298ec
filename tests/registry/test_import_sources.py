"""`policykb import-sources`: a table becomes registry entries; every bad row is a
`path:line: message` and nothing is written until the whole table is right (issue 8.4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEADER = "url\torganization\tsector\tcountry\tlanguage\tdoc_type\ttitle\ttopics\n"
ROW = "https://{host}/social-media\t{org}\tnonprofit\tnz\ten\tguidelines\tSocial Media Guidelines\tmonitoring\n"


def import_sources(table: Path, sources: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "policykb", "import-sources", str(table),
               "--sources-dir", str(sources)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)


def table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sources.tsv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_rows_become_entries_and_existing_urls_are_skipped(tmp_path):
    path = table(tmp_path, ROW.format(host="kea.example", org="Kea Point Rowing Club"))
    result = import_sources(path, tmp_path / "sources")
    assert result.returncode == 0, result.stderr
    entry = (
        tmp_path / "sources" / "kea-point-rowing-club-social-media-guidelines.yaml"
    ).read_text()
    assert "country: NZ" in entry and "monitoring-enforcement" in entry
    again = import_sources(path, tmp_path / "sources")
    assert "0 new entries" in again.stdout and "(1 already present)" in again.stdout


def test_bad_sector_and_url_are_reported_with_their_line_and_nothing_is_written(tmp_path):
    good = ROW.format(host="kea.example", org="Kea Point Rowing Club")
    bad_sector = ROW.format(host="tui.example", org="Tui Bay Choir").replace("nonprofit", "choir")
    bad_url = ROW.format(host="ruru example", org="Ruru Hill School")
    short = "https://moa.example/x\tMoa Valley Trust\n"
    path = table(tmp_path, good, bad_sector, bad_url, short)
    result = import_sources(path, tmp_path / "sources")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:3: sector: 'choir' is not allowed" in result.stderr
    assert f"{path}:4: url:" in result.stderr
    assert f"{path}:5: missing" not in result.stderr  # short row: empty values, not a crash
    assert f"{path}:5: sector:" in result.stderr
    assert not (tmp_path / "sources").exists() or not list((tmp_path / "sources").iterdir())


def test_a_non_utf8_table_is_a_message_with_its_line(tmp_path):
    path = tmp_path / "sources.tsv"
    row = ROW.format(host="kea.example", org="Kea Point Rowing Club")
    path.write_bytes((HEADER + row).encode() + "Caf\xe9 Society\n".encode("latin-1"))
    result = import_sources(path, tmp_path / "sources")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:3: not UTF-8 text" in result.stderr


def test_a_table_that_is_not_a_file_is_a_message(tmp_path):
    result = import_sources(tmp_path, tmp_path / "sources")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is a directory, not a regular file" in result.stderr


def test_a_broken_registry_is_reported_before_importing(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    path = table(tmp_path, ROW.format(host="kea.example", org="Kea Point Rowing Club"))
    result = import_sources(path, sources)
    assert result.returncode == 1
    assert "broken.yaml:2: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr
