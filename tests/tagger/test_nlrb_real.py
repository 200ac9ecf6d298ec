"""The NLRB checker on real workplace rules with the NLRB's verdict.

`../shared/data/nlrb-real/rules.tsv` (see its README) holds real clauses, each found
unlawful (`risky`) or lawful (`safe`) by the Board, an administrative law judge or the
General Counsel. It is read in place and never copied; assertions name ids and rules only.
The clauses were read while the patterns were written, so these figures are optimistic:
an independent set of real rules, kept aside, is the stricter check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykb.content.errors import UserError
from policykb.evaluation.evaluate import nlrb_real_scores

COLUMNS = "id\tlabel\tauthority\tera\tcategory\tclause\tsource\n"


def write_tsv(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    path = tmp_path / "rules.tsv"
    lines = [
        f"{i}\t{label}\tauthority\tlutheran-heritage\t{cat}\t{clause}\tsource\n"
        for i, label, cat, clause in rows
    ]
    path.write_text(COLUMNS + "".join(lines), encoding="utf-8")
    return path


# --- the scorer, on clauses written for the test ------------------------------------------


def test_scores_count_caught_missed_and_false_alarms(tmp_path):
    path = write_tsv(
        tmp_path,
        [
            ("r1", "risky", "pay", "Staff must never discuss their salaries with anyone."),
            ("r2", "risky", "pay", "Wear the blue apron on the shop floor."),
            ("s1", "safe", "secrets", "Do not disclose our trade secrets or source code."),
            ("s2", "safe", "tone", "Do not make disparaging comments about the company."),
        ],
    )
    scores = nlrb_real_scores(path)
    assert (scores["risky"], scores["safe"]) == (2, 2)
    assert (scores["caught"], scores["false_alarms"]) == (1, 1)
    assert scores["recall"] == 0.5 and scores["false_alarm_rate"] == 0.5
    assert scores["missed"] == ["r2"] and scores["false_alarm_ids"] == ["s2"]
    assert scores["labels"] == {"r1": "risky", "r2": "risky", "s1": "safe", "s2": "safe"}
    assert "wage-discussion-ban" in scores["flags"]["r1"] and scores["flags"]["s1"] == []
    assert scores["by_category"]["pay"] == {
        "risky": 2,
        "caught": 1,
        "safe": 0,
        "false_alarms": 0,
        "missed": ["r2"],
    }
    assert nlrb_real_scores(tmp_path) == scores  # the folder will do


def test_scores_reject_unknown_labels_and_missing_files(tmp_path):
    path = write_tsv(tmp_path, [("x1", "maybe", "pay", "Anything.")])
    with pytest.raises(UserError, match="label"):
        nlrb_real_scores(path)
    with pytest.raises(UserError, match="cannot read"):
        nlrb_real_scores(tmp_path / "absent.tsv")


# --- the real rules -------------------------------------------------------------------------

REAL_TSV = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nlrb-real" / "rules.tsv"
)


@pytest.fixture(scope="module")
def real_tsv() -> Path:
    if not REAL_TSV.is_file():
        pytest.skip(f"real NLRB rules not found at {REAL_TSV} (the shared folder beside the repo)")
    return REAL_TSV


@pytest.fixture(scope="module")
def real_scores(real_tsv):
    return nlrb_real_scores(real_tsv)


def report(scores: dict) -> str:
    lines = [
        f"real rules: recall {scores['recall']:.2f} ({scores['caught']}/{scores['risky']} risky), "
        f"false alarms {scores['false_alarm_rate']:.2f} "
        f"({scores['false_alarms']}/{scores['safe']} safe)",
        f"missed: {', '.join(scores['missed']) or 'none'}",
        f"false alarms: {', '.join(scores['false_alarm_ids']) or 'none'}",
    ]
    for category, c in scores["by_category"].items():
        lines.append(
            f"  {category:26} caught {c['caught']}/{c['risky']}  false alarms "
            f"{c['false_alarms']}/{c['safe']}  missed: {', '.join(c['missed']) or '-'}"
        )
    return "\n".join(lines)


@pytest.mark.realdocs
def test_real_unlawful_rules_are_flagged(real_scores):
    print(report(real_scores))
    assert real_scores["risky"] >= 10
    assert real_scores["recall"] >= 0.80, report(real_scores)


@pytest.mark.realdocs
def test_real_lawful_rules_raise_few_false_alarms(real_scores):
    assert real_scores["safe"] >= 5
    assert real_scores["false_alarm_rate"] <= 0.10, report(real_scores)


@pytest.mark.realdocs
def test_leave_one_family_out(real_scores):
    """Without each risky rule family in turn, which real unlawful clauses go unflagged.

    Honesty, not a floor: a clause that only one family catches depends on that family's
    wording alone. Leaving a risky rule out changes no other rule's flags (only lawful
    rules override), so the clauses it alone flags are exactly the ones lost. The report
    is printed (`pytest -s`) so the dependence stays visible.
    """
    from policykb.analysis.checker import default_rules

    flags = real_scores["flags"]
    risky_ids = {i for i, label in real_scores["labels"].items() if label == "risky"}
    lines = []
    for rule in default_rules().rules.risky:
        lost = sorted(i for i, fired in flags.items() if fired == [rule.id] and i in risky_ids)
        recall = (real_scores["caught"] - len(lost)) / real_scores["risky"]
        lines.append(
            f"  without {rule.id:28} recall {recall:.2f}  missed: {', '.join(lost) or '-'}"
        )
    print("leave one family out (real unlawful rules):\n" + "\n".join(lines))
    assert all(
        set(fired) <= {r.id for r in default_rules().rules.risky} for fired in flags.values()
    )
