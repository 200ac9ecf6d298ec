"""`policykb tag FILE [--json]`: the topics and tips of a document, paragraph by paragraph."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from policykb.commands import common

HELP = "tag a document (.md .txt .html .pdf) with taxonomy topics and the tips they serve"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a .md, .txt, .html or .pdf file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--language", help="the document's language (BCP 47, e.g. nl); default: detected"
    )
    common.taxonomy(parser)


def run(args: argparse.Namespace) -> int:
    from policykb.analysis.tagger import default_taxonomy, tag_markdown
    from policykb.ingest.text import load_text

    taxonomy = default_taxonomy(args.taxonomy)  # unreadable: "path: reason", exit 1
    text = load_text(args.file)  # user mistakes: UserError, exit 1
    result = tag_markdown(text, taxonomy=taxonomy, language=args.language)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_summary(result, str(args.file), taxonomy=taxonomy.taxonomy))
    return 0


def render_summary(result, name: str, width: int = 88, *, taxonomy=None) -> str:
    from policykb.analysis.tagger import default_taxonomy

    if taxonomy is None:
        taxonomy = default_taxonomy().taxonomy
    tagged = [p for p in result.paragraphs if p.topics]
    tips = ", ".join(f"{n}. {taxonomy.tip_by_number[n].title}" for n in result.tips)
    lines = [
        f"{name}: {len(result.paragraphs)} paragraphs, {len(tagged)} with topics",
        f"languages: {', '.join(result.languages) or 'unknown'}",
        "",
        *_wrap("topics: " + (", ".join(result.topics) or "none"), width),
        *_wrap("tips: " + (tips or "none"), width),
    ]
    if tagged:
        lines += ["", "paragraphs with topics:"]
    for paragraph in tagged:
        where = f"paragraph {paragraph.index + 1}, line {paragraph.line}"
        lines.append(f"  {where}: {', '.join(paragraph.topics)}")
        short = textwrap.shorten(paragraph.text, width=width - 6, placeholder=" …")
        lines.append(f"      {short}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, subsequent_indent="    ")
