"""Measure the tagger and the NLRB checker on the labelled development set.

`python -m policykb.evaluation.evaluate` (or `make eval`) prints per-topic precision, recall and F1,
micro-F1, risky-clause recall and the false-alarm rate on lawful clauses, separately for
the development part (used while tuning patterns) and the held-out part (never tuned on).
`--errors` lists every disagreement with the labels.

The set lives in `policykb/evaluation/devset/` (see its README for the format). Items are tagged
with their labelled language, as the corpus writer does with the registry's language.

`nlrb_real_scores` measures the NLRB checker on real workplace rules with the NLRB's
verdict (`../shared/data/nlrb-real/rules.tsv`, read in place, never copied).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from policykb.analysis.checker import CompiledRules, check_markdown, default_rules, find_flags
from policykb.analysis.tagger import default_taxonomy, tag_markdown
from policykb.content import paths
from policykb.content.errors import UserError
from policykb.content.rules import NlrbRules

DEVSET_DIR = Path(__file__).resolve().parent / "devset"  # written for this project
NLRB_REAL_TSV = paths.shared_data_dir() / "nlrb-real" / "rules.tsv"


@dataclass(frozen=True)
class Item:
    id: str
    language: str
    text: str
    topics: frozenset[str]
    risky: frozenset[str] = frozenset()
    lawful: bool = False
    part: str = "dev"  # "dev" or "holdout"


@dataclass
class Outcome:
    item: Item
    topics: frozenset[str]
    flags: frozenset[str]


@dataclass
class Scores:
    outcomes: list[Outcome] = field(default_factory=list)

    def topic_counts(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {}
        for o in self.outcomes:
            for topic in o.item.topics | o.topics:
                c = counts.setdefault(topic, Counter())
                if topic in o.item.topics and topic in o.topics:
                    c["tp"] += 1
                elif topic in o.topics:
                    c["fp"] += 1
                else:
                    c["fn"] += 1
        return counts

    def micro(self) -> tuple[float, float, float]:
        total = Counter()
        for c in self.topic_counts().values():
            total.update(c)
        return prf(total["tp"], total["fp"], total["fn"])

    def risky_recall(self) -> float:
        """Share of labelled (clause, risky rule) pairs that the checker flags with that rule."""
        pairs = [(o, r) for o in self.outcomes for r in o.item.risky]
        return _ratio(sum(1 for o, r in pairs if r in o.flags), len(pairs))

    def risky_clause_recall(self) -> float:
        """Share of risky clauses that raise at least one flag."""
        risky = [o for o in self.outcomes if o.item.risky]
        return _ratio(sum(1 for o in risky if o.flags), len(risky))

    def false_alarm_rate(self) -> float:
        """Share of lawful clauses that raise any flag."""
        lawful = [o for o in self.outcomes if o.item.lawful]
        return _ratio(sum(1 for o in lawful if o.flags), len(lawful))

    def neutral_flag_rate(self) -> float:
        """Share of neutral clauses (neither risky nor lawful) that raise any flag."""
        neutral = [o for o in self.outcomes if not o.item.lawful and not o.item.risky]
        return _ratio(sum(1 for o in neutral if o.flags), len(neutral))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_items(directory: Path = DEVSET_DIR) -> list[Item]:
    """Every labelled item; `holdout*.yaml` files form the held-out part."""
    items: list[Item] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        part = "holdout" if path.name.startswith("holdout") else "dev"
        for raw in data:
            items.append(
                Item(
                    id=raw["id"],
                    language=raw["language"],
                    text=raw["text"],
                    topics=frozenset(raw.get("topics") or ()),
                    risky=frozenset(raw.get("risky") or ()),
                    lawful=bool(raw.get("lawful", False)),
                    part=part,
                )
            )
    if not items:
        raise UserError(f"no labelled items found in {directory}")
    return items


def run(items: list[Item]) -> Scores:
    taxonomy = default_taxonomy()
    rules = default_rules()
    scores = Scores()
    for item in items:
        tagged = tag_markdown(item.text, taxonomy=taxonomy, language=item.language)
        risky, _ = find_flags(tagged, rules)
        scores.outcomes.append(
            Outcome(item, frozenset(tagged.topics), frozenset(f.rule.id for f in risky))
        )
    return scores


def report(title: str, scores: Scores) -> str:
    lines = [f"== {title}: {len(scores.outcomes)} items =="]
    lines.append(f"{'topic':32} {'prec':>6} {'rec':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for topic, c in sorted(scores.topic_counts().items()):
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        lines.append(f"{topic:32} {p:6.2f} {r:6.2f} {f:6.2f} {c['tp']:4} {c['fp']:4} {c['fn']:4}")
    p, r, f = scores.micro()
    lines.append(f"{'micro':32} {p:6.2f} {r:6.2f} {f:6.2f}")
    lines.append(f"NLRB risky-rule recall (clause, rule pairs): {scores.risky_recall():.2f}")
    lines.append(f"NLRB risky-clause recall (any flag):         {scores.risky_clause_recall():.2f}")
    lines.append(f"NLRB false alarms on lawful clauses:         {scores.false_alarm_rate():.2f}")
    lines.append(f"NLRB flags on neutral clauses:               {scores.neutral_flag_rate():.2f}")
    return "\n".join(lines)


def errors(scores: Scores) -> str:
    lines = []
    for o in scores.outcomes:
        missed = sorted(o.item.topics - o.topics)
        extra = sorted(o.topics - o.item.topics)
        flag_missed = sorted(o.item.risky - o.flags)
        flag_extra = sorted(o.flags - o.item.risky) if (o.item.lawful or o.item.risky) else []
        flag_neutral = sorted(o.flags) if not (o.item.lawful or o.item.risky) else []
        if missed or extra or flag_missed or flag_extra or flag_neutral:
            lines.append(f"{o.item.id} [{o.item.part}]: {o.item.text.strip()[:110]}")
            if missed:
                lines.append(f"    missed topics: {missed}")
            if extra:
                lines.append(f"    extra topics:  {extra}")
            if flag_missed:
                lines.append(f"    missed flags:  {flag_missed}")
            if flag_extra:
                lines.append(f"    extra flags:   {flag_extra}")
            if flag_neutral:
                lines.append(f"    neutral flagged: {flag_neutral}")
    return "\n".join(lines)


def nlrb_real_scores(
    path: Path = NLRB_REAL_TSV, *, rules: NlrbRules | CompiledRules | None = None
) -> dict:
    """The NLRB checker on real rules with the NLRB's verdict (a `rules.tsv` or its folder).

    Each clause is checked as a one-paragraph English Markdown draft (`check_markdown`).
    A `risky` clause (found unlawful) counts as caught when it raises any flag; a `safe`
    one (found lawful) is a false alarm when it does. Returns counts, `recall` on risky,
    `false_alarm_rate` on safe, the `missed` and `false_alarm_ids` clause ids, each clause's
    `label` and the rules that fired on it (`flags`), and the same counts per `category`.
    Reads only the TSV.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "rules.tsv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from exc
    missing = {"id", "label", "category", "clause"} - set(rows[0] if rows else {})
    if missing:
        raise UserError(f"{path}: missing columns: {', '.join(sorted(missing))}")
    flags: dict[str, list[str]] = {}
    by_category: dict[str, dict] = {}
    for row in rows:
        label = row["label"]
        if label not in ("risky", "safe"):
            raise UserError(f"{path}: {row['id']}: label must be risky or safe, not {label!r}")
        result = check_markdown(row["clause"], rules=rules, language="en")
        fired = sorted({f.rule.id for f in result.flags})
        flags[row["id"]] = fired
        counts = by_category.setdefault(
            row["category"],
            {"risky": 0, "caught": 0, "safe": 0, "false_alarms": 0, "missed": []},
        )
        if label == "risky":
            counts["risky"] += 1
            if fired:
                counts["caught"] += 1
            else:
                counts["missed"].append(row["id"])
        else:
            counts["safe"] += 1
            counts["false_alarms"] += bool(fired)
    risky = [r["id"] for r in rows if r["label"] == "risky"]
    safe = [r["id"] for r in rows if r["label"] == "safe"]
    missed = [i for i in risky if not flags[i]]
    false_alarms = [i for i in safe if flags[i]]
    return {
        "risky": len(risky),
        "safe": len(safe),
        "caught": len(risky) - len(missed),
        "false_alarms": len(false_alarms),
        "recall": _ratio(len(risky) - len(missed), len(risky)),
        "false_alarm_rate": _ratio(len(false_alarms), len(safe)) if safe else 0.0,
        "missed": missed,
        "false_alarm_ids": false_alarms,
        "labels": {r["id"]: r["label"] for r in rows},
        "flags": flags,
        "by_category": dict(sorted(by_category.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m policykb.evaluation.evaluate", description=__doc__
    )
    parser.add_argument("--devset", type=Path, default=DEVSET_DIR)
    parser.add_argument("--part", choices=("dev", "holdout", "all"), default=None)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    try:
        items = load_items(args.devset)
    except UserError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1
    print(
        "Written development set. The learned model is trained on these items, so read the\n"
        "topic scores below as a check that nothing broke, not as a measure: the measure is\n"
        "the cross-validation on real documents (python -m policykb.evaluation.crossval).\n"
    )
    parts = [args.part] if args.part else ["dev", "holdout", "all"]
    for part in parts:
        chosen = [i for i in items if part == "all" or i.part == part]
        scores = run(chosen)
        print(report({"dev": "development", "holdout": "held out", "all": "all"}[part], scores))
        if args.errors:
            print(errors(scores))
        print()
    if NLRB_REAL_TSV.is_file():
        real = nlrb_real_scores(NLRB_REAL_TSV)
        print(f"== NLRB checker on real rules with the NLRB's verdict ({NLRB_REAL_TSV}) ==")
        print(
            f"recall on rules found unlawful: {real['recall']:.2f}; "
            f"false alarms on rules found lawful: {real['false_alarm_rate']:.2f}"
        )
        if real["missed"]:
            print(f"missed: {', '.join(real['missed'])}")
    else:
        print(f"(real NLRB rules not found at {NLRB_REAL_TSV}; skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
