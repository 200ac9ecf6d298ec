"""Model clauses written by the project (`content/clauses/clauses.yaml`): model and loader.

Each clause is short policy wording a team can adapt, tagged with taxonomy topics (the
first is its main topic). The text is plain Markdown: paragraphs and "- " list items,
with no links and no HTML; pages render it as escaped text (`split_blocks`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator


from policykb.content import paths
from policykb.content.errors import Problem, ProblemError
from policykb.content.models import Audience, Slug, Text, _Strict
from policykb.content.taxonomy import Taxonomy, load_taxonomy
from policykb.content.yamlfile import YamlDocument, parse_yaml, read_text, validate_model

DEFAULT_CLAUSES = paths.clauses_path()
MAX_TEXT_CHARS = 1200

# Markup the clause text must not contain: links and images, raw HTML, code, MyST roles
# and directives (both need a backtick or a fence), and bare URLs. Square brackets on their
# own are placeholders ("[Organisation]").
_MARKUP = (
    (re.compile(r"\]\(|\]\["), "links are not allowed"),
    (re.compile(r"<[A-Za-z/!?]"), "HTML is not allowed"),
    (re.compile(r"`|^\s*(~~~|:::)", re.MULTILINE), "code, roles and directives are not allowed"),
    (re.compile(r"https?://|www\.", re.IGNORECASE), "URLs are not allowed"),
)


def markup_problem(text: str) -> str | None:
    """Why `text` is not plain clause text, or None when it is."""
    for pattern, message in _MARKUP:
        if pattern.search(text):
            return message
    return None


class Clause(_Strict):
    """One model clause; `topics[0]` is its main topic."""

    id: Slug
    title: Text
    topics: list[Slug] = Field(min_length=1)
    text: Text = Field(max_length=MAX_TEXT_CHARS)
    why: Text
    audience: Audience | None = None
    note: Text | None = None

    @field_validator("title", "text", "why", "note")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        if value is not None and (message := markup_problem(value)):
            raise ValueError(f"plain text only: {message}")
        return value

    @field_validator("topics")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        dupes = sorted({t for t in value if value.count(t) > 1})
        if dupes:
            raise ValueError(f"topic listed twice: {', '.join(dupes)}")
        return value

    @property
    def main_topic(self) -> str:
        return self.topics[0]


class ClauseFile(_Strict):
    clauses: list[Clause] = Field(min_length=1)


@dataclass(frozen=True)
class Clauses:
    """The validated clauses, in file order, with lookups by topic and tip."""

    clauses: tuple[Clause, ...]
    path: Path

    def __iter__(self):
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    @cached_property
    def by_main_topic(self) -> dict[str, list[Clause]]:
        grouped: dict[str, list[Clause]] = defaultdict(list)
        for clause in self.clauses:
            grouped[clause.main_topic].append(clause)
        return dict(grouped)

    def for_topic(self, topic: str) -> list[Clause]:
        """Clauses whose main topic is `topic`."""
        return list(self.by_main_topic.get(topic, []))

    def also_for_topic(self, topic: str) -> list[Clause]:
        """Clauses that touch `topic` without it being their main topic."""
        return [c for c in self.clauses if topic in c.topics[1:]]

    def for_tip(self, taxonomy: Taxonomy, number: int) -> list[Clause]:
        """Clauses whose main topic serves tip `number`, in the taxonomy's topic order."""
        return [c for t in taxonomy.topics_for_tip(number) for c in self.for_topic(t.id)]


def load_clauses(path: Path = DEFAULT_CLAUSES, taxonomy: Taxonomy | None = None) -> Clauses:
    """Load and validate the clauses file; problems raise ProblemError with lines.

    Topics must exist in `taxonomy` (by default `paths.taxonomy_path()`).
    """
    doc = parse_yaml(read_text(path), str(path))
    parsed = validate_model(ClauseFile, doc)
    if taxonomy is None:
        taxonomy = load_taxonomy()
    problems = _duplicate_ids(doc, parsed) + _unknown_topics(doc, parsed, set(taxonomy.topic_by_id))
    if problems:
        raise ProblemError(problems)
    return Clauses(tuple(parsed.clauses), path)


def _duplicate_ids(doc: YamlDocument, parsed: ClauseFile) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for i, clause in enumerate(parsed.clauses):
        line = doc.line_of(("clauses", i, "id"))
        if clause.id in first:
            message = f"clauses.{i}.id: duplicate id '{clause.id}' (first used on line {first[clause.id]})"
            problems.append(Problem(doc.path, line, message))
        else:
            first[clause.id] = line
    return problems


def _unknown_topics(doc: YamlDocument, parsed: ClauseFile, known: set[str]) -> list[Problem]:
    return [
        Problem(
            doc.path,
            doc.line_of(("clauses", i, "topics", j)),
            f"clauses.{i}.topics: unknown topic '{topic}' in clause '{clause.id}'",
        )
        for i, clause in enumerate(parsed.clauses)
        for j, topic in enumerate(clause.topics)
        if topic not in known
    ]
