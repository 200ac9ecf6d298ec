"""Which pages showing site data are read again: those whose data changed, and all of them
when the package's code changed (Sphinx cannot tell that the code making a page changed)."""

from __future__ import annotations

from types import SimpleNamespace

from policykb.site.data import CATEGORIES, DATA_DOCS, DIGESTS, _outdated, code_digest

DIGESTS_NOW = {category: f"{category}-1" for category in CATEGORIES}


def _env(previous: dict) -> SimpleNamespace:
    env = SimpleNamespace(found_docs={"topics/security", "tips/08-education", "about/index"})
    setattr(env, DATA_DOCS, {"topics/security": {"tags"}, "tips/08-education": {"registry"}})
    setattr(env, DIGESTS, previous)
    return env


def _app() -> SimpleNamespace:
    return SimpleNamespace(policykb_data=SimpleNamespace(digests=dict(DIGESTS_NOW)))


def test_nothing_changed_reads_nothing():
    env = _env({**DIGESTS_NOW, "code": code_digest()})
    assert _outdated(_app(), env, set(), set(), set()) == []


def test_changed_data_reads_the_pages_that_show_it():
    env = _env({**DIGESTS_NOW, "tags": "tags-0", "code": code_digest()})
    assert _outdated(_app(), env, set(), set(), set()) == ["topics/security"]
    assert getattr(env, DIGESTS)["tags"] == "tags-1"


def test_changed_code_reads_every_page_that_shows_data():
    env = _env({**DIGESTS_NOW, "code": "an older release"})
    assert _outdated(_app(), env, set(), set(), set()) == ["tips/08-education", "topics/security"]
    assert getattr(env, DIGESTS)["code"] == code_digest()
    assert _outdated(_app(), env, set(), set(), set()) == []  # and once only
