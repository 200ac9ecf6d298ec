"""`python -m policykb.site.search_index SITE --state DIR` runs Pagefind only when a page changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from policykb.site import search_index


@pytest.fixture
def runs(monkeypatch) -> list[Path]:
    """Pagefind replaced by a stand-in that writes its entry file and counts its runs."""
    calls: list[Path] = []

    def fake_index(site: Path) -> subprocess.CompletedProcess:
        calls.append(site)
        (site / "pagefind").mkdir(exist_ok=True)
        (site / "pagefind" / "pagefind-entry.json").write_text("{}", encoding="utf-8")
        return subprocess.CompletedProcess([], 0, "", "")

    monkeypatch.setattr(search_index, "index_site", fake_index)
    return calls


def make_site(root: Path) -> Path:
    site = root / "html"
    (site / "policies").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "policies" / "a.html").write_text("<p>a</p>", encoding="utf-8")
    return site


def test_a_second_run_with_no_page_changed_does_not_index(tmp_path, runs, capsys):
    site, state = make_site(tmp_path), tmp_path / "doctrees"
    assert search_index.main([str(site), "--state", str(state)]) == 0
    assert len(runs) == 1
    assert (state / search_index.MANIFEST).is_file()
    assert not list(site.glob("*.json")), "the page list is build state: not in the site"

    assert search_index.main([str(site), "--state", str(state)]) == 0
    assert len(runs) == 1
    assert "up to date" in capsys.readouterr().out


def test_a_page_rewritten_with_the_same_bytes_is_no_change(tmp_path, runs):
    site, state = make_site(tmp_path), tmp_path / "doctrees"
    search_index.main([str(site), "--state", str(state)])
    page = site / "index.html"
    page.write_text("<p>home</p>", encoding="utf-8")
    os.utime(page, ns=(1, 1))  # a new time, the same bytes
    search_index.main([str(site), "--state", str(state)])
    assert len(runs) == 1


@pytest.mark.parametrize("change", ["edit", "add", "remove", "lose-index"])
def test_a_changed_added_or_removed_page_or_a_lost_index_indexes_again(tmp_path, runs, change):
    site, state = make_site(tmp_path), tmp_path / "doctrees"
    search_index.main([str(site), "--state", str(state)])
    if change == "edit":
        (site / "policies" / "a.html").write_text("<p>a, changed</p>", encoding="utf-8")
    elif change == "add":
        (site / "policies" / "b.html").write_text("<p>b</p>", encoding="utf-8")
    elif change == "remove":
        (site / "policies" / "a.html").unlink()
    else:
        (site / "pagefind" / "pagefind-entry.json").unlink()
    search_index.main([str(site), "--state", str(state)])
    assert len(runs) == 2


def test_without_state_every_run_indexes(tmp_path, runs):
    site = make_site(tmp_path)
    search_index.main([str(site)])
    search_index.main([str(site)])
    assert len(runs) == 2
