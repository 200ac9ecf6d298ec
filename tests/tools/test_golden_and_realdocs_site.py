"""tools/golden.py sees every change in what a page says or links to, and nothing else;
tools/realdocs_site.py writes a registry and corpus the project accepts. Pages and
documents here are fictional."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from policykb.commands.validate import find_problems
from policykb.content.corpus import load_corpus
from policykb.content.paths import taxonomy_path
from policykb.content.registry import load_registry

TOOLS = Path(__file__).resolve().parents[2] / "tools"
sys.path.insert(0, str(TOOLS))

import golden  # noqa: E402
import realdocs_site  # noqa: E402

PAGE = """<!doctype html><html><head><title>Harbour Trust | policykb</title>
<script>var build = "{stamp}";</script></head><body>
<nav><a href="../index.html">Home</a> navigation that is not compared</nav>
<main id="main-content"><h1>Harbour Trust</h1>
<p>Staff   use {word}
 accounts.</p><style>p {{}}</style>
<a href="../topics/security.html#why">Account security</a>
<a href="https://harbour.example/policy">Original</a></main></body></html>"""


def _site(root: Path, word: str = "official", stamp: str = "1") -> Path:
    (root / "policies").mkdir(parents=True)
    (root / "_static").mkdir()
    (root / "policies" / "harbour.html").write_text(PAGE.format(word=word, stamp=stamp))
    (root / "_static" / "ignored.html").write_text("<p>theme asset</p>")
    return root


def test_a_dump_keeps_title_text_and_resolved_links_of_the_main_content(tmp_path):
    records = golden.dump(_site(tmp_path / "a"))
    assert list(records) == ["policies/harbour.html"]
    page = records["policies/harbour.html"]
    assert page["title"] == "Harbour Trust | policykb"
    assert (
        page["text"] == "Harbour Trust\nStaff use official\naccounts.\nAccount security\nOriginal"
    )
    assert page["links"] == [
        "topics/security.html#why Account security",
        "https://harbour.example/policy Original",
    ]


def test_builds_that_differ_only_in_scripts_and_navigation_compare_equal(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    golden.main(["dump", str(_site(tmp_path / "one", stamp="1")), str(a)])
    golden.main(["dump", str(_site(tmp_path / "two", stamp="2")), str(b)])
    assert golden.main(["compare", str(a), str(b)]) == 0
    assert "same pages" in capsys.readouterr().out


def test_a_changed_word_a_changed_link_and_a_missing_page_are_reported(tmp_path, capsys):
    one, two = _site(tmp_path / "one"), _site(tmp_path / "two", word="personal")
    page = two / "policies" / "harbour.html"
    page.write_text(page.read_text().replace("#why", "#how"))
    (one / "policies" / "gone.html").write_text("<main><p>Removed later.</p></main>")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(golden.dump(one)))
    b.write_text(json.dumps(golden.dump(two)))
    assert golden.main(["compare", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "only in the first build: policies/gone.html" in out
    assert "policies/harbour.html: text differs" in out
    assert "+Staff use personal" in out
    assert "policies/harbour.html: links differ\n" in out
    assert "+topics/security.html#how Account security" in out


def test_an_unreadable_dump_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    try:
        golden.main(["compare", str(bad), str(bad)])
    except SystemExit as exit:
        assert "bad.json: cannot read a dump" in str(exit)
    else:
        raise AssertionError("no error")


def _shared(root: Path) -> Path:
    realdocs = root / "realdocs"
    realdocs.mkdir(parents=True)
    rows = [
        "file\torganization\tsector\tcountry\tdoc_type\toriginal_url\tlanguage",
        "01_harbour-trust.md\tHarbour Trust\tnonprofit\tINT\tother\t"
        "https://harbour.example/social (mirror)\ten",
        "02_bad-url.md\tNowhere Ltd\tcompany\tGB\tpolicy\t(draft; no address)\ten",
    ]
    (realdocs / "INDEX.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (realdocs / "01_harbour-trust.md").write_text(
        "# Harbour Trust social media policy\n\n"
        "**Who runs the accounts**\n\n"
        "The communications team runs every official account and answers questions.\n\n"
        "- Turn on two-factor authentication.\n- Never share passwords.\n",
        encoding="utf-8",
    )
    (realdocs / "02_bad-url.md").write_text("Some text.\n", encoding="utf-8")
    return root


def test_realdocs_site_writes_a_registry_and_corpus_the_project_accepts(tmp_path, capsys):
    shared = _shared(tmp_path / "shared")
    out = tmp_path / "site"
    assert realdocs_site.main([str(out), "--shared", str(shared), "--no-build"]) == 0
    assert "02_bad-url.md: skipped" in capsys.readouterr().err
    problems, entries, documents = find_problems(out / "sources", out / "corpus", taxonomy_path())
    assert (problems, entries, documents) == ([], 1, 1)
    entry = next(iter(load_registry(out / "sources")))
    assert (entry.id, entry.country, entry.doc_type, str(entry.url)) == (
        "harbour-trust",
        "international",
        "guidelines",
        "https://harbour.example/social",
    )
    document = load_corpus(out / "corpus").documents["harbour-trust"]
    assert "# Harbour Trust social media policy" in document.body
    assert "#### Who runs the accounts" in document.body or "## Who runs the accounts" in (
        document.body
    )
    assert "- Turn on two-factor authentication." in document.body
    assert "security" in document.front.topics
