"""`policykb validate`: check every registry entry and every corpus file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policykb.commands import common
from policykb.content.clauses import DEFAULT_CLAUSES, load_clauses
from policykb.content.corpus import load_corpus
from policykb.content.errors import Problem, ProblemError
from policykb.content.registry import MAX_ENTRY_BYTES, load_registry
from policykb.content.rules import load_rules
from policykb.content.taxonomy import load_taxonomy
from policykb.content.yamlfile import parse_yaml, read_text

HELP = (
    "check the registry, the taxonomy, the NLRB rules, the model clauses and the corpus; "
    "report each problem as path:line: message"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common.sources_dir(parser)
    common.corpus_dir(parser)
    common.taxonomy(parser)
    common.rules(parser)
    common.clauses(parser)


def find_problems(
    sources_dir: Path,
    corpus_dir: Path,
    taxonomy_path: Path,
    clauses_path: Path = DEFAULT_CLAUSES,
    rules_path: Path | None = None,
) -> tuple[list[Problem], int, int]:
    """All problems, plus the counts of valid registry entries and corpus documents.

    `rules_path`: the NLRB rules, by default `paths.rules_path()`."""
    problems: list[Problem] = []
    topic_ids: set[str] | None = None
    try:
        load_rules(rules_path)
    except ProblemError as exc:
        problems.extend(exc.problems)
    try:
        taxonomy = load_taxonomy(taxonomy_path)
        topic_ids = set(taxonomy.topic_by_id)
        load_clauses(clauses_path, taxonomy)
    except ProblemError as exc:
        problems.extend(exc.problems)

    registry = load_registry(sources_dir)
    problems.extend(registry.problems)
    corpus = load_corpus(corpus_dir)
    problems.extend(corpus.problems)

    if topic_ids is not None:
        for entry in registry:
            problems.extend(
                _unknown_topics(sources_dir / f"{entry.id}.yaml", entry.topics, topic_ids)
            )
    for document in corpus.documents.values():
        if document.id not in registry.entries and not any(
            p.path.endswith(f"/{document.id}.yaml") for p in problems
        ):
            problems.append(
                Problem(
                    str(document.path), 2, f"no registry entry '{document.id}' in {sources_dir}"
                )
            )
    return sorted(set(problems)), len(registry), len(corpus.documents)


def _unknown_topics(path: Path, topics: list[str], known: set[str]) -> list[Problem]:
    unknown = [t for t in topics if t not in known]
    if not unknown:
        return []
    doc = parse_yaml(read_text(path, limit=MAX_ENTRY_BYTES), str(path))
    return [
        Problem(str(path), doc.line_of(("topics", topics.index(t))), f"topics: unknown topic '{t}'")
        for t in unknown
    ]


def run(args: argparse.Namespace) -> int:
    problems, entries, documents = find_problems(
        args.sources_dir, args.corpus_dir, args.taxonomy, args.clauses, args.rules
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(
        f"ok: {entries} registry entries, {documents} corpus documents, "
        "taxonomy, NLRB rules and model clauses valid"
    )
    return 0
