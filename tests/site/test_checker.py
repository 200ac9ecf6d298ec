"""The in-browser checker (checker.html): the same answers as `policykb check`, in the page.

The drafts here are written for the tests about fictional organisations.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from policykb.analysis.blocks import MAX_TEXT, split_blocks
from policykb.analysis.checker import check_markdown
from policykb.analysis.model import load_model
from policykb.analysis.tagger import MODEL_LANGUAGE
from policykb.evaluation.evaluate import load_items
from policykb.site.checker import (
    DATA_FILE,
    DATA_GLOBAL,
    ENGINE_SCRIPT_FILE,
    EXAMPLE_DRAFT,
    MODEL_FILE,
    MODEL_GLOBAL,
    WORKER_FILE,
    render_form,
)
from policykb.site.config import STATIC_DIR

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent

RISKY_DRAFT = """\
# Brackenfold Ferries: rules for social media

Brackenfold Ferries is on social media to share timetables, answer travellers and show
the work of our crews.

The marketing office owns our official accounts and this policy; ask Oona Pretorius
there if anything is unclear.

Crew members may not post:

- their wages, bonuses or what colleagues earn
- anything that could damage the reputation of the company
- photos of the engine room

You must always be courteous when you write about the company online.

1. Do not share inappropriate content.
2. Only the harbourmaster’s press team talks to journalists about incidents.

Keep passenger lists, unpublished fares and our trade secrets confidential. This rule
does not cover your own pay or working conditions, which you are free to discuss.

Nothing in this policy limits your right to talk with co-workers about pay, hours or
other terms and conditions of employment.

We review these rules every spring and every autumn, and date each revision.
"""

# Markdown the splitter has to read the way `policykb.analysis.blocks.split_blocks` does.
STRUCTURE_DRAFTS = [
    "---\ntitle: Draft\nowner: Tamsin\n---\nStaff must never discuss their salary online.\n",
    "Social media at Quillby Library\n===============================\n\nWe post news.\n"
    "Events\n------\nOur events team answers questions.",
    "**Who we are**\n\n**Staff must not disparage the library.**\n\n__Contact__:\n\nAsk us.",
    "Before you post:\n\n* check the facts\n  and the spelling\n    - nested: no salaries\n"
    "+ plus item\n• dot item\n– dash item\n\n12) twelve\n1234. not an item",
    "| Topic | Rule |\n|---|:---:|\n| Pay | You may not share wages |\n| | |\n",
    "```\nStaff must not talk about pay.\n```\n\nAfter the fence.\n\n~~~\nunclosed fence",
    "> Quoted: never post negative comments about our managers.\n>> deeper quote\n\n"
    "<!-- a comment\nacross lines -->\nVisible again.",
    "See [our code of conduct](https://example.org/code_(v2)) and ![a logo](logo.png), "
    "[a reference][ref], <https://example.org/a> and <b>bold</b> text.",
    "Use *stars*, __underscores__, snake_case_names, `code`, \\*escaped\\* and \\[brackets\\].",
    "Entities: &amp; &lt;b&gt; &#169; &#x2014; &#150; &ampx &notit; &nbsp;space &#0; &bogus;",
    "Curly “quotes” and an apostrophe: don’t post what colleagues earn.\r\nWindows line.\r\r"
    "Old Mac line.",
    "\ufeffUnicode: Ärger über Löhne, élève, emoji 😀 in a sentence.\u2028Line separator.\u00a0"
    "No-break space\u3000ideographic space.",
    "# Only a heading\n\n## And another\n\n---\n\n***",
    "    Four spaces of indent make no code block here.\n\tA tab, too.",
    " ".join(
        ["Employees must not share salary details with anyone outside the team."]
        + ["We value a friendly, open workplace where people speak up. 😀"] * 6
        + ["Don’t post anything that damages the reputation of the company; thank you!"]
        + ["Questions go to the people team."] * 3
    ),
]
# Rule features the labelled items (single paragraphs) do not reach: a lead-in whose
# words veto a topic or a rule for its items, and lawful clauses that cancel risky ones.
RULE_DRAFTS = [
    "Our page is open to everyone. We will remove comments from the public that:\n\n"
    "- harass or threaten other people\n- disparage our staff or volunteers\n",
    "Nothing in this policy limits your right to discuss wages. Staff may not post:\n\n"
    "- what colleagues earn\n- salary details\n",
    "Inappropriate posts are not allowed, and we do not tolerate harassment or threats "
    "based on race or religion.\n\nDo not talk to reporters about the company; refer every "
    "press enquiry to the communications office.\n",
]


def long_draft(size: int) -> str:
    """`size` characters of policy text: the labelled items as paragraphs, over and over."""
    texts = [item.text for item in load_items()]
    paragraphs, total = [], 0
    while total < size:
        paragraphs.append(texts[len(paragraphs) % len(texts)])
        total += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)[:size]


def fill_quickly(page, text: str) -> None:
    """The draft box's text, set at once (typing a megabyte would take a while)."""
    page.evaluate("text => { document.getElementById('checker-input').value = text; }", text)


