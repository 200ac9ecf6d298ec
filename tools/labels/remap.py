"""Carry the paragraph labels over to a new splitter.

    python tools/labels/remap.py --old REV [--hand HAND.tsv] [--write]

`policykb/data/labels/realdocs-paragraphs.tsv` labels the blocks of the real documents by
(file, index, key). When the splitter changes, blocks move, merge or split. This reads
every real document with the splitter of git revision REV (its `policykb/analysis/blocks.py`)
and with the one checked out, lines the two block sequences up by key, and gives each new
block the topics of the old block(s) it came from:

- the same key: the old topics (*unchanged* when the index is the same too, else
  *remapped*);
- a new block holding one or more whole old blocks (a merge): the union of their topics
  (*remapped*);
- a part of an old block (a split): that block's topics, to be checked by hand, since a
  part may not support them all (*split*);
- text found in no old block: no topic, to be labelled by hand (*new*).

`--hand` gives the hand decisions, rows of `file, key, topics` that override what was
carried (for splits and new blocks). Without `--write` the tool only reports; with it, it
rewrites the TSV. It needs ../shared/data/realdocs.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import importlib
import importlib.util
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from policykb.content.storage import write_atomic
from policykb.evaluation.labelled import (
    NO_TOPIC,
    PARAGRAPH_LABELS,
    SHARED_DATA,
    block_key,
    load_paragraph_labels,
    read_real_document,
    real_document_blocks,
)
from policykb.ingest.text import load_text

REPO = Path(__file__).resolve().parents[2]


def letters(text: str) -> str:
    """What `block_key` hashes: the casefolded letters and digits."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# Where the splitter lives: since the stage layout (decisions.md, "A package per pipeline
# stage") in policykb/analysis/blocks.py; before it, in policykb/paragraphs.py.
SPLITTER_PATHS = ("policykb/analysis/blocks.py", "policykb/paragraphs.py")
# Modules an old splitter imports by their names before the stage layout.
OLD_MODULES = {
    "policykb.errors": "policykb.content.errors",
    "policykb.storage": "policykb.content.storage",
    "policykb.extract": "policykb.ingest.extract",
}


def old_splitter(revision: str):
    """The splitter as it was at `revision`, imported as a module of its own."""
    for name in SPLITTER_PATHS:
        shown = subprocess.run(
            ["git", "show", f"{revision}:{name}"], cwd=REPO, capture_output=True, text=True
        )
        if shown.returncode == 0:
            source = shown.stdout
            break
    else:
        sys.exit(f"remap: no splitter at revision {revision} ({', '.join(SPLITTER_PATHS)})")
    folder = Path(tempfile.mkdtemp())
    path = folder / "old_paragraphs.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_paragraphs", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_paragraphs"] = module
    added = [name for name in OLD_MODULES if name not in sys.modules]
    for name in added:
        sys.modules[name] = importlib.import_module(OLD_MODULES[name])
    try:
        spec.loader.exec_module(module)
    finally:
        for name in added:
            del sys.modules[name]
    return module


def old_blocks(old, path: Path) -> list:
    """The blocks of a real document as the old splitter read them (files of text through
    the old `load_text` where the splitter had one, the rest through extraction, which has
    not changed)."""
    if path.suffix.lower() in (".js", ".php", ".html", ".htm"):
        return old.split_blocks(read_real_document(path))
    read = getattr(old, "load_text", None) or load_text
    return old.split_blocks(read(path))


def remap_document(old_texts: list[str], new_texts: list[str], topics: dict[int, frozenset]):
    """For each new block: (topics, how) with how in unchanged/remapped/split/new."""
    old_keys = [block_key(t) for t in old_texts]
    new_keys = [block_key(t) for t in new_texts]
    result: list[tuple[frozenset, str]] = [(frozenset(), "new")] * len(new_texts)
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                result[j] = (topics[i], "unchanged" if i == j else "remapped")
            continue
        old_letters = {i: letters(old_texts[i]) for i in range(i1, i2)}
        for j in range(j1, j2):
            mine = letters(new_texts[j])
            merged = [i for i, text in old_letters.items() if text and text in mine]
            if merged:
                result[j] = (frozenset().union(*(topics[i] for i in merged)), "remapped")
                continue
            parent = [i for i, text in old_letters.items() if mine and mine in text]
            if parent:
                result[j] = (frozenset().union(*(topics[i] for i in parent)), "split")
    return result


def load_hand(path: Path | None) -> dict[tuple[str, str], frozenset]:
    if path is None:
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["file"], row["key"]): frozenset()
            if row["topics"] in ("", NO_TOPIC)
            else frozenset(row["topics"].split(";"))
            for row in csv.DictReader(handle, delimiter="\t")
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="git revision of the old splitter")
    parser.add_argument("--hand", type=Path, help="TSV of file, key, topics decided by hand")
    parser.add_argument("--labels", type=Path, default=PARAGRAPH_LABELS)
    parser.add_argument("--write", action="store_true", help="rewrite the labels TSV")
    args = parser.parse_args(argv)
    realdocs = SHARED_DATA / "realdocs"
    if not realdocs.is_dir():
        print(f"remap: {realdocs} not found", file=sys.stderr)
        return 2
    old = old_splitter(args.old)
    hand = load_hand(args.hand)
    by_file: dict[str, dict[int, object]] = {}
    for label in load_paragraph_labels(args.labels):
        by_file.setdefault(label.file, {})[label.index] = label
    counts: Counter = Counter()
    rows: list[tuple[str, int, str, str]] = []
    for name, labels in by_file.items():
        path = realdocs / name
        before = [b.text for b in old_blocks(old, path)]
        for index, label in labels.items():
            if index >= len(before) or block_key(before[index]) != label.key:
                print(f"remap: {name} #{index}: the label does not match the old splitter")
                return 1
        after = [b.text for b in real_document_blocks(path)]
        carried = remap_document(before, after, {i: labels[i].topics for i in labels})
        for index, (text, (topics, how)) in enumerate(zip(after, carried, strict=True)):
            key = block_key(text)
            if (name, key) in hand:
                topics, how = hand[(name, key)], f"{how}, by hand"
            elif how in ("split", "new"):
                print(f"to check: {name}\t{index}\t{key}\t{how}\t{';'.join(sorted(topics))}")
            counts[how] += 1
            rows.append((name, index, key, ";".join(sorted(topics)) or NO_TOPIC))
    for how, n in sorted(counts.items()):
        print(f"{how}: {n}")
    if args.write:
        lines = ["file\tindex\tkey\ttopics"] + ["\t".join(map(str, row)) for row in rows]
        write_atomic(args.labels, "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
