"""`policykb validate`: the real registry passes; each kind of broken entry is named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykb.cli import main

REPO = Path(__file__).resolve().parents[2]
TAXONOMY = REPO / "content" / "taxonomy.yaml"

GOOD = """\
id: {id}
title: Social Media Guidelines
organization: Brightwater Rowing Club
sector: nonprofit
country: NZ
language: en
doc_type: guidelines
url: https://brightwater.example/social-media
"""


def run_validate(sources: Path, corpus: Path | None = None) -> subprocess.CompletedProcess:
    corpus = corpus or sources / "no-corpus"
    command = [sys.executable, "-m", "policykb", "validate", "--sources-dir", str(sources),
               "--corpus-dir", str(corpus), "--taxonomy", str(TAXONOMY)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)


def test_the_real_registry_validates():
    result = run_validate(REPO / "content" / "sources")
    assert result.returncode == 0, result.stderr
    count = len(list((REPO / "content" / "sources").glob("*.yaml")))
    assert count >= 150
    assert f"ok: {count} registry entries" in result.stdout


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


BROKEN = {
    "unknown-key": (GOOD + "colour: blue\n", 9, "unknown key 'colour'"),
    "bad-sector": (
        GOOD.replace("sector: nonprofit", "sector: charity"),
        4,
        "sector: 'charity' is not allowed",
    ),
    "bad-doc-type": (
        GOOD.replace("doc_type: guidelines", "doc_type: memo"),
        7,
        "doc_type: 'memo' is not allowed",
    ),
    "bad-url": (
        GOOD.replace("https://brightwater.example/social-media", "brightwater dot example"),
        8,
        "url:",
    ),
    "bad-country": (GOOD.replace("country: NZ", "country: New Zealand"), 5, "country:"),
    "bad-language": (GOOD.replace("language: en", "language: English"), 6, "language:"),
    "missing-title": (
        GOOD.replace("title: Social Media Guidelines\n", ""),
        1,
        "missing required key 'title'",
    ),
    "unknown-topic": (
        GOOD + "topics:\n  - confidentiality\n  - gossip\n",
        11,
        "unknown topic 'gossip'",
    ),
    "bad-selector": (GOOD + "select: 'main >> .body['\n", 9, "is not a valid CSS selector"),
    "malformed-yaml": (GOOD + "summary: [unclosed\n", 10, "malformed YAML"),
    "not-a-mapping": ("- just\n- a list\n", 1, "expected a mapping"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_entry_is_reported_with_file_and_line(tmp_path, kind):
    text, line, message = BROKEN[kind]
    write(tmp_path, "brightwater-rowing-club.yaml", text.format(id="brightwater-rowing-club"))
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = f"{tmp_path / 'brightwater-rowing-club.yaml'}:{line}: "
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(expected)]
    assert any(message in ln for ln in lines), result.stderr


def test_id_must_equal_file_name(tmp_path):
    write(tmp_path, "brightwater.yaml", GOOD.format(id="brightwater-rowing-club"))
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert (
        f"{tmp_path / 'brightwater.yaml'}:1: id 'brightwater-rowing-club' differs from the file name"
        in result.stderr
    )


def test_duplicate_ids_are_rejected(tmp_path):
    write(tmp_path, "brightwater-rowing-club.yaml", GOOD.format(id="brightwater-rowing-club"))
    write(tmp_path, "brightwater-rowing-club.yml", GOOD.format(id="brightwater-rowing-club"))
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert "duplicate id 'brightwater-rowing-club'" in result.stderr


def test_ids_must_be_kebab_case(tmp_path):
    write(tmp_path, "Brightwater_Club.yaml", GOOD.format(id="Brightwater_Club"))
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert ":1: id: 'Brightwater_Club' is not a kebab-case id" in result.stderr


def test_corpus_front_matter_is_validated(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    write(sources, "brightwater-rowing-club.yaml", GOOD.format(id="brightwater-rowing-club"))
    write(
        corpus,
        "brightwater-rowing-club.md",
        "---\n" + GOOD.format(id="brightwater-rowing-club") + "---\nText.\n",
    )
    result = run_validate(sources, corpus)
    assert result.returncode == 1
    assert (
        f"{corpus / 'brightwater-rowing-club.md'}:2: missing required key 'final_url'"
        in result.stderr
    )
    write(corpus, "brightwater-rowing-club.md", "no front matter here\n")
    result = run_validate(sources, corpus)
    assert "missing YAML front matter" in result.stderr


def test_corpus_document_without_registry_entry(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    sources.mkdir()
    fixture = REPO / "tests" / "site" / "corpus" / "lumen-hogeschool-richtlijn.md"
    write(corpus, fixture.name, fixture.read_text(encoding="utf-8"))
    result = run_validate(sources, corpus)
    assert result.returncode == 1
    assert "no registry entry 'lumen-hogeschool-richtlijn'" in result.stderr


def test_missing_registry_directory_is_an_error_not_a_traceback(tmp_path, capsys):
    code = main(["validate", "--sources-dir", str(tmp_path / "nope"), "--taxonomy", str(TAXONOMY)])
    assert code == 1
    assert "registry directory not found" in capsys.readouterr().err
