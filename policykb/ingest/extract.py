"""Extraction: from the bytes a server sent to the text of a policy, as escaped Markdown.

Pure functions: no Scrapy, no clock, no network. The same bytes always give the same text,
which is what lets `policykb reextract` rebuild the corpus from the archive byte for byte.

- HTML is decoded as Scrapy's TextResponse decodes it (byte-order mark, then the HTTP
  header's charset, then `<meta charset>`, then detection), so a header that contradicts
  the page's meta tag wins. A registry entry's `select` / `remove` CSS selectors, when
  present, decide what the content is; otherwise trafilatura finds the main text and
  drops the page chrome.
- PDF text comes from pypdf, with pdfminer.six as a fallback; an encrypted or corrupt
  PDF is an `ExtractionError` with a plain message.
- Either way the result is a list of blocks (headings, paragraphs, list items; the one
  block type, `policykb.analysis.blocks.Block`) that `to_markdown` renders with every block's
  text escaped (`policykb.content.escape`); `split_blocks` reads that Markdown back into the same
  texts. The language is `policykb.analysis.languages.detect_language`'s, as the tagger's.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from itertools import takewhile

from policykb.analysis.blocks import Block
from policykb.analysis.languages import detect_language
from policykb.content.escape import escape_text, normalize_space

MAX_HEADING = 6


class ExtractionError(Exception):
    """The content cannot be turned into text; the message names the reason."""


@dataclass(frozen=True)
class Extraction:
    blocks: tuple[Block, ...]
    title: str | None
    language: str | None  # detected from the text (ISO 639-1), None if unknown
    kind: str  # "html" | "pdf" | "text"

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def markdown(self) -> str:
        return to_markdown(self.blocks)


# --- entry point ----------------------------------------------------------------------


def extract(
    body: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    select: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> Extraction:
    """Extract a fetched document; the media type comes from the header or the bytes."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "application/pdf" or body.lstrip()[:5] == b"%PDF-":
        return extract_pdf(body)
    if media == "text/plain":
        return extract_plain_text(body, content_type)
    if media and not any(t in media for t in ("html", "xml")) and media != "text/plain":
        raise ExtractionError(f"unsupported content type {media!r}")
    return extract_html(body, content_type=content_type, url=url, select=select, remove=remove)


def _finish(blocks: list[Block], title: str | None, kind: str) -> Extraction:
    blocks = [b for b in blocks if b.text]
    if not blocks:
        raise ExtractionError("no text found in the document")
    text = " ".join(b.text for b in blocks)
    return Extraction(tuple(blocks), title or None, detect_language(text), kind)


# --- HTML -----------------------------------------------------------------------------


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode as Scrapy's TextResponse does: BOM, header charset, meta charset, detection."""
    from w3lib.encoding import html_to_unicode, resolve_encoding

    def auto_detect(data: bytes) -> str | None:
        for encoding in ("ascii", "utf-8"):
            try:
                data.decode(encoding)
            except UnicodeError:
                continue
            return resolve_encoding(encoding)
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
        return resolve_encoding(match.encoding) if match else None

    return html_to_unicode(
        content_type or "", body, auto_detect_fun=auto_detect, default_encoding="ascii"
    )[1]


_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")


def _html_parser():
    import lxml.html

    # Without comments, as trafilatura parses pages itself: a comment inside a paragraph
    # (`by <!-- x -->email`) otherwise cuts trafilatura's text short at the comment.
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True)


def extract_html(
    body: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    select: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> Extraction:
    import lxml.html

    text = decode_html(body, content_type)
    if not text.strip():
        raise ExtractionError("empty page")
    try:
        tree = lxml.html.document_fromstring(_strip_xml_declaration(text), parser=_html_parser())
    except Exception as exc:  # lxml raises ParserError, ValueError, ...
        raise ExtractionError(f"unreadable HTML: {exc}") from None
    title = page_title(tree)
    for css in remove:
        for element in _css(tree, css, "remove"):
            _drop(element)
    blocks = list(_blocks_from_selection(tree, select)) if select else _main_text(tree, url)
    return _finish(blocks, title, "html")


def _strip_xml_declaration(text: str) -> str:
    # lxml refuses a str that carries its own encoding declaration.
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)


