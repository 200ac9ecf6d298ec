"""`policykb crawl`: fetch registry documents politely, archive them, write the corpus."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from policykb.commands import common
from policykb.content import paths
from policykb.content.errors import UserError

HELP = "crawl the registry's documents (or replay WARC archives) into the corpus"
DEFAULT_REPORT = paths.crawl_report()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", action="append", default=[], metavar="ID", help="crawl only this entry"
    )
    parser.add_argument(
        "--replay",
        action="append",
        default=[],
        type=Path,
        metavar="WARC",
        help="serve responses from this WARC file instead of the network",
    )
    common.sources_dir(parser)
    common.corpus_dir(parser)
    common.archive_dir(parser)
    common.path_option(parser, "--report", DEFAULT_REPORT, "the crawl report (JSON)")
    common.taxonomy(parser)
    parser.add_argument("--contact-url", help="where site owners can reach us (in the User-Agent)")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy setting, e.g. DOWNLOAD_TIMEOUT=10",
    )
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level")


def crawl_settings(args: argparse.Namespace):
    """The Scrapy settings of crawler/settings.py with this command's options on top."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides = {
        "POLICYKB_SOURCES_DIR": str(args.sources_dir),
        "POLICYKB_SOURCE_IDS": list(args.source),
        "POLICYKB_CORPUS_DIR": str(args.corpus_dir),
        "POLICYKB_ARCHIVE_DIR": str(args.archive_dir),
        "POLICYKB_REPORT": str(args.report),
        "POLICYKB_TAXONOMY": str(args.taxonomy),
        "POLICYKB_REPLAY": [str(p) for p in args.replay],
        "LOG_LEVEL": args.log_level.upper(),
    }
    if args.contact_url:
        overrides["POLICYKB_CONTACT_URL"] = args.contact_url
    if args.replay:  # no server to be polite to
        overrides |= {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0}
    settings.setdict(overrides, priority="cmdline")
    for pair in args.setting:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UserError(f"--setting expects NAME=VALUE, got {pair!r}")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def run(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.sources import SourcesSpider
    from policykb.content.lock import directory_lock
    from policykb.content.taxonomy import load_taxonomy
    from policykb.ingest.archive import read_archive
    from policykb.ingest.record import select_entries

    entries = select_entries(args.sources_dir, args.source)
    load_taxonomy(args.taxonomy)  # a broken taxonomy is the user's to fix before crawling
    for path in args.replay:
        # Read each archive through once now: a file that cannot be read (or breaks off
        # between records) is a UserError here, not a traceback inside Scrapy. Damaged
        # single records are left for the replay to report against their source.
        for _ in read_archive(path):
            pass
    settings = crawl_settings(args)
    # One writer per corpus: a second crawl or reextract into it stops here, saying who
    # holds the folder, instead of interleaving its writes with ours.
    with directory_lock(args.corpus_dir, "policykb crawl"):
        args.report.unlink(missing_ok=True)
        process = CrawlerProcess(settings)
        process.crawl(SourcesSpider, entries=entries)
        process.start()

    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserError(f"the crawl stopped before writing its report ({args.report})") from None
    summary = report["summary"]
    total = sum(summary.values())
    parts = ", ".join(f"{n} {status}" for status, n in summary.items())
    print(f"crawled {total} source(s): {parts} (report: {args.report})")
    return 0