def open_checker(page, served_site: str) -> None:
    """The checker page, once the learned model's weights are in (as `policykb check`)."""
    page.goto(f"{served_site}/checker.html")
    page.wait_for_function("() => typeof window.policykbCheck === 'function'")
    assert page.evaluate("window.policykbChecker.modelState()") == "ready"
    assert page.evaluate("window.policykbChecker.runsIn()") == "worker"


def run_check(page, text: str) -> None:
    """Check a draft and wait for its answer (the button is disabled until it is in)."""
    page.fill("#checker-input", text)
    page.click("#checker-run")
    page.locator("#checker-run:enabled").wait_for()
    page.wait_for_selector("#checker-results .pkb-checker-report, #checker-results [role=note]")


def shown_flags(page) -> list[tuple[str, int]]:
    pairs = page.eval_on_selector_all(
        "#checker-results [data-flag]",
        "els => els.map(e => [e.dataset.flag, Number(e.dataset.paragraph)])",
    )
    return [tuple(p) for p in pairs]


def shown_tips(page) -> tuple[list[int], list[int]]:
    covered = page.eval_on_selector_all(
        "[data-tip][data-covered=true]", "els => els.map(e => Number(e.dataset.tip))"
    )
    missing = page.eval_on_selector_all(
        "[data-tip][data-covered=false]", "els => els.map(e => Number(e.dataset.tip))"
    )
    return covered, missing


# --- the build -------------------------------------------------------------------------


def test_checker_page_has_the_form_and_an_empty_live_results_area(site):
    tree = lxml_html.fromstring((site / "checker.html").read_text(encoding="utf-8"))
    assert tree.xpath("//main//h1")[0].text_content().strip().rstrip("#").strip() == "Checker"
    label = tree.xpath("//label[@for='checker-input']")
    assert label and label[0].text_content().strip() == "Your draft policy"
    assert tree.xpath("//textarea[@id='checker-input']")
    buttons = [b.text_content().strip() for b in tree.xpath("//button")]
    assert "Check my draft" in buttons and "Try an example" in buttons
    results = tree.xpath("//div[@id='checker-results']")[0]
    assert results.get("aria-live") == "polite" and len(results) == 0
    example = tree.xpath("//template[@id='checker-example-text']")[0].text_content()
    assert example == EXAMPLE_DRAFT
    scripts = tree.xpath("//script/@src")
    assert any(s.startswith(f"_static/{DATA_FILE}?v=") for s in scripts), scripts
    assert any(s.startswith("_static/checker.js") for s in scripts), scripts
    assert any(s.startswith(f"_static/{ENGINE_SCRIPT_FILE}") for s in scripts), scripts
    assert not any(WORKER_FILE in s for s in scripts), "the worker is no page script"
    assert "<script" not in render_form(""), "no inline script (a strict CSP allows none)"
    cancel = tree.xpath("//button[@id='checker-cancel']")[0]
    assert cancel.get("hidden") is not None and cancel.text_content() == "Cancel"
    assert "coming soon" not in (site / "checker.html").read_text(encoding="utf-8")


