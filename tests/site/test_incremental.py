"""An incremental build shows changed data: pages that list documents are re-read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


def build(sources: Path, corpus: Path, out: Path, doctrees: Path) -> None:
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-nW", "-q",
        "-D", f"policykb_sources_dir={sources}", "-D", f"policykb_corpus_dir={corpus}",
        "-d", str(doctrees), str(REPO / "content"), str(out),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def lead(page: Path) -> str:
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return tree.xpath("//p[contains(@class,'pkb-lead')]")[-1].text_content()


def test_registry_change_reaches_topic_pages_and_library(tmp_path):
    sources, corpus = tmp_path / "sources", tmp_path / "corpus"
    shutil.copytree(HERE / "sources", sources)
    shutil.copytree(HERE / "corpus", corpus)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build(sources, corpus, out, doctrees)
    assert lead(out / "topics" / "endorsements-disclosure.html").startswith("0 of the 3 documents")

    entry = sources / "harbourview-council-social-media-policy.yaml"
    entry.write_text(entry.read_text() + "topics: [endorsements-disclosure]\n", encoding="utf-8")
    (corpus / "harbourview-council-social-media-policy.md").unlink()
    build(sources, corpus, out, doctrees)

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
    build(sources, corpus, out, doctrees)
    cache = pickle.loads((doctrees / "policykb-tags.pickle").read_bytes())
    assert set(cache) == {p.stem for p in corpus.glob("*.md")}

    doc = corpus / "lumen-hogeschool-richtlijn.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\nDe communicatieafdeling is verantwoordelijk voor "
        "alle officiële accounts van de hogeschool.\n",
        encoding="utf-8",
    )
    build(sources, corpus, out, doctrees)
    page = (out / "policies" / "lumen-hogeschool-richtlijn.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    last = tree.xpath("//*[contains(@class,'pkb-para')]")[-1]
    assert "communicatieafdeling" in last.text_content()
    assert "../topics/official-accounts.html" in last.xpath(".//a/@href")
