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

from policykb.errors import UserError
from policykb.evaluate import nlrb_real_scores

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
