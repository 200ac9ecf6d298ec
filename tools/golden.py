"""Compare two builds of the site page by page: the text a reader sees and the links.

    python tools/golden.py dump SITE OUT.json     # what each page shows and links to
    python tools/golden.py compare A.json B.json  # differences; exit status 1 if any

A restructuring (new modules, templates instead of strings) must not change what the site
says. `dump` reads every HTML page of a built site (not `_static/`, `_sources/` or the
search bundle) and keeps, per page, its title, the text of its main content with white
space collapsed, and its links (resolved against the page, in order, with their text);
scripts, styles and the theme's navigation are left out, so that only what the pages
say counts. `compare` prints the pages only one build has and, for each page that
differs, the first lines where its text or links differ.

Build the two sites from the same data (for the real documents: `tools/realdocs_site.py`)
with the code before and after, dump both, compare.
"""

from __future__ import annotations

import argparse
import difflib
import json
import posixpath
import sys
from pathlib import Path

from lxml import html as lxml_html

SKIPPED_DIRS = {"_static", "_sources", "_images", "pagefind", "_downloads"}
MAX_PAGE_BYTES = 20_000_000  # a page larger than this is read only this far
MAIN_XPATHS = ("//main[@id='main-content']", "//main", "//body")
DROPPED = ("script", "style", "noscript", "template")


def pages(site: Path) -> list[Path]:
    return sorted(
        path
        for path in site.rglob("*.html")
        if not SKIPPED_DIRS.intersection(path.relative_to(site).parts[:-1])
    )


def page_record(site: Path, path: Path) -> dict:
    """Title, text and links of one page."""
    name = path.relative_to(site).as_posix()
    with path.open("rb") as handle:
        data = handle.read(MAX_PAGE_BYTES)
    if not data.strip():
        return {"title": "", "text": "", "links": []}
    tree = lxml_html.fromstring(data)
    title = " ".join(tree.findtext(".//title", default="").split())
    main = next((found[0] for xpath in MAIN_XPATHS if (found := tree.xpath(xpath))), tree)
    for element in main.xpath(" | ".join(f".//{tag}" for tag in DROPPED)):
        element.drop_tree()
    text = "\n".join(
        line for raw in main.text_content().split("\n") if (line := " ".join(raw.split()))
    )
    links = []
    for anchor in main.xpath(".//a[@href]"):
        href = anchor.get("href", "")
        if "://" not in href and not href.startswith(("mailto:", "#", "data:")):
            target, _, fragment = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            href = resolved + ("#" + fragment if fragment else "")
        links.append(f"{href} {' '.join(anchor.text_content().split())}".strip())
    return {"title": title, "text": text, "links": links}


def dump(site: Path) -> dict[str, dict]:
    return {path.relative_to(site).as_posix(): page_record(site, path) for path in pages(site)}


def differences(a: dict[str, dict], b: dict[str, dict], context: int = 6) -> list[str]:
    """Readable lines for every difference between two dumps (empty when the same)."""
    out: list[str] = []
    for name in sorted(a.keys() - b.keys()):
        out.append(f"only in the first build: {name}")
    for name in sorted(b.keys() - a.keys()):
        out.append(f"only in the second build: {name}")
    for name in sorted(a.keys() & b.keys()):
        first, second = a[name], b[name]
        if first["title"] != second["title"]:
            out.append(f"{name}: title {first['title']!r} -> {second['title']!r}")
        for field in ("text", "links"):
            old = first[field].split("\n") if field == "text" else first[field]
            new = second[field].split("\n") if field == "text" else second[field]
            if old == new:
                continue
            diff = list(difflib.unified_diff(old, new, lineterm="", n=0))[2:]
            out.append(f"{name}: {field} {'differs' if field == 'text' else 'differ'}")
            out += ["    " + line for line in diff[:context]]
            if len(diff) > context:
                out.append(f"    … {len(diff) - context} more lines")
    return out


def _read(path: Path) -> dict[str, dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"golden: {path}: cannot read a dump ({error})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="write a site's pages to a JSON file")
    dumping.add_argument("site", type=Path)
    dumping.add_argument("out", type=Path)
    comparing = commands.add_parser("compare", help="print the differences of two dumps")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        if not args.site.is_dir():
            print(f"golden: {args.site} is not a built site", file=sys.stderr)
            return 2
        records = dump(args.site)
        args.out.write_text(json.dumps(records, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(records)} pages written to {args.out}")
        return 0
    found = differences(_read(args.first), _read(args.second))
    print("\n".join(found) if found else "the two builds show the same pages")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
