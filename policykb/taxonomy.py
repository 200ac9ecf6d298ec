"""The taxonomy: the ten tips and the topics that serve them (`content/taxonomy.yaml`)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from policykb.models import Slug, Text, _Strict
from policykb.yamlfile import parse_yaml, read_text, validate_model

DEFAULT_TAXONOMY = Path("content/taxonomy.yaml")
REQUIRED_LANGUAGES = ("en", "nl")
TipNumber = Annotated[int, Field(ge=1, le=10)]


class Tip(_Strict):
    number: TipNumber
    slug: Slug
    title: Text
    summary: Text


class Topic(_Strict):
    id: Slug
    label: Text
    definition: Text
    tips: list[TipNumber] = Field(min_length=1)
    patterns: dict[str, list[Text]]

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = [lang for lang in REQUIRED_LANGUAGES if not value.get(lang)]
        if missing:
            raise ValueError(f"patterns are required for: {', '.join(missing)}")
        for lang, patterns in value.items():
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"{lang} pattern {pattern!r} does not compile: {exc}") from None
        return value


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
        return sorted({n for i in topic_ids if i in self.topic_by_id for n in self.topic_by_id[i].tips})


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> Taxonomy:
    """Load and validate the taxonomy; problems raise ProblemError with lines."""
    return validate_model(Taxonomy, parse_yaml(read_text(path), str(path)))
