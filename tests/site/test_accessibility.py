"""axe-core finds no serious or critical violation on the main kinds of page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "index.html",
    "tips/03-labour-law.html",
    "topics/confidentiality.html",
    "library.html",
    "library.html?sector=government",
    "library/page-2.html",
    "library/sector/government.html",
    "policies/harbourview-council-social-media-policy.html",
    "nlrb/index.html",
    "nlrb/rules.html",
    "search.html?q=confidential",
    "checker.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, served_site, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{served_site}/{path}")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in serious
    )
    assert not serious, f"{path}:\n{report}"
