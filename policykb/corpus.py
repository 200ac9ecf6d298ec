"""Corpus documents: `content/corpus/<id>.md`, YAML front matter + escaped Markdown body.

This module reads (and, for the crawler, writes) the corpus format of DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policykb.errors import Problem, ProblemError
from policykb.models import CorpusFrontMatter
from policykb.yamlfile import parse_yaml, read_text, validate_model

DEFAULT_CORPUS_DIR = Path("content/corpus")
FENCE = "---"


@dataclass(frozen=True)
class CorpusDocument:
    path: Path
    front: CorpusFrontMatter
    body: str
    body_line: int  # 1-based line where the body starts in the file

    @property
    def id(self) -> str:
        return self.front.id


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, first body line); a missing fence is a problem."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FENCE:
        raise ProblemError(
            [Problem(path, 1, "missing YAML front matter (the file must start with '---')")]
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") == FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ProblemError([Problem(path, 1, "front matter is not closed by a '---' line")])


def load_corpus_document(path: Path) -> CorpusDocument:
    text = read_text(path)
    front_text, body, body_line = split_front_matter(text, str(path))
    doc = parse_yaml(front_text, str(path), line_offset=1)
    front = validate_model(CorpusFrontMatter, doc)
    if front.id != path.stem:
        raise ProblemError(
            [
                Problem(
                    str(path),
                    doc.line_of(("id",)),
                    f"id '{front.id}' differs from the file name '{path.stem}'",
                )
            ]
        )
    return CorpusDocument(path=path, front=front, body=body, body_line=body_line)


@dataclass
class Corpus:
    documents: dict[str, CorpusDocument] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_corpus(directory: Path = DEFAULT_CORPUS_DIR) -> Corpus:
    """Every valid corpus document by id; a missing directory is an empty corpus."""
    corpus = Corpus()
    if not directory.is_dir():
        return corpus
    for path in sorted(directory.glob("*.md")):
        try:
            document = load_corpus_document(path)
        except ProblemError as exc:
            corpus.problems.extend(exc.problems)
            continue
        corpus.documents[document.id] = document
    return corpus
