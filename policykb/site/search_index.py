"""Index a built site with Pagefind: `python -m policykb.site.search_index _build/html`.

One place for the indexing options, used by `make html` and the tests.

The search index is split into shards (decision 20). Each page Pagefind would index (one
carrying `data-pagefind-body`) belongs to one shard, chosen from a hash of its path, so a
page stays in its shard from build to build; there is one shard per `PAGES_PER_SHARD`
pages or so (`shard_count`). Each shard is its own Pagefind bundle,
`pagefind/<n>/`; `pagefind/shards.json` lists them and the search page merges them
(Pagefind's `mergeIndex`), and Pagefind's UI script and style sheet are copied to
`pagefind/` itself. Pagefind has no incremental mode, but a shard holds only its pages:
re-indexing one costs a fraction of the site, and Pagefind's memory is bounded by the
largest shard instead of the whole site.

With `--state DIR` (the build's doctrees folder: build state stays out of the site), the
pages indexed are recorded there (`policykb-pagefind.json`: size, time, digest of each,
and a digest of each shard's pages), and the next run indexes again only the shards whose
pages were added, removed or changed, or whose bundle is missing. Without it, every shard
is indexed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from policykb.content.storage import write_atomic

# Heading anchors and topic chips are navigation, not content.
EXCLUDE = ".headerlink, .pkb-chips, .pkb-facts"
BUNDLE_DIR = "pagefind"
MANIFEST = "policykb-pagefind.json"
SHARDS_FILE = "shards.json"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
# Pages per shard (decision 20: the measured trade-off between re-indexing one shard, the
# memory Pagefind needs for it, and the bytes of one search, which grow with the shards).
PAGES_PER_SHARD = 1250
# Pagefind indexes only the pages with this attribute once any page has it, as ours do.
BODY_MARK = re.compile(rb"<[a-zA-Z][^>]*\sdata-pagefind-body[\s>=/]")
WORK_PREFIX = ".work-"
PAGEFIND = (sys.executable, "-m", "pagefind")


def _recipe(shards: int) -> str:
    """What the index is made with: another value (options, Pagefind) means index again."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = "?"
    return f"2 pagefind {pagefind} {EXCLUDE} shards {shards}"


def shard_count(pages: int, previous: int | None = None) -> int:
    """How many shards for `pages` indexed pages: about `PAGES_PER_SHARD` each. A new
    count re-indexes every shard, so the previous one is kept while its shards hold no
    more than twice that, and (unless there is one) no fewer than half."""
    not_too_full = previous and pages <= 2 * PAGES_PER_SHARD * previous
    if not_too_full and (previous == 1 or 2 * pages >= PAGES_PER_SHARD * previous):
        return previous
    return max(1, math.ceil(pages / PAGES_PER_SHARD))


def shard_of(page: str, shards: int) -> int:
    """The shard of a page (its path in the site, `/`-separated): stable across builds."""
    digest = hashlib.sha256(page.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


# --- which pages, and what changed ---------------------------------------------------


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
                page = os.path.relpath(path, site).replace(os.sep, "/")
                found[page] = (info.st_size, info.st_mtime_ns)
    return found


def _inspect(path: Path) -> tuple[str, bool]:
    """A page's SHA-256, and whether Pagefind indexes it (it carries the body mark)."""
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), BODY_MARK.search(data) is not None


def site_manifest(site: Path, previous: dict[str, list]) -> dict[str, list]:
    """{page: [size, mtime_ns, sha256, indexed]}; a page whose size and time match
    `previous` keeps its recorded digest without being read."""
    manifest = {}
    for page, (size, mtime) in html_files(site).items():
        known = previous.get(page)
        if known is not None and len(known) == 4 and known[0] == size and known[1] == mtime:
            manifest[page] = known
        else:
            manifest[page] = [size, mtime, *_inspect(site / page)]
    return manifest


def shard_pages(manifest: dict[str, list], shards: int) -> dict[int, list[str]]:
    """The indexed pages of each non-empty shard, sorted."""
    groups: dict[int, list[str]] = {}
    for page in sorted(manifest):
        if manifest[page][3]:
            groups.setdefault(shard_of(page, shards), []).append(page)
    return groups


def shard_digest(pages: list[str], manifest: dict[str, list], recipe: str) -> str:
    """What one shard's bundle is made from: its recipe, pages and their digests."""
    digest = hashlib.sha256(recipe.encode("utf-8"))
    for page in pages:
        digest.update(f"\n{page}\t{manifest[page][2]}".encode())
    return digest.hexdigest()


# --- indexing one shard --------------------------------------------------------------


@dataclass
class ShardRun:
    shard: int
    pages: int
    seconds: float
    returncode: int
    output: str = ""


