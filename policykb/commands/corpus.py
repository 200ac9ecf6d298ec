"""`policykb corpus fetch`: the published site's corpus archive, into `content/corpus/`."""

from __future__ import annotations

import argparse
import os

from policykb.commands import common

HELP = "download the published corpus.tar.gz, check its SHA-256 and unpack it (keeps newer local files)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["fetch"])
    parser.add_argument(
        "--url",
        default=os.environ.get("POLICYKB_CORPUS_URL"),
        help="URL of corpus.tar.gz (default: $POLICYKB_CORPUS_URL); its manifest is URL.sha256",
    )
    common.corpus_dir(parser)


def run(args: argparse.Namespace) -> int:
    from policykb.content.errors import UserError
    from policykb.site.corpus_bundle import fetch_corpus

    if not args.url:
        raise UserError("no archive URL: pass --url or set POLICYKB_CORPUS_URL")
    result = fetch_corpus(args.url, args.corpus_dir)
    print(
        f"corpus: {len(result.written)} document(s) written, {len(result.unchanged)} unchanged, "
        f"{len(result.kept)} kept because the local copy is newer, into {args.corpus_dir}"
    )
    for name in result.kept:
        print(f"  kept local {name}")
    return 0
