"""Crawled text is data: escaped blocks parse, in MyST with every extension on, as plain
text that reads exactly like the input, and a real Sphinx build shows payloads as text."""

from __future__ import annotations

import html
import random
import re

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from policykb.content.escape import escape_text, normalize_space, unescape_text
from policykb.ingest.extract import Block, to_markdown

EXTENSIONS = [
    "amsmath",
    "attrs_inline",
    "attrs_block",
    "colon_fence",
    "deflist",
    "dollarmath",
    "fieldlist",
    "html_admonition",
    "html_image",
    "strikethrough",
    "substitution",
    "tasklist",
]
PAYLOADS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "```{raw} html\n<iframe src='https://tracker.invalid/'></iframe>\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <b>bold</b>\n```",
    ":::{note}\nA colon fence\n:::",
    "{download}`leaflet.pdf` and {doc}`/index`",
    "$x^2$ and $$y$$ and \\(z\\)",
    "(a-target)=",
    "[a link](javascript:alert(1)) ![image](javascript:alert(2)) <javascript:alert(3)>",
    "<https://example.invalid/autolink> and [ref][1]\n\n[1]: https://example.invalid/",
    "{{ substitution }}",
    "% a MyST comment line",
    "+++ a block break",
    "# not a heading",
    "> not a quote",
    "- not a list",
    "2026. not a numbered list",
    "3) not a list either",
    "    four spaces of indent would be code",
    "| a | table |\n|---|---|\n| not | one |",
    "*emphasis* __strong__ ~~struck~~ `code`",
    "AT&amp;T &#60;b&#62; &copy;",
    "a trailing hash ##",
    "Term\n: definition",
    ":field: value",
    "- [ ] a task",
    "<!-- a comment -->",
    "back\\slash at the end\\",
    "line with two trailing spaces  \nnext",
    "{#an-id .a-class}",
    "[^note] and [^note]: a footnote",
]
ALLOWED_INLINE = {"text", "softbreak"}


@pytest.fixture(scope="module")
def myst():
    return create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)


def assert_plain_paragraph(myst, markdown: str, expected_text: str) -> None:
    tokens = myst.parse(markdown)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], markdown
    assert {c.type for c in tokens[1].children} <= ALLOWED_INLINE, markdown
    rendered = myst.render(markdown)
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    assert html.unescape(rendered[3:-5]) == expected_text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_one_plain_paragraph(myst, payload):
    assert_plain_paragraph(myst, escape_text(payload), normalize_space(payload))


def test_random_punctuation_soup_stays_text(myst):
    rng = random.Random(20261123)
    alphabet = list("#>-+=%:(){}[]<>!`~*_$|&;^\\/'\". 0123456789abcXYZ\n\t") + ["&amp;", "&#60;"]
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        if not normalize_space(text):
            continue
        assert_plain_paragraph(myst, escape_text(text), normalize_space(text))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_unescape_gives_the_text_back(payload):
    assert unescape_text(escape_text(payload)) == normalize_space(payload)


def test_ordinary_prose_stays_readable():
    text = "Staff may post about the club, e.g. regatta results, in their own name."
    assert escape_text(text) == text


def test_blocks_render_to_headings_paragraphs_and_lists_only(myst):
    blocks = [Block("<b>Title</b>", kind="heading", level=2)] + [Block(p) for p in PAYLOADS]
    blocks += [
        Block("# one", kind="item", level=0),
        Block("[two](javascript:x)", kind="item", level=1, ordered=True),
    ]
    tokens = myst.parse(to_markdown(blocks))
    structural = {t.type for t in tokens if t.type != "inline"}
    assert structural <= {
        "heading_open",
        "heading_close",
        "paragraph_open",
        "paragraph_close",
        "bullet_list_open",
        "bullet_list_close",
        "ordered_list_open",
        "ordered_list_close",
        "list_item_open",
        "list_item_close",
    }
    for token in tokens:
        if token.type == "inline":
            assert {c.type for c in token.children} <= ALLOWED_INLINE


def test_sphinx_build_shows_payloads_as_text(tmp_path):
    pytest.importorskip("sphinx")
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"extensions = ['myst_parser']\nmyst_enable_extensions = {EXTENSIONS!r}\n"
        "myst_substitutions = {'substitution': 'SUBSTITUTED'}\n"
    )
    body = to_markdown([Block("Payloads", kind="heading", level=1)] + [Block(p) for p in PAYLOADS])
    (source / "index.md").write_text(body)
    out = tmp_path / "html"
    app = Sphinx(str(source), str(source), str(out), str(tmp_path / "doctrees"), "html",
                 status=None, warning=None, freshenv=True)  # fmt: skip
    app.build()
    page = (out / "index.html").read_text()
    start = re.search(r'<section[^>]*id="payloads"[^>]*>.*?</h1>', page, re.S).end()
    article = page[start : page.index("</section>", start)]
    assert article.count("<p>") == len(PAYLOADS)
    assert not re.search(r"<(script|img|iframe|a|math|b)\b", article)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", article)  # only in text nodes
    assert "SUBSTITUTED" not in article
    assert "&lt;script&gt;alert" in article
    assert "{eval-rst}" in article and "{raw} html" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
