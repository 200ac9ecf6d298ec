"""Index a built site with Pagefind: `python -m policykb.site.search_index _build/html`.

One place for the indexing options, used by `make html` and the tests.

With `--state DIR` (the build's doctrees folder: build state stays out of the site), the
HTML pages indexed are recorded there (`policykb-pagefind.json`: size, time and digest of
each), and the next run indexes again only when a page was added, removed or changed, or
the index itself is missing. Pagefind has no incremental mode: when anything changed, the
whole site is indexed again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

# Heading anchors and topic chips are navigation, not content.
EXCLUDE = ".headerlink, .pkb-chips, .pkb-facts"
BUNDLE_DIR = "pagefind"
MANIFEST = "policykb-pagefind.json"


def _recipe() -> str:
    """What the index is made with: another value (options, Pagefind) means index again."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = "?"
    return f"1 pagefind {pagefind} {EXCLUDE}"


def index_site(site: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    command += ["--exclude-selectors", EXCLUDE]
    return subprocess.run(command, capture_output=True, text=True)


def html_files(site: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every HTML file of the site, outside Pagefind's own folder."""
    found = {}
    for folder, subfolders, files in os.walk(site):
        if folder == str(site):
            subfolders[:] = [d for d in subfolders if d != BUNDLE_DIR]
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                info = os.stat(path)
                found[os.path.relpath(path, site)] = (info.st_size, info.st_mtime_ns)
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def site_manifest(site: Path, previous: dict[str, list]) -> dict[str, list]:
    """{page: [size, mtime_ns, sha256]}; a page whose size and time match `previous`
    keeps its recorded digest without being read."""
    manifest = {}
    for page, (size, mtime) in html_files(site).items():
        known = previous.get(page)
        if known is not None and known[0] == size and known[1] == mtime:
            manifest[page] = known
        else:
            manifest[page] = [size, mtime, _digest(site / page)]
    return manifest


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_manifest(path: Path, recipe: str, pages: dict[str, list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"recipe": recipe, "pages": pages}), encoding="utf-8")
    os.replace(tmp, path)


def _same_pages(a: dict[str, list], b: dict[str, list]) -> bool:
    return a.keys() == b.keys() and all(a[k][2] == b[k][2] for k in a)


def index_if_changed(site: Path, state: Path) -> subprocess.CompletedProcess | None:
    """Index the site unless its pages are those of the last index (then None)."""
    manifest_path = state / MANIFEST
    saved, recipe = _read_manifest(manifest_path), _recipe()
    previous = saved.get("pages") if saved.get("recipe") == recipe else None
    current = site_manifest(site, previous or {})
    indexed = (site / BUNDLE_DIR / "pagefind-entry.json").is_file()
    if previous is not None and indexed and _same_pages(previous, current):
        if current != previous:  # same pages, new times: remember them (no reading next time)
            _write_manifest(manifest_path, recipe, current)
        return None
    manifest_path.unlink(missing_ok=True)
    result = index_site(site)
    if result.returncode == 0:
        _write_manifest(manifest_path, recipe, current)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m policykb.site.search_index", description="Index a built site with Pagefind."
    )
    parser.add_argument("site", type=Path, help="the built site (_build/html)")
    parser.add_argument(
        "--state", type=Path, help="build state folder: skip indexing when no page changed"
    )
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.print_usage(sys.stderr)
        print(f"not a folder: {args.site}", file=sys.stderr)
        return 2
    if args.state is not None:
        result = index_if_changed(args.site, args.state)
        if result is None:
            print("Search index up to date: no page changed.")
            return 0
    else:
        result = index_site(args.site)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
