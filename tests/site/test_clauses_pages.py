"""Model clauses in the real site build: the clauses page, tip pages and topic pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from policykb.content.clauses import load_clauses
from policykb.content.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
TAXONOMY = load_taxonomy(REPO / "content" / "taxonomy.yaml")
CLAUSES_PATH = REPO / "content" / "clauses" / "clauses.yaml"
CLAUSES = load_clauses(CLAUSES_PATH, TAXONOMY)


def parse(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def tip_page(site: Path, number: int) -> Path:
    tip = TAXONOMY.tip_by_number[number]
    return site / "tips" / f"{number:02d}-{tip.slug}.html"


def shown_clauses(tree) -> list[str]:
    return tree.xpath("//main//*[@data-clause]/@data-clause")


def squash(text: str) -> str:
    return " ".join(text.split())


def h2_texts(tree) -> list[str]:
    """The page's section headings, without the theme's "#" permalinks."""
    return [squash("".join(h.xpath("./text()"))) for h in tree.xpath("//main//h2")]


def test_index_lists_every_clause_once_grouped_by_topic(site):
    tree = parse(site / "clauses" / "index.html")
    assert tree.xpath("//main//h1")[0].text_content().strip().startswith("Model clauses")
    assert shown_clauses(tree) == [c.id for t in TAXONOMY.topics for c in CLAUSES.for_topic(t.id)]
    groups = tree.xpath("//main//section[contains(@class,'pkb-clause-group')]/@id")
    assert groups == [f"clauses-{t.id}" for t in TAXONOMY.topics]
    menu = tree.xpath("//main//ul[contains(@class,'pkb-clause-menu')]//a/@href")
    assert menu == [f"#{g}" for g in groups]


def test_index_shows_text_why_and_topics_of_a_clause(site):
    tree = parse(site / "clauses" / "index.html")
    clause = next(c for c in CLAUSES if c.id == "comment-rules-public-sector")
    card = tree.xpath(f"//main//*[@id='clause-{clause.id}']")[0]
    assert card.xpath(".//h4")[0].text_content() == clause.title
    quote = card.xpath(".//blockquote[contains(@class,'pkb-clause-text')]")[0]
    assert len(quote.xpath("./ul/li")) == 4
    assert squash(quote.text_content()).startswith("Our pages are a place to discuss")
    why = card.xpath(".//p[contains(@class,'pkb-clause-why')]")[0].text_content()
    assert squash(clause.why) in squash(why)
    chips = card.xpath(".//a[contains(@class,'pkb-chip')]/@href")
    assert chips == [f"../topics/{t}.html" for t in clause.topics]
    assert (
        "First Amendment"
        in card.xpath(".//p[contains(@class,'pkb-clause-note')]")[0].text_content()
    )


def test_index_links_to_its_notices(site):
    tree = parse(site / "clauses" / "index.html")
    hrefs = {h.split("#")[0] for h in tree.xpath("//main//a/@href")}
    assert "../about/not-legal-advice.html" in hrefs
    assert "../tips/09-legal-review.html" in hrefs


@pytest.mark.parametrize("topic", [t.id for t in TAXONOMY.topics])
def test_topic_page_shows_its_clauses(site, topic):
    tree = parse(site / "topics" / f"{topic}.html")
    expected = [c.id for c in CLAUSES.for_topic(topic)]
    assert shown_clauses(tree) == expected
    first = next(c for c in CLAUSES if c.id == expected[0])
    text = squash(tree.xpath(f"//main//*[@id='clause-{first.id}']//blockquote")[0].text_content())
    assert text.startswith(squash(first.text)[:60])
    heading = "Model clauses" if len(expected) > 1 else "Model clause"
    headings = h2_texts(tree)
    assert headings.index(heading) + 1 == headings.index("Excerpts from the library")


def test_topic_page_links_to_clauses_that_touch_it(site):
    tree = parse(site / "topics" / "confidentiality.html")
    links = tree.xpath("//main//p[contains(@class,'pkb-clause-also')]//a/@href")
    assert "../clauses/index.html#clause-patient-privacy" in links
    index = parse(site / "clauses" / "index.html")
    for link in links:
        anchor = link.split("#")[1]
        assert index.xpath(f"//*[@id='{anchor}']"), f"{link} points nowhere"


@pytest.mark.parametrize("number", range(1, 11))
def test_tip_page_shows_the_clauses_of_its_topics(site, number):
    tree = parse(tip_page(site, number))
    expected = [c.id for c in CLAUSES.for_tip(TAXONOMY, number)]
    assert shown_clauses(tree) == expected
    headings = h2_texts(tree)
    assert headings.index("Model clauses") + 1 == headings.index("Examples from the library")


def test_long_tip_lists_are_folded_and_short_ones_open(site):
    seven = parse(tip_page(site, 7))
    folded = seven.xpath("//main//details[contains(@class,'pkb-clause')]")
    assert len(folded) == len(CLAUSES.for_tip(TAXONOMY, 7)) > 3
    assert not any(d.get("open") is not None for d in folded)
    summary = folded[0].xpath("./summary//h3")[0].text_content()
    assert summary == CLAUSES.for_tip(TAXONOMY, 7)[0].title
    ten = parse(tip_page(site, 10))
    assert all(d.get("open") is not None for d in ten.xpath("//main//details[@data-clause]"))


def test_model_clauses_in_the_top_navigation(site):
    tree = parse(site / "index.html")
    links = tree.xpath("//nav//ul[contains(@class,'navbar-nav')]//a")
    assert "Model clauses" in [a.text_content().strip() for a in links]


# --- incremental build ---------------------------------------------------------------


def build(clauses: Path, out: Path, doctrees: Path) -> None:
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-nW", "-q",
        "-D", f"policykb_sources_dir={HERE / 'sources'}",
        "-D", f"policykb_corpus_dir={HERE / 'corpus'}",
        "-D", f"policykb_clauses={clauses}",
        "-d", str(doctrees), str(REPO / "content"), str(out),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_an_edited_clause_reaches_its_pages_in_an_incremental_build(tmp_path):
    clauses = tmp_path / "clauses.yaml"
    shutil.copy(CLAUSES_PATH, clauses)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    build(clauses, out, doctrees)
    old, new = "title: Review and approval of official posts", "title: Four eyes on every post"
    assert old in clauses.read_text(encoding="utf-8")
    clauses.write_text(clauses.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    build(clauses, out, doctrees)
    for page in [
        out / "clauses" / "index.html",
        out / "topics" / "approval-process.html",
        tip_page(out, 7),
    ]:
        text = page.read_text(encoding="utf-8")
        assert "Four eyes on every post" in text, f"{page.name} still shows the old title"
        assert "Review and approval of official posts" not in text


# --- in the browser ------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", ["clauses/index.html", "tips/07-two-policies.html"])
def test_clause_pages_have_no_serious_accessibility_violations(page, served_site, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{served_site}/{path}")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in serious]


@pytest.mark.browser
def test_a_folded_clause_opens_from_the_keyboard(page, served_site):
    page.goto(f"{served_site}/tips/07-two-policies.html")
    clause = page.locator("details[data-clause]").first
    text = clause.locator("blockquote.pkb-clause-text")
    assert not text.is_visible()
    clause.locator("summary").focus()
    page.keyboard.press("Enter")
    assert text.is_visible()
    assert "official account" in text.inner_text()
