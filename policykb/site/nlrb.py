"""`policykb-nlrb-rules`: every clause pattern of `content/nlrb/rules.yaml`, one anchor each.

Policy pages and the checker link a flag to its pattern here (`nlrb/rules.html#rule-<id>`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from policykb.content.rules import NlrbRule
from policykb.site.data import note_data_doc, site_data
from policykb.site.html import esc

RULES_PAGE = "nlrb/rules.html"


def rule_anchor(rule_id: str) -> str:
    return f"rule-{rule_id}"


def render_rule(rule: NlrbRule) -> str:
    rows = [("Why", esc(rule.explanation))]
    if rule.suggestion:
        rows.append(("Safer wording", f"<blockquote><p>{esc(rule.suggestion)}</p></blockquote>"))
    rows.append(("Authority", esc(rule.authority_text)))
    rows.append(("Era", esc(rule.era_labels)))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<section class="pkb-rule pkb-rule-{esc(rule.kind)}" id="{rule_anchor(rule.id)}" '
        f'aria-labelledby="{rule_anchor(rule.id)}-title">'
        f'<h3 id="{rule_anchor(rule.id)}-title">{esc(rule.title)}</h3><dl>{cells}</dl></section>'
    )


class NlrbRulesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        rules = site_data(self.env.app).rules
        note_data_doc(self.env, "rules")
        html = (
            '<h2 id="risky-patterns">Patterns found risky</h2>'
            + "".join(render_rule(r) for r in rules.risky)
            + '<h2 id="lawful-patterns">Patterns that have held up</h2>'
            + "".join(render_rule(r) for r in rules.lawful)
        )
        return [nodes.raw("", html, format="html")]


def setup_nlrb(app: Sphinx) -> None:
    app.add_directive("policykb-nlrb-rules", NlrbRulesDirective)
