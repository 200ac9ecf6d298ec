"""An incremental build shows changed data: pages that list documents are re-read, policy
pages are written again when what they are made from changed, and the result is the site a
clean build makes; a rebuild with nothing changed writes no page."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

from lxml import html as lxml_html
from site_build import build_site

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


def lead(page: Path) -> str:
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return tree.xpath("//p[contains(@class,'pkb-lead')]")[-1].text_content()


def test_registry_change_reaches_topic_pages_and_library(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build_site(sources, corpus, out, doctrees)
    assert lead(out / "topics" / "endorsements-disclosure.html").startswith("0 of the 3 documents")

    entry = sources / "harbourview-council-social-media-policy.yaml"
    entry.write_text(entry.read_text() + "topics: [endorsements-disclosure]\n", encoding="utf-8")
    (corpus / "harbourview-council-social-media-policy.md").unlink()
    build_site(sources, corpus, out, doctrees)

    assert lead(out / "topics" / "endorsements-disclosure.html").startswith("1 of the 3 documents")
    library = (out / "library.html").read_text(encoding="utf-8")
    assert 'data-topic="endorsements-disclosure"' in library
    policy = (out / "policies" / "harbourview-council-social-media-policy.html").read_text()
    assert "has not been fetched" in policy


def tagged_ids(doctrees: Path) -> set[str]:
    with sqlite3.connect(doctrees / "policykb-state.sqlite") as db:
        return {row[0] for row in db.execute("SELECT doc_id FROM tags")}


def test_tags_are_cached_between_builds_and_refreshed_when_text_changes(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build_site(sources, corpus, out, doctrees)
    assert tagged_ids(doctrees) == {p.stem for p in corpus.glob("*.md")}

    doc = corpus / "lumen-hogeschool-richtlijn.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\nDe communicatieafdeling is verantwoordelijk voor "
        "alle officiële accounts van de hogeschool.\n",
        encoding="utf-8",
    )
    build_site(sources, corpus, out, doctrees)
    page = (out / "policies" / "lumen-hogeschool-richtlijn.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    last = tree.xpath("//*[contains(@class,'pkb-para')]")[-1]
    assert "communicatieafdeling" in last.text_content()
    assert "../topics/official-accounts.html" in last.xpath(".//a/@href")


def sphinx_search_index(data: bytes) -> dict:
    """Sphinx's own `searchindex.js`, without the empty entries an incremental Sphinx build
    leaves for words no page has any more (Sphinx's doing; they find nothing)."""
    text = data.decode("utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        index[key] = {word: pages for word, pages in index[key].items() if pages != []}
    return index


BUILD_DATE = re.compile(rb'<meta name="docbuild:last-update" content="[^"]*"/>')


def site_files(out: Path) -> dict[str, object]:
    """Every file of a built site; the build date in pages (the one thing an unchanged page
    may keep from an earlier day) set aside."""
    files: dict[str, object] = {
        p.relative_to(out).as_posix(): BUILD_DATE.sub(b"", p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".buildinfo.bak"
    }
    files["searchindex.js"] = sphinx_search_index(files["searchindex.js"])
    return files


def page_times(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def test_incremental_build_after_a_text_and_a_title_change_equals_a_clean_build(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    # Northwind is marked a near-duplicate of Harbourview: its page shows Harbourview's title.
    twin = corpus / "northwind-health-staff-guidelines.md"
    text = twin.read_text(encoding="utf-8")
    twin.write_text(
        text.replace(
            "tips: [6, 7]\n",
            "tips: [6, 7]\nduplicate_of: harbourview-council-social-media-policy\n",
        ),
        encoding="utf-8",
    )
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build_site(sources, corpus, out, doctrees)

    # Nothing changed: no page of ours is written again, and the state says so.
    before = page_times(out)
    build_site(sources, corpus, out, doctrees)
    after = page_times(out)
    rewritten = {p for p in before if after[p] != before[p]}
    assert rewritten <= {"genindex.html", "search.html"}, rewritten  # Sphinx writes these always

    # One document's text and one registry title change.
    doc = corpus / "lumen-hogeschool-richtlijn.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\nDe communicatieafdeling is verantwoordelijk voor "
        "alle officiële accounts van de hogeschool.\n",
        encoding="utf-8",
    )
    entry = sources / "harbourview-council-social-media-policy.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "title: Social Media Policy", "title: Social Media and Comments Policy"
        ),
        encoding="utf-8",
    )
    before = page_times(out)
    build_site(sources, corpus, out, doctrees)
    after = page_times(out)
    rewritten = {p for p in before if after[p] != before[p]}
    assert {
        "policies/lumen-hogeschool-richtlijn.html",
        "policies/harbourview-council-social-media-policy.html",
        "policies/northwind-health-staff-guidelines.html",  # shows its twin's title
        "library.html",
    } <= rewritten
    northwind = (out / "policies" / "northwind-health-staff-guidelines.html").read_text()
    assert "Social Media and Comments Policy" in northwind

    clean = tmp_path / "clean"
    build_site(sources, corpus, clean / "html", clean / "doctrees")
    incremental, fresh = site_files(out), site_files(clean / "html")
    assert sorted(incremental) == sorted(fresh)
    stale = sorted(p for p in fresh if incremental[p] != fresh[p])
    assert stale == [], f"pages that differ from a clean build: {stale}"


def test_a_removed_entry_loses_its_page(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build_site(sources, corpus, out, doctrees)
    page = out / "policies" / "lumen-hogeschool-richtlijn.html"
    assert page.is_file()
    (sources / "lumen-hogeschool-richtlijn.yaml").unlink()
    build_site(sources, corpus, out, doctrees)
    assert not page.exists()
    assert "lumen-hogeschool-richtlijn" not in (out / "library.html").read_text(encoding="utf-8")


def test_a_parallel_build_and_rebuild_make_the_same_site(tmp_path):
    """`-j 2` forks readers that share the build state: the same pages, and a rebuild
    after a change still matches a serial clean build."""
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build_site(sources, corpus, out, doctrees, extra=("-j", "2"))
    doc = corpus / "northwind-health-staff-guidelines.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\nUse a strong password on every account we run.\n",
        encoding="utf-8",
    )
    build_site(sources, corpus, out, doctrees, extra=("-j", "2"))
    serial = tmp_path / "serial"
    build_site(sources, corpus, serial / "html", serial / "doctrees")
    parallel, clean = site_files(out), site_files(serial / "html")
    assert sorted(parallel) == sorted(clean)
    assert sorted(p for p in clean if parallel[p] != clean[p]) == []
