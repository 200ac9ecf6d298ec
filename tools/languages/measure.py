"""Measure language detectors on the real documents, by document and by paragraph.

    python tools/languages/measure.py

The true language of a document is the `language` column of
../shared/data/realdocs/INDEX.tsv (the first of `it+en`); a paragraph counts as being in
its document's language (the bilingual document is left out of the paragraph count).
Compares py3langid (when installed) with `policykb.analysis.languages.detect_language`.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter

from policykb.analysis.languages import detect_language
from policykb.evaluation.labelled import SHARED_DATA, read_real_document, real_document_blocks

MIN_WORDS = 8  # paragraphs at least this long are counted apart as well


def py3langid_detector():
    try:
        import py3langid
    except ImportError:
        return None
    return lambda text: py3langid.classify(text)[0] if text.strip() else None


def main() -> int:
    realdocs = SHARED_DATA / "realdocs"
    with (realdocs / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        truth = {row["file"]: row["language"] for row in csv.DictReader(handle, delimiter="\t")}
    detectors = {"function words + kana": detect_language}
    if (langid := py3langid_detector()) is not None:
        detectors["py3langid"] = langid
    for name, detect in detectors.items():
        docs = Counter()
        paragraphs = Counter()
        wrong = []
        for file, language in sorted(truth.items()):
            path = realdocs / file
            if not path.is_file():
                continue
            primary = language.split("+")[0]
            got = detect(read_real_document(path))
            docs["right" if got == primary else "wrong"] += 1
            if got != primary:
                wrong.append(f"{file}: {got} for {language}")
            if "+" in language:
                continue
            for block in real_document_blocks(path):
                long = len(block.text.split()) >= MIN_WORDS or primary == "ja"
                answer = detect(block.text)
                outcome = "right" if answer == primary else "none" if answer is None else "wrong"
                paragraphs[("all", outcome)] += 1
                if long:
                    paragraphs[("long", outcome)] += 1
        print(f"{name}: documents {docs['right']}/{sum(docs.values())}")
        for part in ("all", "long"):
            total = sum(n for (p, _), n in paragraphs.items() if p == part)
            print(
                f"  paragraphs ({part}): {paragraphs[(part, 'right')]}/{total} right, "
                f"{paragraphs[(part, 'none')]} no answer, {paragraphs[(part, 'wrong')]} wrong"
            )
        for line in wrong:
            print("  wrong:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
