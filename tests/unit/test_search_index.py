"""`python -m policykb.site.search_index SITE --state DIR` indexes the site in shards with the
real Pagefind, and again only the shards whose pages changed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from policykb.site import search_index

SHARDS = 3
WORDS = ["amberlight", "bramblewick", "cindervale", "dusktower", "emberfall", "foxglade",
         "gullymere", "hazelbrook", "ironmoss", "juniperdale", "kettlewharf", "lanternhill"]  # fmt: skip


def page_html(word: str, body: bool = True) -> str:
    mark = " data-pagefind-body" if body else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{word}</title></head><body>'
        f"<nav>navigation</nav><main{mark}><h1>Page {word}</h1>"
        f"<p>The fictional office of {word} answers questions.</p></main></body></html>"
    )


def make_site(root: Path) -> Path:
    """Twelve fictional policy pages, indexed, and a home page without the body mark."""
    site = root / "html"
    (site / "policies").mkdir(parents=True)
    (site / "index.html").write_text(page_html("home", body=False), encoding="utf-8")
    for word in WORDS:
        (site / "policies" / f"{word}.html").write_text(page_html(word), encoding="utf-8")
    return site


def run(site: Path, state: Path | None) -> search_index.IndexReport:
    report = search_index.update_index(site, state, SHARDS)
    assert report.returncode == 0, report.summary()
    return report


def shard_of(page: str) -> int:
    return search_index.shard_of(page, SHARDS)


def entry_times(site: Path) -> dict[str, int]:
    return {
        p.parent.name: p.stat().st_mtime_ns for p in site.glob("pagefind/*/pagefind-entry.json")
    }


def indexed_pages(site: Path) -> int:
    total = 0
    for entry in site.glob("pagefind/*/pagefind-entry.json"):
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        total += sum(lang["page_count"] for lang in languages.values())
    return total


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    site, state = make_site(tmp_path), tmp_path / "doctrees"
    run(site, state)
    return site, state


def test_pages_are_split_into_stable_shards():
    assert search_index.shard_of("policies/a.html", 8) == search_index.shard_of(
        "policies/a.html", 8
    )
    spread = {shard_of(f"policies/{w}.html") for w in WORDS}
    assert spread == set(range(SHARDS)), "twelve pages fill three shards"


def test_the_shard_count_follows_the_pages_and_keeps_its_value_when_it_can():
    per = search_index.PAGES_PER_SHARD
    assert search_index.shard_count(12) == 1
    assert search_index.shard_count(10 * per + 1) == 11
    assert search_index.shard_count(2 * per, previous=1) == 1  # twice as full: kept
    assert search_index.shard_count(2 * per + 1, previous=1) == 3
    assert search_index.shard_count(8 * per, previous=9) == 9  # a few pages gone: kept
    assert search_index.shard_count(4 * per, previous=9) == 4  # under half full: fewer


def test_by_default_a_small_site_is_one_shard(tmp_path):
    site = make_site(tmp_path)
    report = search_index.update_index(site, tmp_path / "doctrees")
    assert report.shards == 1 and [r.shard for r in report.runs] == [0]


def test_a_first_run_indexes_every_shard_and_lists_them(built):
    site, state = built
    bundles = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert bundles == {"bundles": [f"{s}/" for s in range(SHARDS)]}
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert (site / "pagefind" / "pagefind-ui.css").is_file()
    assert indexed_pages(site) == len(WORDS), "the home page has no body mark: not indexed"
    assert (state / search_index.MANIFEST).is_file()
    assert not list(site.rglob(".work-*")), "no work folder is left in the site"
    assert not list(site.glob("*.json")), "the page list is build state: not in the site"


def test_a_second_run_with_no_page_changed_indexes_nothing(built):
    site, state = built
    before = entry_times(site)
    report = run(site, state)
    assert report.runs == []
    assert "up to date" in report.summary()
    assert entry_times(site) == before


def test_a_page_rewritten_with_the_same_bytes_is_no_change(built):
    site, state = built
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(site / "policies" / "amberlight.html", ns=(1, 1))  # a new time, the same bytes
    assert run(site, state).runs == []


def test_a_page_without_the_body_mark_changing_indexes_nothing(built):
    site, state = built
    (site / "index.html").write_text(page_html("changed home", body=False), encoding="utf-8")
    assert run(site, state).runs == []


@pytest.mark.parametrize("change", ["edit", "add", "remove", "lose-bundle"])
def test_only_the_shard_of_a_changed_page_is_indexed_again(built, change):
    site, state = built
    page = "policies/bramblewick.html"
    if change == "edit":
        (site / page).write_text(page_html("bramblewick, revised"), encoding="utf-8")
    elif change == "add":
        page = "policies/meadowgate.html"
        (site / page).write_text(page_html("meadowgate"), encoding="utf-8")
    elif change == "remove":
        (site / page).unlink()
    else:
        (site / "pagefind" / str(shard_of(page)) / "pagefind-entry.json").unlink()
    before = entry_times(site)
    report = run(site, state)
    assert [r.shard for r in report.runs] == [shard_of(page)]
    after = entry_times(site)
    unchanged = {s: t for s, t in before.items() if s != str(shard_of(page))}
    assert {s: after[s] for s in unchanged} == unchanged
    assert indexed_pages(site) == len(WORDS) + {"add": 1, "remove": -1}.get(change, 0)


def test_a_new_shard_count_indexes_every_shard_and_removes_unused_bundles(built):
    site, state = built
    report = search_index.update_index(site, state, 1)
    assert [r.shard for r in report.runs] == [0]
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == [
        "0", "pagefind-ui.css", "pagefind-ui.js", "shards.json"
    ]  # fmt: skip
    assert indexed_pages(site) == len(WORDS)


def test_a_failed_shard_keeps_its_bundle_and_is_tried_again(built, monkeypatch):
    site, state = built
    (site / "policies" / "cindervale.html").write_text(page_html("cindervale 2"), "utf-8")
    shard = shard_of("policies/cindervale.html")
    failing = (sys.executable, "-c", "import sys; sys.exit('no Pagefind here')")
    monkeypatch.setattr(search_index, "PAGEFIND", failing)
    failed = search_index.update_index(site, state, SHARDS)
    assert failed.returncode != 0
    assert f"failed on shard {shard}" in failed.summary()
    assert "no Pagefind here" in failed.summary()
    assert (site / "pagefind" / str(shard) / "pagefind-entry.json").is_file()
    assert not list(site.rglob(".work-*"))
    monkeypatch.undo()
    assert [r.shard for r in run(site, state).runs] == [shard]


def test_without_state_every_run_indexes_every_shard(tmp_path):
    site = make_site(tmp_path)
    assert len(run(site, None).runs) == SHARDS
    assert len(run(site, None).runs) == SHARDS


def test_the_command_reports_what_it_did(tmp_path, capsys):
    site, state = make_site(tmp_path), tmp_path / "doctrees"
    argv = [str(site), "--state", str(state), "--shards", str(SHARDS)]
    assert search_index.main(argv) == 0
    assert f"{SHARDS} of {SHARDS} shards indexed ({len(WORDS)} pages" in capsys.readouterr().out
    assert search_index.main(argv) == 0
    assert "Search index up to date" in capsys.readouterr().out
    assert search_index.main([str(tmp_path / "missing")]) == 2