def test_checker_scripts_and_data_only_where_the_checker_is(site):
    data = (site / "_static" / DATA_FILE).read_text(encoding="utf-8")
    assert data.startswith(f"window.{DATA_GLOBAL} = {{") and data.rstrip().endswith("};")
    for page in ["index.html", "library.html", "nlrb/index.html"]:
        text = (site / page).read_text(encoding="utf-8")
        assert "checker.js" not in text and DATA_FILE not in text, page
        assert "model.js" not in text and MODEL_FILE not in text, page


def _global(path: Path, name: str) -> dict:
    text = path.read_text(encoding="utf-8")
    prefix = f"window.{name} = "
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))


def test_the_model_weights_are_a_file_of_their_own_loaded_by_the_checker(site):
    """Not in the page and not in the patterns' data: `checker.js` fetches them."""
    data = _global(site / "_static" / DATA_FILE, DATA_GLOBAL)
    reference = data["model"]
    weights = site / "_static" / MODEL_FILE
    raw = weights.read_bytes()
    assert reference == {
        "src": f"{MODEL_FILE}?v={hashlib.sha256(raw).hexdigest()[:16]}",
        "global": MODEL_GLOBAL,
    }
    assert _global(weights, MODEL_GLOBAL) == load_model().browser_json()
    assert len(raw) < 400_000 and len(gzip.compress(raw)) < 160_000
    assert '"weights"' not in (site / "_static" / DATA_FILE).read_text(encoding="utf-8")
    page = (site / "checker.html").read_text(encoding="utf-8")
    assert MODEL_FILE not in page and "_static/model.js" in page


def test_the_worker_is_a_static_file_the_data_points_to_with_its_checksum(site):
    data = _global(site / "_static" / DATA_FILE, DATA_GLOBAL)
    worker = (site / "_static" / WORKER_FILE).read_bytes()
    assert worker == (STATIC_DIR / WORKER_FILE).read_bytes()
    assert data["worker"] == f"{WORKER_FILE}?v={hashlib.sha256(worker).hexdigest()[:16]}"


def test_form_escapes_the_example_text():
    html = render_form("../", example='Say <script>alert("x")</script> & "more"')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;more&quot;" in html
    assert 'data-root="../"' in html


def _tiny_project(root: Path, with_checker: bool) -> Path:
    root.mkdir()
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "policykb.site"]\n'
        f"policykb_sources_dir = {str(HERE / 'sources')!r}\n"
        f"policykb_corpus_dir = {str(HERE / 'corpus')!r}\n"
        f"policykb_taxonomy = {str(REPO / 'content' / 'taxonomy.yaml')!r}\n"
        f"policykb_clauses = {str(REPO / 'content' / 'clauses' / 'clauses.yaml')!r}\n"
        f"policykb_nlrb_rules = {str(REPO / 'content' / 'nlrb' / 'rules.yaml')!r}\n",
        encoding="utf-8",
    )
    toctree = "\n```{toctree}\ndraft\n```\n"
    (root / "index.md").write_text("# Home\n\nHello.\n" + toctree, encoding="utf-8")
    body = "```{policykb-checker}\n```\n" if with_checker else "Nothing to check here.\n"
    (root / "draft.md").write_text(f"# Draft\n\n{body}", encoding="utf-8")
    out = root / "_build"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-nW", "-q", str(root), str(out)]
    # This checkout's policykb, not whichever one the environment has installed.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    return out


