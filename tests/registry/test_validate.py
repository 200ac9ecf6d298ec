"""`policykb validate`: the real registry passes; each kind of broken entry is named."""

from __future__ import annotations

import os
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
    # Issue 8: hostile values are problems with a line, never tracebacks or hangs.
    "impossible-date": (GOOD + "summary: 2024-02-30\n", 9, "invalid date '2024-02-30'"),
    "huge-number": (GOOD + "notes: " + "9" * 20000 + "\n", 9, "number too long"),
    "duplicate-key": (
        GOOD + "title: Another title\n",
        9,
        "duplicate key 'title' (first on line 2)",
    ),
    "alias-bomb": (
        GOOD.replace("sector: nonprofit\n", "")
        + "".join(
            f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}" if n else "lol"] * 9) + "]\n"
            for n in range(10)
        )
        + "sector: *l9\n",
        13,  # l5: the first list past 100,000 values
        "aliases expand this document past",
    ),
    "alias-cycle": (GOOD + "notes: &loop [*loop]\n", 9, "an alias refers to its own anchor"),
    "huge-title": (
        GOOD.replace("title: Social Media Guidelines", "title: " + "x" * 20000),
        2,
        "title: too long (20,000 characters; the limit is 500)",
    ),
    "control-character": (
        GOOD.replace("title: Social Media Guidelines", 'title: "Social\\x1bMedia"'),
        2,
        "title: contains a control character (U+001B)",
    ),
    "long-selector": (GOOD + "select: '" + "main " * 200 + "'\n", 9, "select: too long"),
    "deep-selector": (
        GOOD + "remove: '" + ":is(" * 100 + "a" + ")" * 100 + "'\n",
        9,
        "remove: too long",
    ),
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


def test_a_deeply_nested_selector_is_a_message_not_a_recursion_error():
    from policykb.content.models import _check_css

    with pytest.raises(ValueError, match="nested too deeply"):
        _check_css(":is(" * 2000 + "a" + ")" * 2000)


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    # Nine levels of nine: 387 million values once expanded; the old code hung here.
    text, _, _ = BROKEN["alias-bomb"]
    write(tmp_path, "brightwater-rowing-club.yaml", text.format(id="brightwater-rowing-club"))
    result = subprocess.run(
        [sys.executable, "-m", "policykb", "validate", "--sources-dir", str(tmp_path),
         "--corpus-dir", str(tmp_path / "none"), "--taxonomy", str(TAXONOMY)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert len(result.stderr) < 2000


def special_files(directory: Path, suffix: str) -> dict[str, str]:
    """A symlink to /dev/zero, a FIFO, a directory and a symlink out of the folder."""
    directory.mkdir(parents=True, exist_ok=True)
    outside = directory.parent / f"outside{suffix}"
    outside.write_text(GOOD.format(id="outside"), encoding="utf-8")
    (directory / f"zero-device{suffix}").symlink_to("/dev/zero")
    os.mkfifo(directory / f"a-fifo{suffix}")
    (directory / f"a-folder{suffix}").mkdir()
    (directory / f"escapes{suffix}").symlink_to(outside)
    return {
        f"zero-device{suffix}": "is a symbolic link that leads outside",
        f"a-fifo{suffix}": "is a named pipe (FIFO), not a regular file",
        f"a-folder{suffix}": "is a directory, not a regular file",
        f"escapes{suffix}": "is a symbolic link that leads outside",
    }


@pytest.mark.parametrize("where", ["sources", "corpus"])
def test_special_files_are_refused_without_hanging(tmp_path, where):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    write(sources, "brightwater-rowing-club.yaml", GOOD.format(id="brightwater-rowing-club"))
    corpus.mkdir()
    expected = special_files(sources if where == "sources" else corpus,
                             ".yaml" if where == "sources" else ".md")  # fmt: skip
    command = [sys.executable, "-m", "policykb", "validate", "--sources-dir", str(sources),
               "--corpus-dir", str(corpus), "--taxonomy", str(TAXONOMY)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    folder = sources if where == "sources" else corpus
    for name, message in expected.items():
        assert f"{folder / name}:1: {message}" in result.stderr, result.stderr


def test_a_symlink_inside_the_registry_is_followed(tmp_path):
    sources = tmp_path / "sources"
    real = write(sources, "brightwater-rowing-club.yaml", GOOD.format(id="brightwater-rowing-club"))
    (sources / "harbour-rowing.yaml").symlink_to(real.name)
    result = run_validate(sources)
    assert "harbour-rowing.yaml:1: id 'brightwater-rowing-club' differs" in result.stderr


def test_an_oversized_corpus_file_is_refused(tmp_path):
    from policykb.content.corpus import MAX_DOCUMENT_BYTES

    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    write(sources, "brightwater-rowing-club.yaml", GOOD.format(id="brightwater-rowing-club"))
    corpus.mkdir()
    with (corpus / "brightwater-rowing-club.md").open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no disk space used
    result = run_validate(sources, corpus)
    assert result.returncode == 1
    assert (
        "brightwater-rowing-club.md:1: file is too large (20.0 MB; the limit is 20.0 MB)"
        in result.stderr
    )


def test_corpus_front_matter_date_errors_have_lines(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    fixture = REPO / "tests" / "site" / "corpus" / "lumen-hogeschool-richtlijn.md"
    text = fixture.read_text(encoding="utf-8").replace(
        "retrieved: 2026-11-03", "retrieved: 2024-02-30"
    )
    write(corpus, fixture.name, text)
    sources.mkdir()
    result = run_validate(sources, corpus)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = f"{corpus / fixture.name}:12: malformed YAML: invalid date '2024-02-30T08:00:00Z'"
    assert expected in result.stderr, result.stderr
