"""An incremental build shows changed data: pages that list documents are re-read."""

from __future__ import annotations

import shutil
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


def test_tags_are_cached_between_builds_and_refreshed_when_text_changes(tmp_path):
    import pickle

    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build_site(sources, corpus, out, doctrees)
    cache = pickle.loads((doctrees / "policykb-tags.pickle").read_bytes())
    assert set(cache) == {p.stem for p in corpus.glob("*.md")}

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