@pytest.mark.parametrize("with_checker", [True, False])
def test_data_file_is_written_only_when_a_page_uses_the_checker(tmp_path, with_checker):
    out = _tiny_project(tmp_path / "project", with_checker)
    assert (out / "_static" / DATA_FILE).is_file() == with_checker
    assert (out / "_static" / MODEL_FILE).is_file() == with_checker
    page = (out / "draft.html").read_text(encoding="utf-8")
    assert ("checker.js" in page) == with_checker
    assert "checker.js" not in (out / "index.html").read_text(encoding="utf-8")
    if with_checker:
        data = (out / "_static" / DATA_FILE).read_text(encoding="utf-8")
        assert '"pages":{"tips":{},"topics":{}' in data  # no tip pages: no links to them


# --- in the browser --------------------------------------------------------------------


@pytest.mark.browser
def test_flags_and_tips_are_those_of_policykb_check(page, served_site):
    expected = check_markdown(RISKY_DRAFT)
    pairs = [(f.rule.id, f.paragraph) for f in expected.flags]
    assert len(pairs) >= 4 and expected.lawful, "the draft should raise flags and lawful matches"
    assert expected.missing, "the draft should leave some tips missing"

    open_checker(page, served_site)
    run_check(page, RISKY_DRAFT)
    assert shown_flags(page) == pairs
    assert shown_tips(page) == (expected.covered, expected.missing)
    lawful = page.eval_on_selector_all("[data-lawful]", "els => els.map(e => e.dataset.lawful)")
    assert set(lawful) == {f.rule.id for f in expected.lawful}

    first = page.locator("[data-flag]").first
    flag = expected.flags[0]
    assert first.locator(".pkb-checker-excerpt").inner_text().strip() == flag.excerpt
    card = first.inner_text()
    for part in [flag.rule.title, flag.rule.suggestion, flag.rule.era_labels, "Why it matters"]:
        assert part in card
    missing_tip = page.locator(f"[data-tip='{expected.missing[0]}']")
    assert "What to add" in missing_tip.inner_text()
    assert missing_tip.locator("a.pkb-checker-tip-title").get_attribute("href").startswith("tips/")
    disclaimer = page.locator(".pkb-checker-disclaimer")
    assert "not legal advice" in disclaimer.inner_text()
    hrefs = disclaimer.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "about/not-legal-advice.html" in hrefs and "tips/09-legal-review.html" in hrefs


@pytest.mark.browser
def test_same_answers_as_python_for_every_labelled_item_and_markdown_draft(page, served_site):
    items = load_items()
    drafts = STRUCTURE_DRAFTS + RULE_DRAFTS + [RISKY_DRAFT, EXAMPLE_DRAFT]
    texts = [item.text for item in items] + drafts
    names = [item.id for item in items] + [f"draft-{i}" for i in range(len(drafts))]
    open_checker(page, served_site)
    got = page.evaluate(
        "texts => Promise.all(texts.map(async t => ({check: await window.policykbCheck(t), "
        "blocks: window.policykbChecker.splitBlocks(t), "
        "topics: await window.policykbChecker.paragraphTopics(t)})))",
        texts,
    )
    mismatches = []
    learned = 0
    for name, text, js in zip(names, texts, got, strict=True):
        blocks = [{"text": b.text, "line": b.line, "kind": b.kind} for b in split_blocks(text)]
        expected = check_markdown(text)
        topics = [p.topics for p in expected.tag.paragraphs]
        learned += sum(
            1 for p in expected.tag.paragraphs for ms in p.matches.values() for m in ms
            if m.language == MODEL_LANGUAGE
        )  # fmt: skip
        if js["blocks"] != blocks:
            mismatches.append((name, "paragraphs", blocks, js["blocks"]))
        elif js["topics"] != topics:
            mismatches.append((name, "paragraph topics", topics, js["topics"]))
        elif js["check"] != expected.to_json():
            mismatches.append((name, "check", expected.to_json(), js["check"]))
    assert not mismatches, mismatches[:3]
    assert learned >= 50, "the learned model should tag some of these paragraphs"
    flagged = sum(1 for js in got if js["check"]["flags"])
    assert flagged >= 20, "the labelled set should exercise the NLRB rules"