@dataclass
class IndexReport:
    """What one run did: the shards indexed (with Pagefind's output when one failed)."""

    shards: int
    runs: list[ShardRun] = field(default_factory=list)

    @property
    def returncode(self) -> int:
        return next((r.returncode for r in self.runs if r.returncode != 0), 0)

    def summary(self) -> str:
        if not self.runs:
            return "Search index up to date: no page changed."
        done = [r for r in self.runs if r.returncode == 0]
        pages = sum(r.pages for r in done)
        seconds = sum(r.seconds for r in done)
        lines = [
            f"Search index: {len(done)} of {self.shards} shards indexed "
            f"({pages} pages, {seconds:.1f} s): {', '.join(str(r.shard) for r in done) or '-'}"
        ]
        for r in self.runs:
            if r.returncode != 0:
                lines.append(f"Pagefind failed on shard {r.shard} ({r.returncode}):\n{r.output}")
        return "\n".join(lines)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def index_shard(site: Path, shard: int, pages: list[str]) -> ShardRun:
    """Index `pages` into `pagefind/<shard>/`, replacing it only when Pagefind succeeded.

    Pagefind reads a folder holding just these pages (hard links into the site, at their
    paths, so result addresses are those of the site) and writes into a work folder beside
    the bundle, which then takes the bundle's place."""
    bundles = site / BUNDLE_DIR
    work = bundles / f"{WORK_PREFIX}{shard}"
    shutil.rmtree(work, ignore_errors=True)
    start = time.perf_counter()
    try:
        for page in pages:
            _link_or_copy(site / page, work / "site" / page)
        command = [*PAGEFIND, "--site", str(work / "site"), "--silent"]
        command += ["--output-path", str(work / "bundle"), "--exclude-selectors", EXCLUDE]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode == 0:
            _replace_folder(work / "bundle", bundles / str(shard))
        output = (result.stdout + result.stderr).strip()
        return ShardRun(shard, len(pages), time.perf_counter() - start, result.returncode, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _replace_folder(new: Path, target: Path) -> None:
    old = target.with_name(f"{WORK_PREFIX}old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


# --- the folder the search page reads -------------------------------------------------


def publish(site: Path, shards: list[int]) -> None:
    """`pagefind/shards.json` lists the bundles present (the first is the one whose
    WebAssembly the others use); the UI files sit beside it. Anything else there (shards
    no longer used, an older layout, work folders of a failed run) is removed."""
    bundles = site / BUNDLE_DIR
    present = [s for s in shards if (bundles / str(s) / "pagefind-entry.json").is_file()]
    for name in UI_FILES:
        if present:
            shutil.copyfile(bundles / str(present[0]) / name, bundles / f"{WORK_PREFIX}{name}")
            os.replace(bundles / f"{WORK_PREFIX}{name}", bundles / name)
    listed = {"bundles": [f"{s}/" for s in present]}
    write_atomic(bundles / SHARDS_FILE, json.dumps(listed) + "\n", durable=False)
    keep = {str(s) for s in present} | set(UI_FILES) | {SHARDS_FILE}
    for path in bundles.iterdir():
        if path.name not in keep:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# --- a run ---------------------------------------------------------------------------


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_manifest(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data))


def _bundle_present(site: Path, shard: int) -> bool:
    return (site / BUNDLE_DIR / str(shard) / "pagefind-entry.json").is_file()


def update_index(site: Path, state: Path | None, shards: int | None = None) -> IndexReport:
    """Index the shards whose pages changed since the state's record (all, without one).
    `shards`: how many; by default `shard_count` of the pages Pagefind indexes."""
    manifest_path = state / MANIFEST if state is not None else None
    saved = _read_manifest(manifest_path) if manifest_path else {}
    pages = site_manifest(site, saved.get("pages") or {})
    if not shards:
        previous = saved.get("shard_count")
        indexed_pages = sum(1 for record in pages.values() if record[3])
        shards = shard_count(indexed_pages, previous if isinstance(previous, int) else None)
    recipe = _recipe(shards)
    groups = shard_pages(pages, shards)
    digests = {s: shard_digest(members, pages, recipe) for s, members in groups.items()}
    known = saved.get("shards") if isinstance(saved.get("shards"), dict) else {}
    stale = [
        s for s in sorted(groups) if known.get(str(s)) != digests[s] or not _bundle_present(site, s)
    ]
    report = IndexReport(shards)
    listed = _read_manifest(site / BUNDLE_DIR / SHARDS_FILE).get("bundles")
    if not stale and listed == [f"{s}/" for s in sorted(groups)]:
        if manifest_path and pages != saved.get("pages"):  # new times: remember them
            _write_manifest(manifest_path, {**saved, "pages": pages})
        return report
    (site / BUNDLE_DIR).mkdir(exist_ok=True)
    indexed = {str(s): d for s, d in digests.items() if str(s) in known and s not in stale}
    for s in stale:
        run = index_shard(site, s, groups[s])
        report.runs.append(run)
        if run.returncode == 0:
            indexed[str(s)] = digests[s]
    publish(site, sorted(groups))
    if manifest_path:
        record = {"recipe": recipe, "shard_count": shards, "pages": pages, "shards": indexed}
        _write_manifest(manifest_path, record)
    return report


def index_site(site: Path, shards: int | None = None) -> IndexReport:
    """Index every shard of the site (no state: nothing is known to be up to date)."""
    return update_index(site, None, shards)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m policykb.site.search_index", description="Index a built site with Pagefind."
    )
    parser.add_argument("site", type=Path, help="the built site (_build/html)")
    parser.add_argument(
        "--state", type=Path, help="build state folder: index only the shards that changed"
    )
    parser.add_argument(
        "--shards",
        type=int,
        help=f"how many index shards (default: one per {PAGES_PER_SHARD} pages or so)",
    )
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.print_usage(sys.stderr)
        print(f"not a folder: {args.site}", file=sys.stderr)
        return 2
    if args.shards is not None and args.shards < 1:
        parser.error("--shards must be 1 or more")
    report = update_index(args.site, args.state, args.shards)
    print(report.summary(), file=sys.stderr if report.returncode else sys.stdout)
    return report.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
