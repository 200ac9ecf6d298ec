"""Build the real site content with a given registry and corpus, and serve a built site
(shared by the site tests)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def build_site(
    sources: Path, corpus: Path, out: Path, doctrees: Path, extra: tuple[str, ...] = ()
) -> None:
    """A strict build of the real content with the given registry and corpus folders
    (`extra`: more sphinx-build options)."""
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-nW", "--keep-going", "-q",
        "-D", f"policykb_sources_dir={sources}", "-D", f"policykb_corpus_dir={corpus}",
        "-d", str(doctrees), *extra, str(REPO / "content"), str(out),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stderr}"
    assert result.stderr.strip() == "", f"the build printed warnings:\n{result.stderr}"


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A folder over HTTP on 127.0.0.1 (a random free port); yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