@pytest.mark.browser
def test_a_check_asked_for_while_the_model_loads_waits_for_it(page, served_site):
    """The page is usable at once; a check waits for the weights, then gives the full
    result (the example's tips differ with and without the model)."""
    expected = check_markdown(EXAMPLE_DRAFT)
    assert expected.covered != check_markdown(EXAMPLE_DRAFT, model=False).covered
    held = []
    page.route(f"**/_static/{MODEL_FILE}*", lambda route: held.append(route))
    page.goto(f"{served_site}/checker.html", wait_until="domcontentloaded")
    page.get_by_role("button", name="Try an example").click()
    status = page.locator("#checker-results [role=status]")
    status.wait_for()
    assert "Loading the learned model" in status.inner_text()
    assert page.evaluate("window.policykbChecker.modelState()") == "loading"
    assert page.evaluate("typeof window.policykbCheck") == "undefined"
    page.fill("#checker-input", EXAMPLE_DRAFT + "\nStill typing.")  # the box stays usable
    page.fill("#checker-input", EXAMPLE_DRAFT)
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector("#checker-results .pkb-checker-report")
    assert page.evaluate("window.policykbChecker.modelState()") == "ready"
    assert shown_tips(page) == (expected.covered, expected.missing)
    assert page.locator(".pkb-checker-patterns-only").count() == 0


@pytest.mark.browser
def test_without_the_model_the_page_says_topics_come_from_patterns_only(page, served_site):
    page.route(f"**/_static/{MODEL_FILE}*", lambda route: route.abort())
    page.goto(f"{served_site}/checker.html")
    page.wait_for_function("() => typeof window.policykbCheck === 'function'")
    assert page.evaluate("window.policykbChecker.modelState()") == "failed"
    run_check(page, EXAMPLE_DRAFT)
    note = page.locator(".pkb-checker-patterns-only")
    assert "Topics from patterns only" in note.inner_text()
    assert "did not load" in note.inner_text()
    rules_only = check_markdown(EXAMPLE_DRAFT, model=False)
    assert shown_tips(page) == (rules_only.covered, rules_only.missing)
    assert shown_flags(page) == [(f.rule.id, f.paragraph) for f in rules_only.flags]


@pytest.mark.browser
def test_a_check_waits_no_longer_than_a_while_for_the_model(page, served_site):
    page.clock.install()
    page.route(f"**/_static/{MODEL_FILE}*", lambda route: None)  # never answered
    page.goto(f"{served_site}/checker.html", wait_until="domcontentloaded")
    page.fill("#checker-input", EXAMPLE_DRAFT)
    page.click("#checker-run")
    page.locator("#checker-results [role=status]").wait_for()
    page.clock.run_for(16_000)
    page.wait_for_selector("#checker-results .pkb-checker-report")
    note = page.locator(".pkb-checker-patterns-only").inner_text()
    assert "still loading" in note and "Check again in a moment" in note
    rules_only = check_markdown(EXAMPLE_DRAFT, model=False)
    assert shown_tips(page) == (rules_only.covered, rules_only.missing)


@pytest.mark.browser
def test_markup_in_a_draft_stays_text(page, served_site):
    draft = (
        "Employees must not post anything that damages the reputation of the company "
        "&lt;img src=x onerror=alert(1)&gt; \\<script>alert(2)\\</script>.\n\n"
        'Staff must never discuss their salary <img src=x onerror="alert(3)"> '
        "<script>alert(4)</script> online.\n"
    )
    expected = check_markdown(draft)
    excerpts = [f.excerpt for f in expected.flags]
    assert any("<img src=x onerror=alert(1)>" in e and "<script>" in e for e in excerpts)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_checker(page, served_site)
    run_check(page, draft)
    shown = page.locator("[data-flag] .pkb-checker-excerpt").all_inner_texts()
    assert [s.strip() for s in shown] == excerpts
    results = page.locator("#checker-results")
    assert results.locator("img, script, [onerror]").count() == 0
    assert page.evaluate("document.querySelectorAll('img[onerror], img[src=x]').length") == 0
    assert dialogs == []


