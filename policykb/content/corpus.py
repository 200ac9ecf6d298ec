"""Corpus documents: `content/corpus/<id>.md`, YAML front matter + escaped Markdown body.

This module reads (and, for the crawler, writes) the corpus format of DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policykb.content import paths
from policykb.content.errors import Problem, ProblemError
from policykb.content.models import CorpusFrontMatter, RegistryEntry
from policykb.content.yamlfile import parse_yaml, read_text, validate_model

DEFAULT_CORPUS_DIR = paths.corpus_dir()
FENCE = "---"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # the crawler's download limit; texts are far smaller


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


def load_corpus_document(path: Path, within: Path | None = None) -> CorpusDocument:
    """One corpus file: a regular file of at most MAX_DOCUMENT_BYTES (inside `within`)."""
    text = read_text(path, limit=MAX_DOCUMENT_BYTES, within=within)
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
            document = load_corpus_document(path, within=directory)
        except ProblemError as exc:
            corpus.problems.extend(exc.problems)
            continue
        corpus.documents[document.id] = document
    return corpus


# --- writing (the crawler's side) ------------------------------------------------------


def dump_corpus_document(front: CorpusFrontMatter, body: str) -> str:
    """The file text: YAML front matter in model field order, a blank line, the body.

    Deterministic, so that the same document always gives the same bytes."""
    import yaml

    data = front.model_dump(mode="json", exclude_none=True)
    header = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return f"{FENCE}\n{header}{FENCE}\n\n{body}"


def write_corpus_document(directory: Path, front: CorpusFrontMatter, body: str) -> bool:
    """Write `<directory>/<id>.md` atomically; False when the bytes were already there."""
    from policykb.content.storage import write_atomic

    return write_atomic(directory / f"{front.id}.md", dump_corpus_document(front, body))


def primary_language(entry: RegistryEntry) -> str:
    """The registry's language without region or script ("pt-BR" -> "pt")."""
    return entry.language.split("-")[0]


def document_text(body: str) -> str:
    """The plain words of a corpus body (escapes resolved), for similarity and counts."""
    from policykb.content.escape import unescape_text

    return unescape_text(body)