def _css(tree, css: str, what: str) -> list:
    from cssselect import SelectorError

    try:
        return tree.cssselect(css)
    except SelectorError as exc:
        raise ExtractionError(f"invalid {what} selector {css[:100]!r}: {exc}") from None
    except RecursionError:
        raise ExtractionError(f"{what} selector {css[:100]!r} is nested too deeply") from None


# What lxml refuses in a text it is given (it parses such characters, but will not take
# them back): C0 controls other than tab, newline and carriage return.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _drop(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:  # keep the text that follows the removed element
        previous = element.getprevious()
        if previous is not None:
            previous.tail = _NOT_XML.sub("", (previous.tail or "") + element.tail)
        else:
            parent.text = _NOT_XML.sub("", (parent.text or "") + element.tail)
    parent.remove(element)


def _blocks_from_selection(tree, select: Sequence[str]) -> Iterator[Block]:
    """The selected elements, in document order, each converted in full."""
    chosen = []
    for css in select:
        found = _css(tree, css, "select")
        if not found:
            raise ExtractionError(f"select selector {css!r} matched nothing")
        chosen.extend(found)
    order = {element: i for i, element in enumerate(tree.iter())}
    kept = sorted(set(chosen), key=order.__getitem__)
    # An element inside another chosen element is already part of it.
    ancestors = set(kept)
    for element in kept:
        if not any(a in ancestors for a in element.iterancestors()):
            for tag in _DROP_TAGS:
                for junk in element.iter(tag):
                    if junk is not element:
                        _drop(junk)
            yield from blocks_from_tree(element, HTML_KINDS)


