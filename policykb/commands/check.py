"""`policykb check FILE [--json]`: ten-tip coverage and NLRB flags for a draft policy."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policykb.commands import common

HELP = "check a draft policy: which of the ten tips it covers, and NLRB risk flags"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a .md, .txt, .html or .pdf file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--language", help="the draft's language (BCP 47, e.g. nl); default: detected"
    )
    common.taxonomy(parser)
    common.rules(parser)


def run(args: argparse.Namespace) -> int:
    from policykb.analysis.checker import check_markdown, default_rules
    from policykb.analysis.tagger import default_taxonomy
    from policykb.ingest.text import load_text

    # Unreadable data files end as "path: reason", exit 1.
    taxonomy, rules = default_taxonomy(args.taxonomy), default_rules(args.rules)
    text = load_text(args.file)
    result = check_markdown(text, taxonomy=taxonomy, rules=rules, language=args.language)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.to_text(args.file.name))
    return 0
