"""`policykb-checker`: the in-browser draft checker on `checker.html`.

The directive renders the form (a labelled textarea, "Check my draft", "Try an example",
a Cancel button shown while a check runs) and an empty `#checker-results`. The page loads
five scripts, on that page only: `checker-data.js` (written into `_static/` at build time
from `policykb.analysis.checker.browser_data()`, only when some page uses the directive),
`model.js` (the learned model's features and scoring), `vendor/markdown-it.min.js` (the
Markdown reader the engine splits drafts with), `checker-engine.js` (the engine:
same rules as `policykb check`) and `checker.js` (the page: the form and the report).
`checker.js` runs the checks in a Web Worker, `checker-worker.js`, which loads `model.js`,
markdown-it and `checker-engine.js` too: a long draft does not freeze the page. The model's weights
(`checker-model.js`, from `policykb.analysis.model.Model.browser_json()`) are a file of their own,
loaded when the page opens (by the worker): they are the bulk of the data, and no other
page needs them. The draft never leaves the browser.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from policykb.analysis.checker import browser_data
from policykb.analysis.model import MODEL_PATH, load_model
from policykb.content import paths
from policykb.content.storage import write_atomic
from policykb.content.taxonomy import Taxonomy
from policykb.site.config import STATIC_DIR
from policykb.site.data import code_digest, relative_link, site_data
from policykb.site.html import esc, tip_docname
from policykb.site.state import digest_of, sha256

METADATA_FLAG = "policykb_checker"
DATA_FILE = "checker-data.js"
SCRIPT_FILE = "checker.js"
ENGINE_SCRIPT_FILE = "checker-engine.js"
MODEL_SCRIPT_FILE = "model.js"
# markdown-it (MIT, vendored unchanged with its licence): the engine's Markdown reader.
MARKDOWN_SCRIPT_FILE = "vendor/markdown-it.min.js"
WORKER_FILE = "checker-worker.js"
DATA_GLOBAL = "policykbCheckerData"
MODEL_FILE = "checker-model.js"
MODEL_GLOBAL = "policykbCheckerModel"
NOT_LEGAL_ADVICE_DOC = "about/not-legal-advice"
NLRB_GUIDE_DOC = "nlrb/index"
NLRB_RULES_DOC = "nlrb/rules"

# A short draft for a fictional organisation: some tips covered, some missing, two risky
# clauses in a list under its lead-in and a lawful confidentiality clause.
EXAMPLE_DRAFT = """\
# Social media policy (draft)

Larkspur Valley Cooperative uses social media to tell members about our harvest markets,
answer their questions and celebrate the growers who supply us.

The communications team owns this policy and our official accounts. Questions about it
go to the communications lead.

## Official accounts

Only staff approved by the communications lead may open or run an account in the
cooperative's name.

## Your own accounts

When you mention the cooperative on your own accounts, say that you work here and that
the views are your own.

Employees must not:

- share salary details or performance reviews of colleagues
- post anything that damages the reputation of the cooperative

Do not disclose our trade secrets, such as supplier contracts and unreleased prices.
This rule does not cover your own or your colleagues' wages, hours or working
conditions, which you are free to discuss.

## Review

We review this policy every January and July.
"""


def render_form(prefix: str, example: str = EXAMPLE_DRAFT) -> str:
    """The checker's form and its empty results area; `prefix` leads to the site root."""
    return (
        f'<div class="pkb-checker" data-root="{esc(prefix)}" data-pagefind-ignore="all">'
        '<label class="pkb-checker-label" for="checker-input">Your draft policy</label>'
        '<p class="pkb-checker-help" id="checker-input-help">Paste the text of your draft: '
        "plain text or Markdown, with headings, paragraphs and bulleted or numbered lists. "
        "It stays in this browser tab.</p>"
        '<textarea id="checker-input" class="pkb-checker-input" rows="10" '
        'aria-describedby="checker-input-help" spellcheck="true" '
        'placeholder="Our social media policy…"></textarea>'
        '<div class="pkb-checker-actions">'
        '<button type="button" id="checker-run" class="pkb-button">Check my draft</button>'
        '<button type="button" id="checker-cancel" class="pkb-button pkb-button-secondary" '
        "hidden>Cancel</button>"
        '<button type="button" id="checker-example" class="pkb-button pkb-button-secondary">'
        "Try an example</button>"
        '<button type="button" id="checker-clear" class="pkb-checker-clear">Clear</button>'
        "</div>"
        f'<template id="checker-example-text">{esc(example)}</template>'
        '<noscript><p class="pkb-note">The checker runs in your browser and needs '
        "JavaScript. Without it, run <code>policykb check your-draft.md</code> on your own "
        "computer for the same report.</p></noscript>"
        "</div>"
        '<div id="checker-results" class="pkb-checker-results" aria-live="polite"></div>'
    )


class CheckerDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname][METADATA_FLAG] = True
        html = render_form(relative_link(self.env.docname, ""))
        return [nodes.raw("", html, format="html")]


def page_links(taxonomy: Taxonomy, docnames: set[str]) -> dict:
    """Paths (from the site root) of the pages the results link to, where they exist."""

    def page(docname: str) -> str | None:
        return f"{docname}.html" if docname in docnames else None

    return {
        "tips": {
            str(t.number): page(tip_docname(t)) for t in taxonomy.tips if page(tip_docname(t))
        },
        "topics": {t.id: page(f"topics/{t.id}") for t in taxonomy.topics if page(f"topics/{t.id}")},
        "nlrb": page(NLRB_GUIDE_DOC),
        "rules": page(NLRB_RULES_DOC),
        "not_legal_advice": page(NOT_LEGAL_ADVICE_DOC),
    }


def checker_data(taxonomy: Taxonomy, docnames: set[str]) -> dict:
    """`browser_data()` for this taxonomy, plus the links to the site's pages."""
    data = browser_data(taxonomy=taxonomy)
    data["pages"] = page_links(taxonomy, docnames)
    return data


def data_script(data: dict, name: str = DATA_GLOBAL) -> str:
    """The data as a script that sets one global (works from file:// too, unlike fetch)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return f"window.{name} = {payload};\n"


def model_script() -> str | None:
    """The shipped model's weights for the page (`checker-model.js`), or None without one."""
    model = load_model()
    return None if model is None else data_script(model.browser_json(), MODEL_GLOBAL)


def model_reference(script: str | None) -> dict | None:
    """Where `checker.js` finds the weights (beside itself, with a checksum against stale
    caches) and the global they set; None when there is no model."""
    if script is None:
        return None
    digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:16]
    return {"src": f"{MODEL_FILE}?v={digest}", "global": MODEL_GLOBAL}


def worker_reference() -> str:
    """Where `checker.js` finds its worker, beside itself, with a checksum against stale
    caches (the worker is no page script, so Sphinx gives it none)."""
    digest = hashlib.sha256((STATIC_DIR / WORKER_FILE).read_bytes()).hexdigest()[:16]
    return f"{WORKER_FILE}?v={digest}"


def _checker_pages(env: BuildEnvironment) -> list[str]:
    return sorted(d for d in env.found_docs if env.metadata.get(d, {}).get(METADATA_FLAG, False))


def _write_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before pages are written (so that their script links carry a checksum)."""
    if app.builder.format != "html":
        return []
    static = Path(app.outdir) / "_static"
    target, weights = static / DATA_FILE, static / MODEL_FILE
    if not _checker_pages(env):
        target.unlink(missing_ok=True)
        weights.unlink(missing_ok=True)
        return []
    # Compiling the patterns takes seconds: skipped when nothing they come from changed.
    site = site_data(app)
    rules = paths.rules_path()
    key = digest_of(
        [
            code_digest(),
            site.tag_code,  # taxonomy, tagger and model
            site.digests["rules"],
            sha256(rules.read_bytes()) if rules.is_file() else None,
            sha256((STATIC_DIR / WORKER_FILE).read_bytes()),
            *sorted(env.found_docs),
        ]
    )
    written = target.is_file() and (weights.is_file() or not MODEL_PATH.is_file())
    if site.state.get_key("checker-data") == key and written:
        return []
    site.state.drop_key("checker-data")
    script = model_script()
    if script is None:
        weights.unlink(missing_ok=True)
    else:
        write_atomic(weights, script)
        weights.chmod(0o644)
    data = checker_data(site_data(app).taxonomy, set(env.found_docs))
    data["model"] = model_reference(script)
    data["worker"] = worker_reference()
    write_atomic(target, data_script(data))
    target.chmod(0o644)  # readable by a web server, like the other static files
    site.state.put_key("checker-data", key)
    return []


def _add_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.env.metadata.get(pagename, {}).get(METADATA_FLAG):
        app.add_js_file(DATA_FILE, loading_method="defer")
        app.add_js_file(MODEL_SCRIPT_FILE, loading_method="defer")
        app.add_js_file(MARKDOWN_SCRIPT_FILE, loading_method="defer")
        app.add_js_file(ENGINE_SCRIPT_FILE, loading_method="defer")
        app.add_js_file(SCRIPT_FILE, loading_method="defer")


def setup_checker(app: Sphinx) -> None:
    app.add_directive("policykb-checker", CheckerDirective)
    app.connect("env-updated", _write_data)
    app.connect("html-page-context", _add_scripts)