def _main_text(tree, url: str | None) -> list[Block]:
    """The page's main text: trafilatura finds it, then we convert its whole container.

    trafilatura drops headings without a paragraph under them and sometimes keeps a cookie
    notice; so its text only serves to locate the content's container in the page
    (`content_container`), which is then converted in full, minus link lists that
    trafilatura did not keep. When trafilatura finds nothing, the whole body, minus
    chrome elements, is converted.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )
    found = []
    if document is not None and document.body is not None:
        found = list(blocks_from_tree(document.body, XML_KINDS))
    body = tree.find("body")
    if body is None:
        return found
    for tag in _DROP_TAGS:
        for junk in list(body.iter(tag)):
            _drop(junk)
    if not found:
        for tag in ("nav", "header", "footer", "aside", "form"):
            for junk in list(body.iter(tag)):
                _drop(junk)
        return list(blocks_from_tree(body, HTML_KINDS))
    container, matched = content_container(body, "\n".join(b.text for b in found))
    _drop_furniture(container, matched)
    _prune_link_lists(container, matched)
    _drop_bare_headings(container, matched)
    return list(blocks_from_tree(container, HTML_KINDS)) or found


def _text_nodes(root) -> Iterator[tuple[object, str]]:
    """(element the text belongs to, text) for every text and tail under `root`."""
    for element in root.iter():
        if element.text and isinstance(element.tag, str):
            yield element, element.text
        if element.tail and element is not root:
            parent = element.getparent()
            if parent is not None:
                yield parent, element.tail


UNMATCHED_TEXT_WEIGHT = 0.25  # text trafilatura skipped costs this much; link text costs 1


def content_container(root, main_text: str) -> tuple[object, dict]:
    """The element that holds `main_text` with the least page chrome around it.

    A text node counts as matched when it occurs in `main_text`. Each element scores its
    matched characters, minus the unmatched link text under it (menus, sidebars, footers),
    minus a quarter of its other unmatched text (which is mostly content trafilatura
    skipped, such as bare headings and lists). The best-scoring element wins; with it
    come the matched counts per element (subtree totals)."""
    in_link = {e for a in root.iter("a") for e in a.iter()}
    own_matched: dict = {}
    own_cost: dict = {}
    for element, text in _text_nodes(root):
        words = normalize_space(text)
        if not words:
            continue
        if len(words) > 1 and words in main_text:
            own_matched[element] = own_matched.get(element, 0) + len(words)
        else:
            weight = 1.0 if element in in_link else UNMATCHED_TEXT_WEIGHT
            own_cost[element] = own_cost.get(element, 0) + weight * len(words)
    matched: dict = {}
    score: dict = {}
    for element in reversed(list(root.iter())):
        matched[element] = own_matched.get(element, 0) + sum(matched[c] for c in element)
        score[element] = (
            own_matched.get(element, 0) - own_cost.get(element, 0) + sum(score[c] for c in element)
        )
    best = max((e for e in root.iter() if isinstance(e.tag, str)), key=score.__getitem__)
    return best, matched


_MEDIA_TAGS = ("img", "picture", "video", "audio")
FORM_BOX_WORDS = 30  # a form's parent with no more words than this is the form's box
_FORM_CONTROLS = ("button", "select", "textarea", "input")


def _drop_furniture(container, matched: dict) -> None:
    """Drop what a page puts around its text: pictures with their captions and credits
    (a `<figure>` holding media, not a table or a quotation), form controls, and forms
    that trafilatura left out, with the line or two that invite you to fill them in (a
    newsletter box). Policy text is never in these."""
    for element in list(container.iter("figure", *_FORM_CONTROLS, "form")):
        if element is container or element.getparent() is None:
            continue
        tag = _tag(element)
        if tag == "figure":
            media = any(True for _ in element.iter(*_MEDIA_TAGS))
            if not media or any(True for _ in element.iter("table", "blockquote")):
                continue
        elif tag == "form":
            if matched.get(element, 0):
                continue
            box = element.getparent()
            if box is not container and len(box.text_content().split()) <= FORM_BOX_WORDS:
                element = box
        _drop(element)


def _prune_link_lists(container, matched: dict) -> None:
    """Drop parts of the container that trafilatura left out and that are mostly links.

    A link inside a sentence stays with its sentence: an inline element goes only when the
    block around it is mostly links too."""

    def link_heavy(element) -> bool:
        text = normalize_space(element.text_content())
        links = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
        return bool(text) and links >= 0.5 * len(text)

    for element in list(container.iter()):
        if element is container or not isinstance(element.tag, str):
            continue
        if matched.get(element, 0) or HTML_KINDS.get(_tag(element)) == "heading":
            continue
        if element.getparent() is None or not link_heavy(element):
            continue
        if _tag(element) in _INLINE_TAGS:
            block = next(a for a in element.iterancestors() if _tag(a) not in _INLINE_TAGS)
            if not link_heavy(block):
                continue
        _drop(element)


def _drop_bare_headings(container, matched: dict) -> None:
    """Drop a wrapper left holding only a heading once its list was pruned ("Sources",
    "More stories"): a heading over nothing."""
    for element in list(container.iter()):
        if element is container or not isinstance(element.tag, str):
            continue
        if matched.get(element, 0) or element.getparent() is None:
            continue
        if HTML_KINDS.get(_tag(element)) is not None or _tag(element) in _INLINE_TAGS:
            continue
        headings = [e for e in element.iter() if HTML_KINDS.get(_tag(e)) == "heading"]
        text = normalize_space(element.text_content())
        heading_text = normalize_space(" ".join(h.text_content() for h in headings))
        if headings and text == heading_text:
            _drop(element)


def page_title(tree) -> str | None:
    """The document's title: `og:title`, else `<title>`, else the first `<h1>`."""
    candidates = [
        *tree.xpath('//meta[@property="og:title"]/@content')[:1],
        " ".join(tree.xpath("//title//text()")),
        " ".join(tree.xpath("(//h1)[1]//text()")),
    ]
    return next((t for t in map(normalize_space, candidates) if t), None)


