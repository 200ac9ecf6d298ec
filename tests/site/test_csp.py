"""Issue 8.10: a Content-Security-Policy on every page that forbids inline script."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from policykb.site.csp import (
    CSP_DIR,
    META,
    MOVED_SCRIPTS,
    POLICY,
    secure_page,
    secure_site,
    site_pages,
    static_files,
)

THEME_HEAD = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
  <script data-cfasync="false">
    document.documentElement.dataset.mode = localStorage.getItem("mode") || "";
    document.documentElement.dataset.theme = localStorage.getItem("theme") || "";
  </script>
    <script src="../_static/documentation_options.js?v=1"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'tips/01-team';</script>
    <script>DOCUMENTATION_OPTIONS.search_as_you_type = false;</script>
  </head>
  <body><main>{body}</main></body>
</html>
"""
INJECTED = "<script>window.pwned = 1</script>"


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {d[0]: d[1:] for d in parts}


def test_script_src_allows_no_inline_script_no_eval_and_no_hash():
    rules = directives(POLICY)
    for name in ("script-src", "default-src", "worker-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"} & set(rules[name])
        assert not [s for s in rules[name] if s.startswith(("'sha", "'nonce"))]
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert rules["worker-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'self'"] and rules["form-action"] == ["'self'"]


def test_theme_snippets_move_out_and_any_other_inline_script_stays_blocked():
    page = THEME_HEAD.format(body=f"<p>corpus text</p>{INJECTED}")
    result = secure_page(page, "../")
    tree = lxml_html.fromstring(result.html)
    inline = [s.text for s in tree.iter("script") if not s.get("src")]
    assert inline == ["window.pwned = 1"]
    assert result.blocked == ["window.pwned = 1"]
    srcs = [s.get("src") for s in tree.iter("script")]
    assert f"../{CSP_DIR}/theme-mode.js" in srcs
    assert f"../{CSP_DIR}/search-as-you-type.js" in srcs
    pagename = tree.xpath(f"//script[@src='../{CSP_DIR}/pagename.js']")[0]
    assert pagename.get("data-pagename") == "tips/01-team"
    # The policy is the same for every page: nothing a page holds can make it allowed.
    assert result.html.count("Content-Security-Policy") == 1 and META in result.html
    assert "sha256" not in result.html


def test_a_script_that_only_resembles_a_theme_snippet_is_not_moved():
    for body in (
        "DOCUMENTATION_OPTIONS.pagename = 'x'; alert(1);",
        "DOCUMENTATION_OPTIONS.pagename = 'x\\'';alert(1);//';",
        "DOCUMENTATION_OPTIONS.search_as_you_type = false; alert(1);",
    ):
        result = secure_page(THEME_HEAD.format(body=f"<script>{body}</script>"), "")
        assert result.blocked == [body]


def test_the_policy_comes_first_in_head_once_even_when_run_again():
    once = secure_page(THEME_HEAD.format(body=""), "").html
    assert secure_page(once, "").html == once
    head = lxml_html.fromstring(once).find("head")
    assert head[0].tag == "meta" and head[0].get("http-equiv") == "Content-Security-Policy"
    assert head[0].get("content") == POLICY


def test_moved_files_hold_the_theme_snippets():
    files = static_files()
    for name, text in MOVED_SCRIPTS.items():
        assert files[name] == text
    assert "currentScript.dataset.pagename" in files["pagename.js"]


def test_secure_site_rewrites_only_what_changes(tmp_path):
    (tmp_path / "tips").mkdir()
    page = tmp_path / "tips" / "a.html"
    page.write_text(THEME_HEAD.format(body=""), encoding="utf-8")
    assert secure_site(tmp_path) == {}
    first = page.stat().st_mtime_ns
    assert secure_site(tmp_path) == {}
    assert page.stat().st_mtime_ns == first
    assert (tmp_path / CSP_DIR / "theme-mode.js").is_file()
    assert f'src="../{CSP_DIR}/theme-mode.js"' in page.read_text(encoding="utf-8")


