"""`policykb archive pull|push`: keep the WARC captures on a git branch of their own."""

from __future__ import annotations

import argparse

from policykb.commands import common

HELP = "restore (pull) or store (push) the WARC captures on a git branch, e.g. before and after a crawl"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["pull", "push"], help="pull: restore; push: append")
    parser.add_argument(
        "--remote", required=True, help="git repository URL or path that holds the branch"
    )
    parser.add_argument("--branch", default="archive", help="branch name (default: archive)")
    common.archive_dir(parser)
    parser.add_argument("--message", help="commit message for push")


def run(args: argparse.Namespace) -> int:
    from policykb.ingest.archive_branch import pull_archive, push_archive

    where = f"branch {args.branch!r}"
    if args.action == "pull":
        restored = pull_archive(args.remote, args.archive_dir, args.branch)
        print(f"restored {len(restored)} capture file(s) from {where} into {args.archive_dir}")
        return 0
    result = push_archive(args.remote, args.archive_dir, args.branch, args.message)
    for name in result.skipped:
        print(f"not pushed, over 100 MB: {name}")
    if result.commit is None:
        print(f"{where} already holds every capture file in {args.archive_dir}")
    else:
        print(f"pushed {len(result.added)} capture file(s) to {where} ({result.commit[:12]})")
    return 1 if result.skipped else 0
