"""The `policykb` command line. Each subcommand lives in `policykb/commands/<name>.py`.

A command module defines `HELP` (one line), `add_arguments(parser)` and `run(args) -> int`,
and imports heavy libraries inside `run` so that `policykb --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from policykb.content.errors import ProblemError, UserError

COMMANDS = {
    "crawl": "policykb.commands.crawl",
    "reextract": "policykb.commands.reextract",
    "validate": "policykb.commands.validate",
    "tag": "policykb.commands.tag",
    "check": "policykb.commands.check",
    "export": "policykb.commands.export",
    "import-sources": "policykb.commands.import_sources",
    "archive": "policykb.commands.archive",
    "corpus": "policykb.commands.corpus",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykb",
        description="Build and check a knowledge base of social media policy examples.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a command not built yet is simply not offered
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ProblemError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"policykb {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`policykb check --json | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