@pytest.mark.browser
def test_try_an_example_fills_the_box_and_shows_results(page, served_site):
    expected = check_markdown(EXAMPLE_DRAFT)
    assert len(expected.flags) >= 2 and expected.lawful and expected.missing
    open_checker(page, served_site)
    page.get_by_role("button", name="Try an example").click()
    page.wait_for_selector("#checker-results .pkb-checker-report")
    assert page.input_value("#checker-input") == EXAMPLE_DRAFT
    assert shown_flags(page) == [(f.rule.id, f.paragraph) for f in expected.flags]
    summary = page.locator(".pkb-checker-summary").inner_text()
    assert f"{len(expected.covered)} of 10" in summary

    page.get_by_role("button", name="Clear").click()
    assert page.input_value("#checker-input") == ""
    assert page.locator("#checker-results > *").count() == 0


@pytest.mark.browser
def test_empty_or_heading_only_drafts_get_a_friendly_message(page, served_site):
    open_checker(page, served_site)
    run_check(page, "   \n\n ")
    message = page.locator("#checker-results [role=note]")
    assert "Nothing to check yet" in message.inner_text()
    assert page.locator("#checker-results .pkb-checker-report").count() == 0
    run_check(page, "# Social media policy\n\n## Official accounts\n")
    assert "No paragraphs found" in page.locator("#checker-results [role=note]").inner_text()


@pytest.mark.browser
def test_a_draft_without_risky_wording_says_so(page, served_site):
    draft = "The Quillby Library posts news about events. Questions go to the web team.\n"
    assert check_markdown(draft).flags == []
    open_checker(page, served_site)
    run_check(page, draft)
    assert page.locator("[data-flag]").count() == 0
    assert "no clause matched" in page.locator(".pkb-checker-none").inner_text()


@pytest.mark.browser
def test_checking_works_offline_and_sends_nothing(page, served_site):
    open_checker(page, served_site)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.context.set_offline(True)
    run_check(page, RISKY_DRAFT)
    assert page.locator("[data-flag]").count() == len(check_markdown(RISKY_DRAFT).flags)
    assert requests == []


@pytest.mark.browser
def test_keyboard_shortcut_runs_the_check(page, served_site):
    open_checker(page, served_site)
    page.fill("#checker-input", RISKY_DRAFT)
    page.focus("#checker-input")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#checker-results .pkb-checker-report")
    assert page.locator("[data-flag]").count() > 0


@pytest.mark.browser
def test_results_have_no_serious_accessibility_violations(page, served_site):
    from axe_playwright_python.sync_playwright import Axe

    open_checker(page, served_site)
    run_check(page, RISKY_DRAFT)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in serious]


@pytest.mark.browser
def test_each_flag_links_to_its_clause_pattern(page, served_site):
    page.goto(f"{served_site}/checker.html")
    page.fill("#checker-input", "Employees must not discuss their wages with coworkers.")
    page.get_by_role("button", name="Check my draft").click()
    flag = page.locator("[data-flag='wage-discussion-ban']")
    flag.wait_for()
    flag.get_by_role("link", name="This pattern in detail").click()
    page.wait_for_url("**/nlrb/rules.html#rule-wage-discussion-ban")
    assert page.locator("#rule-wage-discussion-ban h3").is_visible()


# --- long drafts: off the page's thread, cancellable, bounded ------------------------------


FROZEN = 0.5  # seconds without an answer from the page's thread