# Element names → block kinds, for HTML and for trafilatura's XML output.
HTML_KINDS = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "p": "paragraph",
    "pre": "paragraph",
    "address": "paragraph",
    "dt": "paragraph",
    "dd": "paragraph",
    "figcaption": "paragraph",
    "caption": "paragraph",
    "ul": "list",
    "ol": "list",
    "menu": "list",
    "li": "item",
    "table": "table",
    "tr": "row",
    "td": "cell",
    "th": "cell",
    "br": "break",
    "hr": "break",
}
XML_KINDS = {
    "head": "heading",
    "p": "paragraph",
    "code": "paragraph",
    "list": "list",
    "item": "item",
    "table": "table",
    "row": "row",
    "cell": "cell",
    "lb": "break",
}
# Containers whose text is inline when it sits inside a paragraph.
_INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "del",
        "ins",
        "label",
        "hi",
        "ref",
    ]
)


def _tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _inline_text(element, kinds: dict[str, str], skip_lists: bool = False) -> str:
    """All text under `element` as one line; nested lists left out when asked."""
    parts: list[str] = []

    def walk(node) -> None:
        # Comments and processing instructions add nothing: their tail, like every
        # child's, is added by the parent's loop below.
        if not isinstance(node.tag, str):
            return
        kind = kinds.get(_tag(node))
        if skip_lists and node is not element and kind == "list":
            parts.append(" ")
            return
        if kind in {"break", "cell", "row"} and node is not element:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return normalize_space("".join(parts))


def blocks_from_tree(root, kinds: dict[str, str], depth: int = 0) -> Iterator[Block]:
    """Headings, paragraphs and list items of an element tree, in document order.

    Text that sits directly in a container (a `<div>` with words and `<br>` in it) becomes
    a paragraph of its own, split where a block element interrupts it.
    """
    kind = kinds.get(_tag(root))
    if kind == "heading":
        yield Block(_inline_text(root, kinds), kind="heading", level=_heading_level(root))
        return
    if kind == "paragraph" and not _has_block_child(root, kinds):
        yield Block(_inline_text(root, kinds))
        return
    if kind == "list":
        yield from _list_items(root, kinds, depth)
        return
    if kind == "table":
        for row in root.iter(*[t for t, k in kinds.items() if k == "row"]):
            cells = [_inline_text(c, kinds) for c in row if kinds.get(_tag(c)) == "cell"]
            yield Block(" | ".join(c for c in cells if c))
        return
    pending: list[str] = [root.text or ""]
    for child in root:
        child_kind = kinds.get(_tag(child)) if isinstance(child.tag, str) else None
        if not isinstance(child.tag, str):  # a comment: its tail still counts
            pass
        elif child_kind in {"heading", "paragraph", "list", "table", "item"} or (
            child_kind is None and _tag(child) not in _INLINE_TAGS
        ):
            yield from _flush(pending)
            if child_kind == "item":  # an item outside any list
                yield from _item(child, kinds, depth, ordered=False)
            else:
                yield from blocks_from_tree(child, kinds, depth)
        elif child_kind == "break":
            pending.append(" ")
        else:
            pending.append(_inline_text(child, kinds))
        pending.append(child.tail or "")
    yield from _flush(pending)


def _flush(pending: list[str]) -> Iterator[Block]:
    text = normalize_space("".join(pending))
    pending.clear()
    if text:
        yield Block(text)


def _has_block_child(element, kinds: dict[str, str]) -> bool:
    return any(
        kinds.get(_tag(child)) in {"heading", "paragraph", "list", "table"}
        for child in element
        if isinstance(child.tag, str)
    )


def _heading_level(element) -> int:
    tag = _tag(element)
    rend = element.get("rend") or tag
    match = re.fullmatch(r"h([1-6])", rend.lower())
    return int(match.group(1)) if match else 2


def _list_items(element, kinds: dict[str, str], depth: int) -> Iterator[Block]:
    ordered = _tag(element) == "ol" or element.get("rend") == "ol"
    for item in element:
        if kinds.get(_tag(item)) == "item":
            yield from _item(item, kinds, depth, ordered)


