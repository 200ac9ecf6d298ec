"""`policykb tag` and `check` refuse what is not a regular file, without hanging (issue 8.8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", ["tag", "check"])
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("dev-zero", "is a character device, not a regular file"),
        ("fifo", "is a named pipe (FIFO), not a regular file"),
        ("directory", "is a directory, not a regular file"),
    ],
)
def test_special_files_are_refused(tmp_path, command, kind, message):
    path = tmp_path / "draft.md"
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "policykb", command, str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"policykb {command}: {path}: {message}" in result.stderr
