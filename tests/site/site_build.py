"""Build the real site content with a given registry and corpus (shared by the site tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def build_site(sources: Path, corpus: Path, out: Path, doctrees: Path) -> None:
    """A strict build of the real content with the given registry and corpus folders."""
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-nW", "--keep-going", "-q",
        "-D", f"policykb_sources_dir={sources}", "-D", f"policykb_corpus_dir={corpus}",
        "-d", str(doctrees), str(REPO / "content"), str(out),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stderr}"
    assert result.stderr.strip() == "", f"the build printed warnings:\n{result.stderr}"