@pytest.mark.browser
def test_the_page_stays_responsive_while_a_long_draft_is_checked(page, served_site):
    draft = long_draft(1_500_000)
    open_checker(page, served_site)
    fill_quickly(page, draft)
    run = page.locator("#checker-run")
    started = time.perf_counter()
    run.click()
    assert run.is_disabled() and run.inner_text() == "Checking…"
    assert page.locator("#checker-example").is_disabled()
    assert page.locator("#checker-cancel").is_visible()
    delays, statuses = [], set()
    while not page.evaluate("!!document.querySelector('#checker-results .pkb-checker-report')"):
        before = time.perf_counter()
        page.evaluate("1 + 1")  # answered by the page's thread, busy or not
        delays.append(time.perf_counter() - before)
        statuses.add(page.locator("#checker-results").inner_text())
        time.sleep(0.05)
    took = time.perf_counter() - started
    assert len(delays) >= 10, f"the check took {took:.1f} s: too quick to tell"
    # Checked on the page's thread, this draft froze it for seconds; off it, the page answers
    # within milliseconds. 0.5 s leaves room for a loaded two-core machine.
    assert max(delays) < FROZEN, f"the page froze for {max(delays) * 1000:.0f} ms"
    assert any("Checking your draft…" in status for status in statuses), statuses
    assert not run.is_disabled() and run.inner_text() == "Check my draft"
    assert page.locator("#checker-cancel").is_hidden()

    # The cards of a long report come in batches; the page answers meanwhile too.
    while page.evaluate("document.getElementById('checker-results').hasAttribute('aria-busy')"):
        before = time.perf_counter()
        page.evaluate("1 + 1")
        assert time.perf_counter() - before < FROZEN
    expected = check_markdown(draft)
    assert len(expected.flags) > 1000, "the draft should make a long report"
    assert page.locator("[data-flag]").count() == len(expected.flags)
    assert shown_tips(page) == (expected.covered, expected.missing)
    last = page.locator("[data-flag]").last
    assert last.get_attribute("data-flag") == expected.flags[-1].rule.id
    assert last.get_attribute("data-paragraph") == str(expected.flags[-1].paragraph)


@pytest.mark.browser
def test_a_long_check_can_be_cancelled_and_the_next_one_runs(page, served_site):
    open_checker(page, served_site)
    fill_quickly(page, long_draft(1_500_000))
    page.click("#checker-run")
    page.locator("#checker-results [role=status]", has_text="Checking your draft").wait_for()
    page.get_by_role("button", name="Cancel").click()
    status = page.locator("#checker-results [role=status]")
    assert "Check cancelled" in status.inner_text()
    run = page.locator("#checker-run")
    assert not run.is_disabled() and run.inner_text() == "Check my draft"
    assert page.evaluate("document.activeElement.id") == "checker-run"
    assert page.locator("#checker-cancel").is_hidden()
    assert page.locator(".pkb-checker-report").count() == 0

    # A new worker takes over, with the learned model, and gives the usual answers.
    assert page.evaluate("window.policykbChecker.runsIn()") == "worker"
    run_check(page, RISKY_DRAFT)
    expected = check_markdown(RISKY_DRAFT)
    assert shown_flags(page) == [(f.rule.id, f.paragraph) for f in expected.flags]
    assert shown_tips(page) == (expected.covered, expected.missing)
    assert page.evaluate("t => window.policykbCheck(t)", EXAMPLE_DRAFT) == (
        check_markdown(EXAMPLE_DRAFT).to_json()
    )


