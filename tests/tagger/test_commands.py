"""`policykb tag` and `policykb check`: JSON shapes, readable text, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykb.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tag_json(capsys, draft_file: Path):
    code, out, err = run(capsys, "tag", str(draft_file), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"topics", "tips", "paragraphs"}
    assert "personal-use" in data["topics"]
    first = data["paragraphs"][0]
    assert set(first) == {"index", "text", "topics", "matches"}
    assert first["index"] == 0


def test_tag_text_summary(capsys, draft_file: Path):
    code, out, _ = run(capsys, "tag", str(draft_file))
    assert code == 0
    assert "topics:" in out and "tips:" in out and "paragraphs with topics:" in out


def test_check_json(capsys, draft_file: Path):
    code, out, _ = run(capsys, "check", str(draft_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"topics", "tips", "flags"}
    assert {f["rule"] for f in data["flags"]} >= {"non-disparagement", "wage-discussion-ban"}


def test_check_text(capsys, draft_file: Path):
    code, out, _ = run(capsys, "check", str(draft_file))
    assert code == 0
    assert out.index("The ten tips") < out.index("Wording to review") < out.index("not legal")


def test_language_option(capsys, tmp_path: Path):
    path = tmp_path / "kort.md"
    path.write_text("Deel nooit je wachtwoord.\n", encoding="utf-8")
    code, out, _ = run(capsys, "tag", str(path), "--json", "--language", "nl")
    assert code == 0 and json.loads(out)["topics"] == ["security"]


@pytest.mark.parametrize("command", ["tag", "check"])
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "no such file"),
        ("junk.md", bytes(range(256)) * 64, "binary"),
        ("draft.odt", b"PK", "unsupported file type"),
        ("broken.pdf", b"%PDF-1.7 nothing", "PDF is corrupt or unreadable"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_1(capsys, tmp_path, command, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, command, str(path), "--json")
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err
    assert err.startswith(f"policykb {command}: ")


@pytest.mark.parametrize("command", ["tag", "check"])
def test_a_50_mb_file_is_refused(capsys, tmp_path, command):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run(capsys, command, str(big))
    assert code == 1 and "too large" in err


def test_an_empty_file_is_a_correct_empty_result(capsys, tmp_path: Path):
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    code, out, _ = run(capsys, "tag", str(empty), "--json")
    assert code == 0 and json.loads(out) == {"topics": [], "tips": [], "paragraphs": []}
    code, out, _ = run(capsys, "check", str(empty), "--json")
    assert code == 0 and json.loads(out)["flags"] == []
