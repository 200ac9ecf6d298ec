"""The taxonomy: the ten tips and the topics that serve them (`content/taxonomy.yaml`)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from policykb.content import paths
from policykb.content.models import Slug, Text, _Strict
from policykb.content.yamlfile import parse_yaml, read_text, validate_model

DEFAULT_TAXONOMY = paths.taxonomy_path()  # at import; load_taxonomy() resolves per call
REQUIRED_LANGUAGES = ("en", "nl")
TipNumber = Annotated[int, Field(ge=1, le=10)]


class Tip(_Strict):
    number: TipNumber
    slug: Slug
    title: Text
    summary: Text


# Constructs Python accepts but the in-browser checker's JavaScript RegExp does not.
_NOT_JS = re.compile(r"\(\?[aiLmsux-]+[:)]|\(\?P[<=>]|\\[AZ]|[*+?}][+]|\(\?>")


def check_patterns(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every pattern compiles (Python) and avoids syntax JavaScript would reject."""
    for lang, patterns in value.items():
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{lang} pattern {pattern!r} does not compile: {exc}") from None
            if _NOT_JS.search(pattern):
                raise ValueError(
                    f"{lang} pattern {pattern!r} uses syntax JavaScript lacks "
                    "(inline flags, named groups (?P...), \\A, \\Z, possessive or atomic groups)"
                )
    return value


class Topic(_Strict):
    """A topic; `patterns` find it in a paragraph, `exclude` vetoes it (see tagger.py)."""

    id: Slug
    label: Text
    definition: Text
    tips: list[TipNumber] = Field(min_length=1)
    patterns: dict[str, list[Text]]
    exclude: dict[str, list[Text]] = Field(default_factory=dict)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = [lang for lang in REQUIRED_LANGUAGES if not value.get(lang)]
        if missing:
            raise ValueError(f"patterns are required for: {', '.join(missing)}")
        return check_patterns(value)

    @field_validator("exclude")
    @classmethod
    def _exclude_compile(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return check_patterns(value)


class Taxonomy(_Strict):
    tips: list[Tip] = Field(min_length=10, max_length=10)
    topics: list[Topic] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Taxonomy:
        if [t.number for t in self.tips] != list(range(1, 11)):
            raise ValueError("tips must be numbered 1 to 10 in order")
        ids = [t.id for t in self.topics]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate topic ids: {', '.join(dupes)}")
        return self

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def tip_by_number(self) -> dict[int, Tip]:
        return {t.number: t for t in self.tips}

    def topics_for_tip(self, number: int) -> list[Topic]:
        return [t for t in self.topics if number in t.tips]

    def tips_for_topics(self, topic_ids: list[str] | set[str]) -> list[int]:
        return sorted(
            {n for i in topic_ids if i in self.topic_by_id for n in self.topic_by_id[i].tips}
        )


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and validate the taxonomy (by default `paths.taxonomy_path()`); problems
    raise ProblemError with lines."""
    if path is None:
        path = paths.taxonomy_path()
    return validate_model(Taxonomy, parse_yaml(read_text(path), str(path)))
