"""A Content-Security-Policy on every page, as the first element of `<head>`.

GitHub Pages cannot send headers, so the policy is a `<meta http-equiv>` tag. Its
script-src allows files of the site only: no 'unsafe-inline', no 'unsafe-eval' and no
hashes. The theme's few inline scripts are known snippets (`MOVED_SCRIPTS`, and the
per-page `DOCUMENTATION_OPTIONS.pagename`); after the build they are replaced by
`<script src>` tags that load the same text from `_static/csp/`. Only snippets of that
list move: any other inline script a page holds stays inline, where the policy blocks it,
and the build warns about it. So an escaping mistake that lets corpus text write a
`<script>` into a page cannot run it, and cannot make itself allowed either.

Pages are secured as the theme renders them (`_secure_rendered`), before Sphinx writes
them. At `build-finished` every HTML file of the output that changed since the last
build's pass (by size and time, recorded in the build state) is checked again, so a page
that reached the output another way, or was left by an interrupted build, is secured too;
the step is idempotent: a page already processed gets the same bytes and is not rewritten.
A page with a blocked script is not recorded, so each build warns about it again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from policykb.content.storage import write_atomic
from policykb.site.state import BuildState

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
    """Every HTML page of the output, outside the folders that hold none of ours."""
    return sorted(outdir / relative for relative in _page_names(outdir))


def _page_names(outdir: Path) -> list[str]:
    """The pages of `site_pages`, as paths from `outdir` with "/" (cheap for many pages)."""
    names = []
    root = str(outdir)
    for folder, subfolders, files in os.walk(root):
        if folder == root:
            subfolders[:] = [d for d in subfolders if d not in SKIPPED_DIRS]
            prefix = ""
        else:
            prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        names += [prefix + f for f in files if f.endswith(".html")]
    return sorted(names)


def _write_static(outdir: Path) -> None:
    folder = outdir / CSP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in static_files().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
            target.chmod(0o644)


def secure_site(outdir: Path) -> dict[str, list[str]]:
    """Secure every page of a built site; the inline scripts left (blocked), by page."""
    return secure_changed(outdir, {})[0]


def secure_changed(
    outdir: Path, known: dict[str, tuple[int, int]], rendered: frozenset[str] = frozenset()
) -> tuple[dict[str, list[str]], dict[str, tuple[int, int]]]:
    """Secure the pages of a built site that changed since they were last secured: `known`
    has the size and time of those pages (by path from `outdir`); `rendered` are pages
    this build secured as they were rendered, with nothing blocked (not read again).

    Returns the inline scripts left (blocked) by page, and the size and time of every page
    now secured with none blocked."""
    _write_static(outdir)
    blocked: dict[str, list[str]] = {}
    secured: dict[str, tuple[int, int]] = {}
    root = str(outdir)
    for relative in _page_names(outdir):
        info = os.stat(os.path.join(root, relative))
        if known.get(relative) == (info.st_size, info.st_mtime_ns) or relative in rendered:
            secured[relative] = (info.st_size, info.st_mtime_ns)
            continue
        path = outdir / relative
        before = path.read_text(encoding="utf-8")
        result = secure_page(before, page_prefix(outdir, path))
        if result.html != before:
            write_atomic(path, result.html, durable=False)  # output the build can remake
            path.chmod(0o644)
            info = path.stat()
        if result.blocked:
            blocked[relative] = result.blocked
        else:
            secured[relative] = (info.st_size, info.st_mtime_ns)
    return blocked, secured


def _secure_rendered(app: Sphinx) -> None:
    """Secure each page as the theme renders it (Sphinx then writes it once)."""
    if app.builder.format != "html" or getattr(app.builder, "templates", None) is None:
        return
    templates = app.builder.templates
    render = templates.render
    suffix = getattr(app.builder, "out_suffix", ".html")
    rendered: set[str] = set()
    app.policykb_csp_rendered = rendered  # type: ignore[attr-defined]

    def render_secured(template: str, context: dict) -> str:
        html = render(template, context)
        pagename = context.get("pagename")
        if not template.endswith(".html") or not isinstance(pagename, str):
            return html
        result = secure_page(html, "../" * pagename.count("/"))
        if result.blocked:
            return html  # written as is; the pass at the end warns about it
        rendered.add(pagename + suffix)
        return result.html

    templates.render = render_secured


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from policykb.site.data import site_data

    state: BuildState = site_data(app).state
    known = state.outputs()
    rendered = frozenset(getattr(app, "policykb_csp_rendered", ()))
    blocked, secured = secure_changed(Path(app.outdir), known, rendered)
    state.drop_outputs(set(known) - set(secured))
    state.put_outputs({p: v for p, v in secured.items() if known.get(p) != v})
    for page, scripts in blocked.items():
        logger.warning(
            "%s: %d inline script(s) the Content-Security-Policy blocks: %r",
            page,
            len(scripts),
            [s.strip()[:80] for s in scripts],
            type="policykb",
            subtype="csp",
        )


def setup_csp(app: Sphinx) -> None:
    app.connect("builder-inited", _secure_rendered)
    app.connect("build-finished", _build_finished)
