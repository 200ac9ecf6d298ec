"""`policykb.content.paths`: one answer to "where is the taxonomy?" for every module and command;
`--taxonomy` and `--rules` point elsewhere, and a file we cannot read is one clear line."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policykb.analysis import checker, tagger
from policykb.cli import main
from policykb.content import clauses, corpus, paths, registry, rules, taxonomy
from policykb.content.errors import FileRefused

REPO = Path(__file__).resolve().parents[2]

DRAFT = """\
# Social media policy (fictional)

Employees must not discuss their wages, salaries or benefits with anyone.

Never share your account password with anyone.
"""


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


@pytest.fixture
def installed(monkeypatch, tmp_path: Path) -> Path:
    """As if the package were installed (no checkout), run from an empty folder."""
    monkeypatch.setattr(paths, "repo_root", lambda: None)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_a_checkout_reads_its_own_content_folder():
    assert paths.repo_root() == REPO
    assert paths.taxonomy_path() == REPO / "content" / "taxonomy.yaml"
    assert paths.rules_path() == REPO / "content" / "nlrb" / "rules.yaml"
    assert paths.sources_dir() == REPO / "content" / "sources"
    assert paths.corpus_dir() == REPO / "content" / "corpus"
    assert paths.clauses_path() == REPO / "content" / "clauses" / "clauses.yaml"
    assert paths.archive_dir() == REPO / "data" / "archive"


def test_every_module_agrees_with_paths():
    assert taxonomy.DEFAULT_TAXONOMY == tagger.TAXONOMY_PATH == paths.taxonomy_path()
    assert paths.rules_path() == rules.DEFAULT_RULES
    assert paths.sources_dir() == registry.DEFAULT_SOURCES_DIR
    assert paths.corpus_dir() == corpus.DEFAULT_CORPUS_DIR
    assert paths.clauses_path() == clauses.DEFAULT_CLAUSES
    from crawler import settings

    assert Path(settings.POLICYKB_TAXONOMY) == paths.taxonomy_path()
    assert Path(settings.POLICYKB_SOURCES_DIR) == paths.sources_dir()
    assert Path(settings.POLICYKB_CORPUS_DIR) == paths.corpus_dir()


def test_a_checkout_works_from_any_folder(tmp_path: Path, draft: Path):
    # `python -m policykb` of this checkout, run in a folder with no content/ of its own.
    env_path = str(REPO)
    code = "import policykb.content.paths as p; print(p.taxonomy_path()); print(p.sources_dir())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(REPO / "content" / "taxonomy.yaml"),
        str(REPO / "content" / "sources"),
    ]


def test_installed_without_content_uses_the_packaged_copies(installed, monkeypatch, tmp_path):
    shipped = tmp_path / "shipped"
    (shipped / "nlrb").mkdir(parents=True)
    (shipped / "taxonomy.yaml").write_text("tips: []\n", encoding="utf-8")
    (shipped / "nlrb" / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    monkeypatch.setattr(paths, "packaged_file", lambda name: shipped / name)
    assert paths.taxonomy_path() == shipped / "taxonomy.yaml"
    assert paths.rules_path() == shipped / "nlrb" / "rules.yaml"
    # Folders are the working directory's, as relative paths.
    assert paths.sources_dir() == Path("content/sources")
    assert paths.corpus_dir() == Path("content/corpus")


def test_installed_in_a_project_folder_reads_its_content(installed, monkeypatch):
    (installed / "content" / "nlrb").mkdir(parents=True)
    (installed / "content" / "taxonomy.yaml").write_text("tips: []\n", encoding="utf-8")
    monkeypatch.setattr(paths, "packaged_file", lambda name: Path("/packaged") / name)
    assert paths.taxonomy_path() == Path("content/taxonomy.yaml")
    assert paths.rules_path() == Path("/packaged/nlrb/rules.yaml")  # not in this folder


def test_packaged_file_is_absent_in_a_checkout():
    # setup.py copies content/ files into the wheel only; the source tree stays clean.
    assert paths.packaged_file("taxonomy.yaml") is None
    assert not (REPO / "policykb" / "data" / "content").exists()


def test_shipped_list_matches_setup_py():
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    shipped = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SHIPPED"
    )
    assert ast.literal_eval(shipped) == paths.SHIPPED
    manifest = (REPO / "MANIFEST.in").read_text(encoding="utf-8")
    for name in paths.SHIPPED:
        assert f"include content/{name}" in manifest


def test_shown_is_relative_under_the_working_directory(monkeypatch):
    monkeypatch.chdir(REPO)
    assert paths.shown(REPO / "content" / "taxonomy.yaml") == Path("content/taxonomy.yaml")
    assert paths.shown(Path("/elsewhere/x.yaml")) == Path("/elsewhere/x.yaml")
    assert paths.shown(Path("relative.yaml")) == Path("relative.yaml")


def test_default_taxonomy_refuses_a_missing_file(tmp_path: Path):
    with pytest.raises(FileRefused, match="cannot read: no such file"):
        tagger.default_taxonomy(tmp_path / "missing.yaml")
    with pytest.raises(FileRefused, match="is a directory, not a regular file"):
        checker.default_rules(tmp_path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tag_and_check_take_other_data_files(capsys, draft: Path, tmp_path: Path):
    # Our own taxonomy: "security" also finds a word no real taxonomy knows.
    data = yaml.safe_load((REPO / "content" / "taxonomy.yaml").read_text(encoding="utf-8"))
    security = next(t for t in data["topics"] if t["id"] == "security")
    security["patterns"]["en"].append(r"\bzebrafish\b")
    mine = tmp_path / "my-taxonomy.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    draft.write_text(DRAFT + "\nFeed the zebrafish daily.\n", encoding="utf-8")
    code, out, err = run(capsys, "tag", str(draft), "--json", "--taxonomy", str(mine))
    assert code == 0, err
    last = json.loads(out)["paragraphs"][-1]
    assert "security" in last["topics"]
    assert any(m["text"] == "zebrafish" for m in last["matches"]["security"])
    code, out, err = run(capsys, "tag", str(draft), "--taxonomy", str(mine))
    assert code == 0 and "security" in out

    # Our own rules: only the pay-secrecy rule, so nothing else is flagged.
    data = yaml.safe_load((REPO / "content" / "nlrb" / "rules.yaml").read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] == "wage-discussion-ban"]
    rules = tmp_path / "my-rules.yaml"
    rules.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "check", str(draft), "--json", "--rules", str(rules))
    assert code == 0, err
    assert [f["rule"] for f in json.loads(out)["flags"]] == ["wage-discussion-ban"]
    code, out, err = run(capsys, "check", str(draft), "--json")
    assert len(json.loads(out)["flags"]) > 1  # the project's rules flag more
    code, out, err = run(
        capsys, "check", str(draft), "--taxonomy", str(mine), "--rules", str(rules)
    )
    assert code == 0, err
    assert "Wording to review under US labour law (NLRB): 1" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tag", "{draft}", "--taxonomy", "{tmp}/missing.yaml"], "missing.yaml: cannot read: no such file"),
        (["check", "{draft}", "--taxonomy", "{tmp}/missing.yaml"], "missing.yaml: cannot read: no such file"),
        (["check", "{draft}", "--rules", "{tmp}/missing.yaml"], "missing.yaml: cannot read: no such file"),
        (["check", "{draft}", "--rules", "{tmp}"], ": is a directory, not a regular file"),
        (["tag", "{draft}", "--taxonomy", "{tmp}/empty.yaml"], "empty.yaml:1: expected a mapping, got empty"),
        (["check", "{draft}", "--rules", "{tmp}/empty.yaml"], "empty.yaml:1: expected a mapping, got empty"),
    ],
)  # fmt: skip
def test_a_bad_data_file_is_one_clear_line(capsys, draft: Path, tmp_path: Path, argv, message):
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    argv = [a.format(draft=draft, tmp=tmp_path) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_validate_checks_the_rules_too(capsys, tmp_path: Path):
    (tmp_path / "sources").mkdir()
    code, out, err = run(
        capsys, "validate", "--sources-dir", str(tmp_path / "sources"),
        "--corpus-dir", str(tmp_path / "corpus"), "--rules", str(tmp_path / "missing.yaml"),
    )  # fmt: skip
    assert code == 1
    assert "missing.yaml:1: cannot read: no such file" in err

    code, out, err = run(
        capsys, "validate", "--sources-dir", str(tmp_path / "sources"),
        "--corpus-dir", str(tmp_path / "corpus"),
    )  # fmt: skip
    assert code == 0, err
    assert "taxonomy, NLRB rules and model clauses valid" in out


def test_help_shows_the_defaults(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "--taxonomy FILE" in out and "--rules FILE" in out
    assert "content/taxonomy.yaml" in out and "content/nlrb/rules.yaml" in out
