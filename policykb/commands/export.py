"""`policykb export --format csv|json [-o FILE]`: the library's metadata (facts only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policykb.commands import common

HELP = "export the library's metadata (registry and capture facts, topics, tips) as CSV or JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["csv", "json"], required=True)
    parser.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    common.sources_dir(parser)
    common.corpus_dir(parser)
    common.taxonomy(parser)


def run(args: argparse.Namespace) -> int:
    from policykb.content.corpus import load_corpus
    from policykb.content.errors import ProblemError, UserError
    from policykb.content.registry import load_registry
    from policykb.content.storage import write_atomic
    from policykb.content.taxonomy import load_taxonomy
    from policykb.site.export import library_records, to_csv, to_json

    registry = load_registry(args.sources_dir)
    corpus = load_corpus(args.corpus_dir)
    if registry.problems or corpus.problems:
        raise ProblemError([*registry.problems, *corpus.problems])
    records = library_records(registry.entries, corpus.documents, load_taxonomy(args.taxonomy))
    text = to_csv(records) if args.format == "csv" else to_json(records)
    if args.output:
        try:
            write_atomic(args.output, text)
        except OSError as exc:  # a folder that does not exist or is not writable
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"{len(records)} documents written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