def _item(item, kinds: dict[str, str], depth: int, ordered: bool) -> Iterator[Block]:
    """A list item's own text, then its nested lists one level deeper."""
    yield Block(
        _inline_text(item, kinds, skip_lists=True), kind="item", level=depth, ordered=ordered
    )
    for nested in item.iter():
        if nested is not item and kinds.get(_tag(nested)) == "list":
            between = takewhile(lambda a: a is not item, nested.iterancestors())
            if not any(kinds.get(_tag(a)) == "list" for a in between):
                yield from _list_items(nested, kinds, depth + 1)


# --- PDF ------------------------------------------------------------------------------

# PDF parsers decompress whatever a file declares (a 1 MB file can hold gigabytes of
# FlateDecode or LZW output) and can spend minutes laying out huge pages, so PDF text is
# read in a child process with a memory and a CPU-time limit: a bomb costs that child,
# never the crawl. The limits are far above what real policies need.
PDF_MEMORY_BYTES = 1536 * 1024 * 1024  # address space of the child
PDF_CPU_SECONDS = 120
PDF_WALL_SECONDS = 300
MAX_PDF_TEXT_BYTES = 64 * 1024 * 1024  # JSON the child may send back


def extract_pdf(body: bytes) -> Extraction:
    """Text of a PDF: pypdf first, pdfminer.six when pypdf fails or finds nothing."""
    title, pages = pdf_pages(body)
    if not any(p.strip() for p in pages):
        raise ExtractionError("PDF has no extractable text (a scanned image?)")
    return _finish(list(text_to_blocks(pages)), title, "pdf")


