"""Extraction quality: ours against plain trafilatura, on two sets of pages.

1. Real policies in page chrome of our own: each Markdown document of
   `../shared/data/realdocs/` is rendered to HTML and wrapped in a made-up site's chrome
   (menus, breadcrumbs, sidebars, cookie banner, newsletter box, footer: all `<div>`s, no
   `<nav>`/`<main>`/`<footer>` landmarks). The chrome's wording is ours; the documents are
   read from `../shared` and never copied. Skipped when `../shared` is absent.
2. Fictional news and blog pages (`tests/crawler/news_pages.py`): articles of our own in
   the furniture such pages carry (bylines, image galleries and captions, donation and
   newsletter boxes, "Read more" links, sources and related-article lists, tags, author
   boxes, reader comments) and HTML comments inside paragraphs.

- ours:        `policykb.ingest.extract.extract` (trafilatura + our block conversion)
- trafilatura: `trafilatura.extract(html)` with its defaults

Token precision = share of extracted words that are in the document; token recall = share
of the document's words that were extracted (multisets of lower-case words); F1 their
harmonic mean. Usage:

    python bench/bench_extract.py [--verbose]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REALDOCS = REPO / ".." / "shared" / "data" / "realdocs"
NEWS_COPIES = 4  # seeded pages of each fictional article

MENU = ["Home", "About us", "What we do", "News", "Events", "Careers", "Members", "Contact"]
SIDEBAR = [
    "Annual report highlights",
    "Meet the board of trustees",
    "Volunteer with the river clean-up",
    "Our accessibility statement",
    "How to book the community hall",
    "Winter opening hours",
]
FOOTER_COLUMNS = {
    "Visit": ["Opening times", "Getting here", "Parking", "Floor plans"],
    "Organisation": ["Governance", "Annual accounts", "Jobs", "Press office"],
    "Help": ["Frequently asked questions", "Site map", "Accessibility", "Report a fault"],
}
COOKIE = (
    "We use small files on your device to remember your settings and count visits. "
    "Choose Accept all to allow every kind, or Settings to pick which ones we may store."
)
MIN_WORDS = 20
NEWSLETTER = "Sign up for our monthly bulletin with upcoming events and volunteering news."


def chrome_page(title: str, content_html: str, seed: str) -> str:
    """`content_html` inside a landmark-free page of chrome, varied by `seed`."""
    rng = random.Random(seed)
    opaque = rng.random() < 0.5  # half the pages use class names that say nothing

    def cls(meaningful: str) -> str:
        return f"c{rng.randrange(10**6)}" if opaque else meaningful

    menu = "".join(f'<li><a href="/{i}">{escape(m)}</a></li>' for i, m in enumerate(MENU))
    side = rng.sample(SIDEBAR, k=4)
    sidebar = "".join(
        f'<div class="{cls("teaser")}"><a href="/s">{escape(s)}</a></div>' for s in side
    )
    footer = "".join(
        f'<div class="{cls("col")}"><div class="{cls("col-title")}">{escape(h)}</div><ul>'
        + "".join(f'<li><a href="/f">{escape(x)}</a></li>' for x in links)
        + "</ul></div>"
        for h, links in FOOTER_COLUMNS.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Riverside Trust</title>
<script>window.dataLayer = [];</script><style>.x{{color:red}}</style></head>
<body>
<div class="{cls("cookie-banner")}"><p>{COOKIE}</p><a href="#">Accept all</a> <a href="#">Settings</a></div>
<div class="{cls("top-bar")}"><a href="/">Riverside Trust</a> <span>Call us: 0100 000 000</span></div>
<div class="{cls("menu")}"><ul>{menu}</ul></div>
<div class="{cls("breadcrumbs")}"><a href="/">Home</a> &gt; <a href="/about">About us</a> &gt; Policies</div>
<div class="{cls("wrapper")}">
<div class="{cls("sidebar")}"><div>In this section</div>{sidebar}</div>
<div class="{cls("page-body")}">
{content_html}
<div class="{cls("share")}">Share this page: <a href="#">Email</a> <a href="#">Print</a></div>
</div>
</div>
<div class="{cls("newsletter")}"><p>{NEWSLETTER}</p><form><input name="email"><button>Subscribe</button></form></div>
<div class="{cls("site-footer")}">{footer}<p>© 2026 Riverside Trust, a registered charity.</p></div>
<script>console.log("loaded");</script>
</body></html>"""


def markdown_to_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    if markdown.startswith("---"):
        end = markdown.find("\n---", 3)
        markdown = markdown[end + 4 :] if end != -1 else markdown
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def html_text(html: str) -> str:
    import lxml.html

    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for junk in tree.xpath("//script|//style"):
        junk.drop_tree()
    return " ".join(tree.itertext())


def scores(extracted: Counter, original: Counter) -> tuple[int, int, int]:
    return sum((extracted & original).values()), sum(extracted.values()), sum(original.values())


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def realdoc_cases() -> list[tuple[str, str, str]]:
    """(name, page, reference text) for each real document in chrome."""
    cases = []
    for path in sorted(REALDOCS.glob("*.md")):
        content = markdown_to_html(path.read_text(encoding="utf-8", errors="replace"))
        reference = html_text(content)
        if len(reference.split()) < MIN_WORDS:  # front matter only: nothing to find
            continue
        cases.append((path.name, chrome_page(path.stem, content, path.name), reference))
    return cases


def news_cases() -> list[tuple[str, str, str]]:
    sys.path.insert(0, str(REPO / "tests" / "crawler"))
    from news_pages import news_pages

    return [(p.name, p.html, "\n".join(p.truth)) for p in news_pages(NEWS_COPIES)]


def measure(label: str, cases: list[tuple[str, str, str]], verbose: bool) -> None:
    import trafilatura

    from policykb.ingest.dedupe import words
    from policykb.ingest.extract import ExtractionError, extract

    totals = {"ours": [0, 0, 0], "trafilatura": [0, 0, 0]}
    per_doc: dict[str, list[tuple[float, float]]] = {"ours": [], "trafilatura": []}
    for name, page, reference in cases:
        original = Counter(words(reference))
        try:
            ours = extract(page.encode("utf-8"), content_type="text/html; charset=utf-8").text
        except ExtractionError:
            ours = ""
        plain = trafilatura.extract(page) or ""
        line = [name[:40].ljust(40)]
        for system, text in (("ours", ours), ("trafilatura", plain)):
            hit, got, want = scores(Counter(words(text)), original)
            for i, value in enumerate((hit, got, want)):
                totals[system][i] += value
            precision, recall = (hit / got if got else 0.0), (hit / want if want else 0.0)
            per_doc[system].append((precision, recall))
            line.append(f"{system} P {precision:.3f} R {recall:.3f}")
        if verbose:
            print("  ".join(line))

    print(f"{len(cases)} {label}: token precision / recall / F1")
    for system, (hit, got, want) in totals.items():
        p, r = hit / got, hit / want
        macro_p = sum(p for p, _ in per_doc[system]) / len(cases)
        macro_r = sum(r for _, r in per_doc[system]) / len(cases)
        print(
            f"  {system:12} micro P {p:.3f} R {r:.3f} F1 {f1(p, r):.3f}   "
            f"macro P {macro_p:.3f} R {macro_r:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="one line per document")
    args = parser.parse_args(argv)
    if REALDOCS.is_dir():
        measure("real Markdown documents in page chrome", realdoc_cases(), args.verbose)
    else:
        print(f"real documents skipped: {REALDOCS} is absent (they live in ../shared)")
    measure("fictional news and blog pages with furniture", news_cases(), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
