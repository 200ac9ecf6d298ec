"""`policykb reextract`: rebuild the corpus from the WARC archive, without the network."""

from __future__ import annotations

import argparse
import logging
import sys

from policykb.commands import common

HELP = "rebuild the corpus from the archived captures (offline, byte for byte when unchanged)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common.archive_dir(parser)
    common.corpus_dir(parser)
    common.sources_dir(parser)
    common.taxonomy(parser)


def run(args: argparse.Namespace) -> int:
    from policykb.content.errors import UserError
    from policykb.content.lock import directory_lock
    from policykb.content.taxonomy import load_taxonomy
    from policykb.ingest.archive import archive_files
    from policykb.ingest.record import rebuild_corpus, select_entries

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are reported, not logged
    entries = select_entries(args.sources_dir, active_only=False)
    taxonomy = load_taxonomy(args.taxonomy)
    files = archive_files(args.archive_dir)
    if not files:
        raise UserError(f"no WARC files (*.warc.gz) in {args.archive_dir}")
    with directory_lock(args.corpus_dir, "policykb reextract"):
        result = rebuild_corpus(entries, files, args.corpus_dir, taxonomy)
    for entry_id, notes in sorted(result.notes.items()):
        for note in notes:
            print(f"policykb reextract: note: {entry_id}: capture skipped: {note}", file=sys.stderr)
    for entry_id, error in sorted(result.failed.items()):
        print(
            f"policykb reextract: {entry_id}: {error}; its corpus file is left as it was",
            file=sys.stderr,
        )
    failed = f", {len(result.failed)} failed" if result.failed else ""
    print(
        f"reextracted {result.written + result.unchanged} document(s) from {len(files)} "
        f"archive file(s): {result.written} rewritten, {result.unchanged} unchanged, "
        f"{result.missing} without a usable capture{failed}"
    )
    return 1 if result.failed else 0
