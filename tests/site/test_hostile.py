"""A site built from hostile registry entries and corpus files shows every payload as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_site import INJECTED, INJECTED_SCRIPTS_JS, PAYLOADS, hostile_ids, injected_scripts
from lxml import html as lxml_html


def parse(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def test_policy_title_is_text_in_the_title_element_and_the_breadcrumb(hostile_site):
    # Issue 8.1: a registry title reached the theme's breadcrumb unescaped.
    payload = PAYLOADS[0]
    tree = parse(hostile_site / "policies" / "hostile-entry-1.html")
    expected = f"Org 1 {payload}: Policy {payload}"
    assert tree.findtext(".//title").startswith(expected)
    (crumb,) = tree.xpath("//li[contains(@class, 'breadcrumb-item') and @aria-current='page']")
    assert crumb.text_content().strip() == expected
    assert not crumb.xpath(".//img")


@pytest.mark.parametrize("doc_id", hostile_ids())
def test_no_payload_becomes_an_element_in_the_built_html(hostile_site, doc_id):
    tree = parse(hostile_site / "policies" / f"{doc_id}.html")
    assert not tree.cssselect(INJECTED)
    assert not injected_scripts(tree)
    text = tree.text_content()
    payload = PAYLOADS[hostile_ids().index(doc_id)]
    assert f"Policy {payload}" in text and f"Summary {payload}" in text


@pytest.mark.browser
def test_hostile_pages_open_no_dialog_and_hold_no_injected_element(browser, served_hostile_site):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    pages = [f"policies/{doc_id}.html" for doc_id in hostile_ids()]
    pages += ["library.html", "topics/confidentiality.html", "tips/07-two-policies.html"]
    try:
        for path in pages:
            page.goto(f"{served_hostile_site}/{path}")
            page.wait_for_load_state("load")
            page.mouse.move(200, 200)
            assert page.locator(INJECTED).count() == 0, path
            assert page.evaluate(INJECTED_SCRIPTS_JS) == 0, path
        page.goto(f"{served_hostile_site}/search.html?q=confidential")
        page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
        page.wait_for_timeout(300)
        assert page.locator(INJECTED).count() == 0
        assert page.evaluate(INJECTED_SCRIPTS_JS) == 0
    finally:
        context.close()
    assert not dialogs, f"a payload opened a dialog: {dialogs}"
    assert not errors, f"JavaScript errors: {errors}"


def test_hostile_downloads_stay_valid(hostile_site):
    import csv
    import io
    from xml.etree import ElementTree

    ElementTree.parse(hostile_site / "feed.xml")  # valid XML
    rows = list(csv.DictReader(io.StringIO((hostile_site / "library.csv").read_text("utf-8"))))
    assert {row["id"] for row in rows} == set(hostile_ids())


def test_a_registry_with_bombs_and_bad_dates_builds_with_warnings_not_a_hang(tmp_path):
    # Issue 8.3/8.4: an alias bomb hung the build; an impossible date or a 100,000-digit
    # number crashed it. Now each is one `path:line: message` warning.
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    sources = tmp_path / "sources"
    sources.mkdir()
    good = (repo / "tests/site/sources/lumen-hogeschool-richtlijn.yaml").read_text("utf-8")
    bomb = "".join(
        f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}" if n else "lol"] * 9) + "]\n" for n in range(10)
    )
    (sources / "alias-bomb.yaml").write_text(bomb + "id: alias-bomb\n", encoding="utf-8")
    (sources / "bad-date.yaml").write_text(good + "summary: 2024-02-30\n", encoding="utf-8")
    (sources / "long-number.yaml").write_text(
        good + "notes: " + "9" * 60000 + "\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(repo), "-q",
               "-D", f"policykb_sources_dir={sources}", "-D", f"policykb_corpus_dir={tmp_path / 'c'}",
               "-d", str(tmp_path / "doctrees"), str(repo / "content"), str(tmp_path / "html")]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=repo, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "alias-bomb.yaml:6: too many values: aliases expand this document" in result.stderr
    assert "bad-date.yaml:" in result.stderr and "invalid date '2024-02-30'" in result.stderr
    assert "long-number.yaml:" in result.stderr and "number too long" in result.stderr
