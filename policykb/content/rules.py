"""NLRB clause rules as data (`content/nlrb/rules.yaml`): the model and its loader.

A rule describes one clause pattern that the NLRB (Board decisions, General Counsel and
Operations-Management memos, Advice memos) treated as unlawful (`kind: risky`) or lawful
(`kind: lawful`). Risky rules raise flags in `policykb check`; lawful rules describe the
safer counterpart and may cancel (`overrides`) risky rules in the same paragraph, for
instance a confidentiality rule that itself says employees may discuss their pay.

How patterns are applied is described in `policykb/analysis/checker.py`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from policykb.content import paths
from policykb.content.models import Slug, Text, _Strict
from policykb.content.taxonomy import check_patterns
from policykb.content.yamlfile import parse_yaml, read_text, validate_model

DEFAULT_RULES = paths.rules_path()  # at import; load_rules() resolves per call

Era = Literal["lutheran-heritage", "boeing", "stericycle"]
ERA_LABELS: dict[str, str] = {
    "lutheran-heritage": "Lutheran Heritage (2004–2017)",
    "boeing": "Boeing (2017–2023)",
    "stericycle": "Stericycle (2023– )",
}


class NlrbRule(_Strict):
    """One clause pattern with its authority, era, explanation and safer wording."""

    id: Slug
    kind: Literal["risky", "lawful"]
    title: Text
    authority: list[Text] = Field(min_length=1)
    era: list[Era] = Field(min_length=1)
    explanation: Text
    suggestion: Text | None = None
    patterns: dict[str, list[Text]]
    exclude: dict[str, list[Text]] = Field(default_factory=dict)
    overrides: list[Slug] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if not value.get("en"):
            raise ValueError("patterns are required for: en")
        return check_patterns(value)

    @field_validator("exclude")
    @classmethod
    def _exclude(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return check_patterns(value)

    @model_validator(mode="after")
    def _consistent(self) -> NlrbRule:
        if self.kind == "risky" and not self.suggestion:
            raise ValueError(f"risky rule '{self.id}' needs a suggestion (safer wording)")
        if self.kind == "risky" and self.overrides:
            raise ValueError(f"only lawful rules may override others ('{self.id}')")
        return self

    @property
    def authority_text(self) -> str:
        return "; ".join(self.authority)

    @property
    def era_text(self) -> str:
        return ", ".join(self.era)

    @property
    def era_labels(self) -> str:
        return ", ".join(ERA_LABELS[e] for e in self.era)


class NlrbRules(_Strict):
    rules: list[NlrbRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> NlrbRules:
        ids = [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule ids: {', '.join(dupes)}")
        risky = {r.id for r in self.rules if r.kind == "risky"}
        for rule in self.rules:
            unknown = [o for o in rule.overrides if o not in risky]
            if unknown:
                raise ValueError(f"rule '{rule.id}' overrides unknown risky rules: {unknown}")
        return self

    @cached_property
    def rule_by_id(self) -> dict[str, NlrbRule]:
        return {r.id: r for r in self.rules}

    @property
    def risky(self) -> list[NlrbRule]:
        return [r for r in self.rules if r.kind == "risky"]

    @property
    def lawful(self) -> list[NlrbRule]:
        return [r for r in self.rules if r.kind == "lawful"]


def load_rules(path: Path | None = None) -> NlrbRules:
    """Load and validate the NLRB rules (by default `paths.rules_path()`); problems raise
    ProblemError with lines."""
    if path is None:
        path = paths.rules_path()
    return validate_model(NlrbRules, parse_yaml(read_text(path), str(path)))
