"""Print the paragraphs of real documents as policykb splits them, for labelling.

    python tools/labels/dump.py ../shared/data/realdocs/07_*.md

One line per paragraph: file, index, key (`policykb.evaluation.labelled.block_key`), kind, text.
The text is printed for the labeller's eyes only; labels record file, index and key.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policykb.evaluation.labelled import block_key, real_document_blocks


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        for index, block in enumerate(real_document_blocks(path)):
            print(f"{path.name}\t{index}\t{block_key(block.text)}\t{block.kind}\t{block.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