@pytest.mark.browser
def test_a_draft_over_the_limit_of_policykb_check_gets_a_friendly_message(page, served_site):
    sentence = "Staff must never share what colleagues earn. "
    draft = (sentence * (MAX_TEXT // len(sentence) + 1))[: MAX_TEXT + 1]
    open_checker(page, served_site)
    fill_quickly(page, draft)
    page.click("#checker-run")
    message = page.locator("#checker-results [role=note]")
    assert "too long to check here" in message.inner_text()
    assert "2,000,001 characters" in message.inner_text()
    assert "at most 2,000,000" in message.inner_text()
    assert page.locator("#checker-run").is_enabled()
    error = page.evaluate(
        "t => window.policykbCheck(t).then(() => 'checked', e => e.message)", draft
    )
    assert error == "too much text (2,000,001 characters; the limit is 2,000,000)"

    # Characters as Python counts them: an emoji is one, not two UTF-16 units. (Through
    # the API: a megabyte of emoji in the box keeps the browser busy drawing them.)
    emoji = "😀 " * (MAX_TEXT // 2)
    assert len(emoji) == MAX_TEXT and len(emoji.encode("utf-16-le")) // 2 > MAX_TEXT
    got = page.evaluate("t => window.policykbCheck(t).then(r => r, e => e.message)", emoji)
    assert got == check_markdown(emoji).to_json()


@pytest.mark.browser
def test_without_web_workers_the_page_checks_on_its_own(page, served_site):
    page.add_init_script("delete window.Worker;")
    page.goto(f"{served_site}/checker.html")
    page.wait_for_function("typeof window.policykbCheck === 'function'")
    assert page.evaluate("window.policykbChecker.modelState()") == "ready"
    assert page.evaluate("window.policykbChecker.runsIn()") == "page"
    run_check(page, RISKY_DRAFT)
    expected = check_markdown(RISKY_DRAFT)
    assert shown_flags(page) == [(f.rule.id, f.paragraph) for f in expected.flags]
    assert page.evaluate("t => window.policykbCheck(t)", EXAMPLE_DRAFT) == (
        check_markdown(EXAMPLE_DRAFT).to_json()
    )


@pytest.mark.browser
def test_a_worker_that_cannot_start_hands_the_checks_to_the_page(page, served_site):
    """As when the page is opened from file://: the check still runs, on the page."""
    page.route(f"**/_static/{WORKER_FILE}*", lambda route: route.abort())
    page.goto(f"{served_site}/checker.html", wait_until="domcontentloaded")
    page.get_by_role("button", name="Try an example").click()
    page.wait_for_selector("#checker-results .pkb-checker-report")
    assert page.evaluate("window.policykbChecker.runsIn()") == "page"
    assert page.evaluate("window.policykbChecker.modelState()") == "ready"
    expected = check_markdown(EXAMPLE_DRAFT)
    assert shown_flags(page) == [(f.rule.id, f.paragraph) for f in expected.flags]
    assert shown_tips(page) == (expected.covered, expected.missing)


STRICT_CSP = (
    "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "object-src 'none'; base-uri 'self'"
)


@pytest.mark.browser
def test_the_checker_runs_under_a_strict_content_security_policy(page, served_site):
    """No inline script, no eval, no blob: worker: a CSP of 'self' only is enough."""

    def with_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route("**/checker.html", with_csp)
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push("
        "{blocked: e.blockedURI, directive: e.effectiveDirective, source: e.sourceFile}));"
    )
    response = page.goto(f"{served_site}/checker.html")
    assert response.headers["content-security-policy"] == STRICT_CSP
    deadline = time.monotonic() + 30  # (wait_for_function evaluates a string: the CSP says no)
    while page.evaluate("typeof window.policykbCheck") != "function":
        assert time.monotonic() < deadline, "the checker did not start"
        time.sleep(0.05)
    assert page.evaluate("window.policykbChecker.modelState()") == "ready"
    assert page.evaluate("window.policykbChecker.runsIn()") == "worker"
    run_check(page, RISKY_DRAFT)
    expected = check_markdown(RISKY_DRAFT)
    assert shown_flags(page) == [(f.rule.id, f.paragraph) for f in expected.flags]
    # The theme's own inline scripts are refused (the page still works); none of ours is.
    violations = page.evaluate("window.cspViolations")
    ours = [
        v for v in violations
        if v["blocked"] in {"eval", "blob"} or v["directive"] == "worker-src"
        or "/_static/checker" in v["source"] + v["blocked"]
        or "/_static/model.js" in v["source"] + v["blocked"]
    ]  # fmt: skip
    assert ours == [], ours
    assert all(v["blocked"] == "inline" for v in violations), violations