def assert_every_page_is_covered(site: Path) -> None:
    pages = site_pages(site)
    assert len(pages) > 50
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert text.count('http-equiv="Content-Security-Policy"') == 1, path
        tree = lxml_html.fromstring(text)
        head = tree.find("head")
        first = head[0]
        assert first.tag == "meta" and first.get("http-equiv") == "Content-Security-Policy", path
        script_src = directives(first.get("content"))["script-src"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        inline = [s for s in tree.iter("script") if not s.get("src")]
        assert inline == [], f"{path}: inline scripts {[s.text for s in inline]}"
        handlers = [
            (el.tag, name)
            for el in tree.iter()
            if isinstance(el.tag, str)
            for name in el.attrib
            if name.startswith("on")
        ]
        assert handlers == [], f"{path}: inline event handlers {handlers}"
    for name in static_files():
        assert (site / CSP_DIR / name).is_file()


def test_every_page_has_the_policy_first_in_head_and_no_inline_script(site):
    assert_every_page_is_covered(site)


def test_every_hostile_page_has_the_policy_and_no_inline_script(hostile_site):
    assert_every_page_is_covered(hostile_site)


# In Chromium: no violation on the pages that use scripts, and an injected script blocked.

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
"""


@pytest.fixture
def csp_page(page):
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.add_init_script(LISTEN)

    def violations() -> list[str]:
        found = page.evaluate("window.__cspViolations")
        return found + [m for m in messages if "Content Security Policy" in m]

    page.csp_violations = violations
    return page


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "topics/confidentiality.html",
        "policies/northwind-health-staff-guidelines.html",
        "tips/03-labour-law.html",
    ],
)
def test_pages_load_without_a_violation(csp_page, served_site, path):
    csp_page.goto(f"{served_site}/{path}")
    csp_page.wait_for_load_state("load")
    assert csp_page.evaluate("DOCUMENTATION_OPTIONS.pagename") == path.removesuffix(".html")
    # The theme's mode switch still works, and the chosen mode is applied on the next page
    # load by the theme's first script (moved out of the page into theme-mode.js).
    csp_page.locator(".theme-switch-button:visible").first.click()
    csp_page.locator(".theme-change-button[data-mode='dark']:visible").click()
    assert csp_page.evaluate("document.documentElement.dataset.mode") == "dark"
    csp_page.reload()
    assert csp_page.evaluate("document.documentElement.dataset.mode") == "dark"
    csp_page.wait_for_timeout(300)
    assert csp_page.csp_violations() == []


@pytest.mark.browser
def test_library_filters_work_without_a_violation(csp_page, served_site):
    csp_page.goto(f"{served_site}/library.html?sector=government")
    csp_page.wait_for_function(
        "() => document.documentElement.classList.contains('pkb-library-ready')"
    )
    csp_page.fill("#facet-name", "Northwind")
    csp_page.press("#facet-name", "Enter")  # the form must not submit (no inline onsubmit)
    csp_page.wait_for_function("() => location.search.includes('name=Northwind')")
    assert "sector=government" in csp_page.url
    assert csp_page.locator("[data-policy]:visible").count() == 0
    assert csp_page.csp_violations() == []


@pytest.mark.browser
def test_pagefind_search_works_without_a_violation(csp_page, served_site):
    csp_page.goto(f"{served_site}/search.html?q=HIPAA")
    csp_page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
    csp_page.wait_for_timeout(300)
    assert csp_page.csp_violations() == []


@pytest.mark.browser
def test_sphinx_fallback_search_works_without_a_violation(csp_page, served_site):
    csp_page.route("**/pagefind/**", lambda route: route.abort())
    csp_page.goto(f"{served_site}/search.html?q=Harbourview")
    csp_page.locator("#pkb-search-fallback").wait_for(state="visible", timeout=15000)
    csp_page.locator("#search-results li").first.wait_for(timeout=15000)
    violations = [v for v in csp_page.csp_violations() if "/pagefind/" not in v]
    assert violations == []


@pytest.mark.browser
def test_checker_runs_the_example_without_a_violation(csp_page, served_site):
    csp_page.goto(f"{served_site}/checker.html")
    csp_page.wait_for_function("() => typeof window.policykbCheck === 'function'")
    csp_page.click("#checker-example")
    csp_page.click("#checker-run")
    csp_page.wait_for_selector("#checker-results .pkb-checker-report")
    csp_page.wait_for_timeout(300)
    assert csp_page.csp_violations() == []


@pytest.mark.browser
def test_an_inline_script_that_reached_a_page_is_blocked(csp_page, served_site):
    # As if an escaping mistake had let corpus text into the page as markup.
    def inject(route):
        response = route.fetch()
        body = response.text().replace("</main>", f"{INJECTED}</main>", 1)
        route.fulfill(response=response, body=body)

    path = "policies/northwind-health-staff-guidelines.html"
    csp_page.route(f"**/{path}", inject)
    csp_page.goto(f"{served_site}/{path}")
    csp_page.wait_for_load_state("load")
    assert csp_page.evaluate("typeof window.pwned") == "undefined"
    assert any(v.startswith("script-src") for v in csp_page.evaluate("window.__cspViolations"))