def pdf_pages(body: bytes) -> tuple[str | None, list[str]]:
    """(title, page texts) of a PDF, read in a resource-limited child process."""
    import json
    import os
    import subprocess
    import sys

    import policykb

    package_root = os.path.dirname(os.path.dirname(os.path.abspath(policykb.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    try:
        child = subprocess.run(
            [sys.executable, "-c", "from policykb.ingest.extract import _pdf_child; _pdf_child()"],
            input=body,
            capture_output=True,
            env=env,
            timeout=PDF_WALL_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionError(_pdf_limit_message()) from None
    except OSError as exc:
        raise ExtractionError(f"cannot start the PDF reader ({exc.strerror or exc})") from None
    try:
        if len(child.stdout) > MAX_PDF_TEXT_BYTES:
            raise ValueError("too much text")
        answer = json.loads(child.stdout)
    except ValueError:
        answer = None
    if child.returncode != 0 or not isinstance(answer, dict):
        raise ExtractionError(_pdf_limit_message())
    if "error" in answer:
        raise ExtractionError(str(answer["error"]))
    return answer.get("title"), [str(p) for p in answer.get("pages", [])]


def _pdf_limit_message() -> str:
    return (
        "PDF could not be read within the reader's limits "
        f"({PDF_MEMORY_BYTES // (1024 * 1024)} MB of memory, {PDF_CPU_SECONDS} s): "
        "a decompression bomb or a damaged file"
    )


def _pdf_child() -> None:
    """The child process: PDF bytes on stdin, one JSON object on stdout."""
    import json
    import logging
    import sys

    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (PDF_MEMORY_BYTES, PDF_MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (PDF_CPU_SECONDS, PDF_CPU_SECONDS + 5))
    except (ImportError, ValueError, OSError):  # no such limits here (not Linux or macOS)
        pass
    logging.disable(logging.CRITICAL)  # damaged PDFs are reported, not logged
    body = sys.stdin.buffer.read()
    try:
        title, pages = _pypdf_pages(body)
        if not any(p.strip() for p in pages):
            pages = _pdfminer_pages(body)
        answer: dict = {"title": title, "pages": pages}
    except ExtractionError as exc:
        answer = {"error": str(exc)}
    except (MemoryError, RecursionError):
        answer = {"error": _pdf_limit_message()}
    sys.stdout.write(json.dumps(answer))


def _pypdf_pages(body: bytes) -> tuple[str | None, list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF is encrypted (it needs a password)")
        title = None
        try:
            title = reader.metadata.title if reader.metadata else None
        except Exception:
            title = None
        # Layout mode keeps the blank lines between paragraphs.
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        return (normalize_space(str(title)) if title else None), pages
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise ExtractionError("PDF is encrypted (it needs a password)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, IndexError):
        return None, []  # damaged: pdfminer.six gets its turn
    except NotImplementedError as exc:  # e.g. an unsupported encryption algorithm
        raise ExtractionError(f"PDF is encrypted in an unsupported way: {exc}") from None


def _pdfminer_pages(body: bytes) -> list[str]:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        text = extract_text(BytesIO(body))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractionError("PDF is encrypted (it needs a password)") from None
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise ExtractionError(f"PDF is corrupt or unreadable ({type(exc).__name__})") from None
    return text.split("\f")


_BULLET = re.compile(r"^\s*(?:[•▪◦‣●○■□–\-*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(?=\S)")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.I)


def text_to_blocks(pages: Iterable[str]) -> Iterator[Block]:
    """Paragraphs and list items from page text, where line breaks are only layout.

    A paragraph ends at a blank line, before a bullet, or after a line much shorter than
    the page's usual line; a word hyphenated across lines is joined again.
    """
    lines = [line.rstrip() for page in pages for line in page.splitlines()]
    lengths = [len(line) for line in lines if len(line.strip()) > 20]
    usual = statistics.median(lengths) if lengths else 60
    current: list[str] = []
    is_item = False

    def flush() -> Iterator[Block]:
        nonlocal current, is_item
        text = normalize_space(_join_lines(current))
        if text:
            yield Block(text, kind="item" if is_item else "paragraph")
        current, is_item = [], False

    for line in lines:
        if not line.strip() or _PAGE_NUMBER.match(line):
            yield from flush()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            yield from flush()
            is_item = True
            line = line[bullet.end() :]
        current.append(line.strip())
        if len(line) < 0.7 * usual:
            yield from flush()
    yield from flush()


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower() and len(text) > 1 and text[-2].isalpha():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


# --- plain text -----------------------------------------------------------------------


def extract_plain_text(body: bytes, content_type: str | None) -> Extraction:
    text = decode_html(body, content_type)
    return _finish(list(text_to_blocks([text])), None, "text")


# --- Markdown ------------------------------------------------------------


def to_markdown(blocks: Iterable[Block]) -> str:
    """Escaped Markdown: ATX headings (levels made consecutive from `#`), paragraphs and
    lists (`-` or numbered, nested by indentation); one blank line between blocks."""
    out: list[str] = []
    levels: list[int] = []  # source levels of the open headings, outermost first
    lists: list[tuple[int, bool, int]] = []  # open lists: (indent, ordered, items so far)
    previous = None
    for block in blocks:
        if block.kind == "item":
            depth = min(block.level, len(lists)) if previous == "item" else 0
            del lists[depth + 1 :]
            if depth < len(lists) and lists[depth][1] != block.ordered:
                del lists[depth:]  # a bullet list after a numbered one, or the reverse
            if depth == len(lists):
                indent = 0 if depth == 0 else lists[-1][0] + len(_marker(lists[-1]))
                lists.append((indent, block.ordered, 0))
            indent, ordered, count = lists[depth]
            lists[depth] = (indent, ordered, count + 1)
            line = " " * indent + _marker(lists[depth]) + escape_text(block.text)
            out.append(("\n" if previous == "item" else "\n\n") + line)
        else:
            lists = []
            if block.kind == "heading":
                while levels and levels[-1] >= block.level:
                    levels.pop()
                levels.append(block.level)
                line = "#" * min(len(levels), MAX_HEADING) + " " + escape_text(block.text)
            else:
                line = escape_text(block.text)
            out.append("\n\n" + line)
        previous = block.kind
    return "".join(out).lstrip("\n") + "\n" if out else ""


def _marker(open_list: tuple[int, bool, int]) -> str:
    _, ordered, count = open_list
    return f"{count}. " if ordered else "- "
