"""Options that several commands share: where the project's files are (`policykb.content.paths`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from policykb.content import paths


def path_option(parser: argparse.ArgumentParser, flag: str, default: Path, what: str) -> None:
    """`--flag PATH`, by default `default` (shown relative to the working directory when
    it lies under it, so that messages name files as the user would)."""
    metavar = "DIR" if flag.endswith("-dir") else "FILE"
    parser.add_argument(
        flag,
        type=Path,
        default=paths.shown(default),
        metavar=metavar,
        help=f"{what} (default: %(default)s)",
    )


def sources_dir(parser: argparse.ArgumentParser) -> None:
    path_option(parser, "--sources-dir", paths.sources_dir(), "the registry's folder")


def corpus_dir(parser: argparse.ArgumentParser) -> None:
    path_option(parser, "--corpus-dir", paths.corpus_dir(), "the corpus folder")


def archive_dir(parser: argparse.ArgumentParser) -> None:
    path_option(parser, "--archive-dir", paths.archive_dir(), "the WARC captures' folder")


def taxonomy(parser: argparse.ArgumentParser) -> None:
    path_option(parser, "--taxonomy", paths.taxonomy_path(), "the taxonomy (tips and topics)")


def rules(parser: argparse.ArgumentParser) -> None:
    path_option(parser, "--rules", paths.rules_path(), "the NLRB clause rules")


def clauses(parser: argparse.ArgumentParser) -> None:
    path_option(parser, "--clauses", paths.clauses_path(), "the model clauses")
