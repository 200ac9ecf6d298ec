"""A Content-Security-Policy on every page, as the first element of `<head>`.

GitHub Pages cannot send headers, so the policy is a `<meta http-equiv>` tag. Its
script-src allows files of the site only: no 'unsafe-inline', no 'unsafe-eval' and no
hashes. The theme's few inline scripts are known snippets (`MOVED_SCRIPTS`, and the
per-page `DOCUMENTATION_OPTIONS.pagename`); after the build they are replaced by
`<script src>` tags that load the same text from `_static/csp/`. Only snippets of that
list move: any other inline script a page holds stays inline, where the policy blocks it,
and the build warns about it. So an escaping mistake that lets corpus text write a
`<script>` into a page cannot run it, and cannot make itself allowed either.

The step runs at `build-finished` over every HTML file of the output (a few milliseconds
per page), not only those Sphinx wrote this time, and is idempotent: a page it already
processed gets the same bytes again and is not rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from policykb.storage import write_atomic

logger = logging.getLogger(__name__)

CSP_DIR = "_static/csp"
# Folders of the output that hold no pages of ours.
SKIPPED_DIRS = {"_static", "_sources", "_images", "_downloads", "pagefind"}

POLICY = "; ".join(
    [
        "default-src 'self'",
        # Pagefind's search is WebAssembly, run in its Web Worker (pagefind-worker.js);
        # when the worker fails it falls back to the page, where compiling it needs
        # 'wasm-unsafe-eval' (WebAssembly only: JavaScript's eval stays forbidden).
        "script-src 'self' 'wasm-unsafe-eval'",
        # Pagefind's worker, and the checker's, are files of the site.
        "worker-src 'self'",
        # 'unsafe-inline' for styles only, because the pages need it: Pagefind's UI adds
        # its components' CSS as <style> elements (blocked without it, measured), and the
        # theme's <noscript> block holds one. Injected CSS cannot run script.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        # frame-ancestors, report-uri and sandbox are ignored in a <meta> policy: framing
        # can only be refused by a header, which GitHub Pages does not let us set.
    ]
)
assert '"' not in POLICY
META = f'<meta http-equiv="Content-Security-Policy" content="{escape(POLICY, quote=False)}">'
META_RE = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')
HEAD_RE = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
SCRIPT_RE = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
SRC_RE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
PAGENAME_RE = re.compile(r"DOCUMENTATION_OPTIONS\.pagename = '([A-Za-z0-9_./-]+)';")

# The themes' inline scripts (pydata-sphinx-theme 0.16–0.24, Sphinx's basic theme),
# compared with runs of whitespace made one space; each becomes the file of that name.
MOVED_SCRIPTS = {
    "theme-mode.js": (
        'document.documentElement.dataset.mode = localStorage.getItem("mode") || "";\n'
        'document.documentElement.dataset.theme = localStorage.getItem("theme") || "";\n'
    ),
    "search-as-you-type.js": "DOCUMENTATION_OPTIONS.search_as_you_type = false;\n",
    "search-focus.js": (
        "// Activate the search field on page load\n"
        'let searchInput = document.querySelector("form.bd-search input");\n'
        "if (searchInput) {\n"
        "    searchInput.focus();\n"
        "    searchInput.select();\n"
        '    console.log("[PST]: Set focus on search field.");\n'
        "}\n"
    ),
    # Sphinx's basic theme (alabaster, the default), in its search box.
    "searchbox.js": "document.getElementById('searchbox').style.display = \"block\"\n",
}
# `DOCUMENTATION_OPTIONS.pagename = '<page>';` differs by page: the page name moves into
# an attribute of the tag that loads this file.
PAGENAME_FILE = "pagename.js"
PAGENAME_SCRIPT = "DOCUMENTATION_OPTIONS.pagename = document.currentScript.dataset.pagename;\n"


def _normal(text: str) -> str:
    return " ".join(text.split())


KNOWN = {_normal(text): name for name, text in MOVED_SCRIPTS.items()}


def static_files() -> dict[str, str]:
    """The moved-out scripts: file name (in `_static/csp/`) to text."""
    return {**MOVED_SCRIPTS, PAGENAME_FILE: PAGENAME_SCRIPT}


@dataclass
class Result:
    html: str
    blocked: list[str] = field(default_factory=list)  # inline scripts left, blocked


def secure_page(html: str, prefix: str) -> Result:
    """The page with its known inline scripts moved out and the policy first in `<head>`.

    `prefix` leads from the page to the site root ("" or "../"). Any other inline script
    stays, and is listed in `blocked`.
    """
    blocked: list[str] = []

    def replace(match: re.Match) -> str:
        attrs, body = match.group(1) or "", match.group(2)
        if SRC_RE.search(attrs):
            return match.group(0)
        name = KNOWN.get(_normal(body))
        if name is not None:
            return f'<script src="{prefix}{CSP_DIR}/{name}"></script>'
        page = PAGENAME_RE.fullmatch(body.strip())
        if page is not None:
            return (
                f'<script src="{prefix}{CSP_DIR}/{PAGENAME_FILE}" '
                f'data-pagename="{escape(page.group(1))}"></script>'
            )
        blocked.append(body)
        return match.group(0)

    html = SCRIPT_RE.sub(replace, html)
    head = HEAD_RE.search(html)
    if head is None:
        blocked.append("(no <head>: no policy)")
        return Result(html, blocked)
    rest = html[head.end() :]
    existing = META_RE.match(rest)  # from an earlier run over this page
    if existing is not None:
        rest = rest[existing.end() :]
    return Result(f"{html[: head.end()]}\n{META}{rest}", blocked)


def page_prefix(outdir: Path, path: Path) -> str:
    return "../" * (len(path.relative_to(outdir).parts) - 1)


def site_pages(outdir: Path) -> list[Path]:
    return sorted(
        path
        for path in outdir.rglob("*.html")
        if path.relative_to(outdir).parts[0] not in SKIPPED_DIRS
    )


def secure_site(outdir: Path) -> dict[str, list[str]]:
    """Secure every page of a built site; the inline scripts left (blocked), by page."""
    folder = outdir / CSP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in static_files().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
            target.chmod(0o644)
    blocked: dict[str, list[str]] = {}
    for path in site_pages(outdir):
        before = path.read_text(encoding="utf-8")
        result = secure_page(before, page_prefix(outdir, path))
        if result.html != before:
            write_atomic(path, result.html)
            path.chmod(0o644)
        if result.blocked:
            blocked[path.relative_to(outdir).as_posix()] = result.blocked
    return blocked


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page, scripts in secure_site(Path(app.outdir)).items():
        logger.warning(
            "%s: %d inline script(s) the Content-Security-Policy blocks: %r",
            page,
            len(scripts),
            [s.strip()[:80] for s in scripts],
            type="policykb",
            subtype="csp",
        )


def setup_csp(app: Sphinx) -> None:
    app.connect("build-finished", _build_finished)
