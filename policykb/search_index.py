"""Index a built site with Pagefind: `python -m policykb.search_index _build/html`.

One place for the indexing options, used by `make html` and the tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Heading anchors and topic chips are navigation, not content.
EXCLUDE = ".headerlink, .pkb-chips, .pkb-facts"


def index_site(site: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    command += ["--exclude-selectors", EXCLUDE]
    return subprocess.run(command, capture_output=True, text=True)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python -m policykb.search_index BUILT_SITE_DIR", file=sys.stderr)
        return 2
    result = index_site(Path(argv[0]))
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
