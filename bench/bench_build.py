"""Site build time and page size as the corpus grows (synthetic fictional documents).

A first build tags every paragraph; the rebuild (nothing changed) reuses cached tags.

Policy pages are rendered from data, not as Sphinx documents, so the cost per document
should stay flat as N grows (performance-anchors.md: a global sidebar makes it O(N²)).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import make_corpus

REPO = Path(__file__).resolve().parents[1]


def build(count: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        sources, corpus = make_corpus(Path(tmp), count)
        out = Path(tmp) / "html"
        command = [
            sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-q",
            "-D", f"policykb_sources_dir={sources}", "-D", f"policykb_corpus_dir={corpus}",
            "-d", str(Path(tmp) / "doctrees"), str(REPO / "content"), str(out),
        ]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO)  # nothing changed: cached tags
        rebuild = time.perf_counter() - start
        pages = list((out / "policies").glob("*.html"))
        size = sum(p.stat().st_size for p in pages) / len(pages)
        library = (out / "library.html").stat().st_size
        return seconds, rebuild, size, library


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [200, 1000]
    print("documents  build s  rebuild s  ms/doc(marginal)  policy page KB  library KB")
    previous = None
    for count in sizes:
        seconds, rebuild, size, library = build(count)
        marginal = ""
        if previous:
            marginal = f"{1000 * (seconds - previous[1]) / (count - previous[0]):.1f}"
        print(
            f"{count:9d}  {seconds:7.1f}  {rebuild:9.1f}  {marginal:>16}  "
            f"{size / 1024:14.1f}  {library / 1024:10.0f}"
        )
        previous = (count, seconds)


if __name__ == "__main__":
    main()
