"""Atomic writes: unchanged content is left alone; new files get ordinary permissions."""

from __future__ import annotations

import os
import stat

from policykb.storage import write_atomic


def test_unchanged_content_is_not_rewritten(tmp_path):
    path = tmp_path / "a.txt"
    assert write_atomic(path, "one\n") is True
    before = path.stat().st_mtime_ns
    assert write_atomic(path, "one\n") is False
    assert path.stat().st_mtime_ns == before
    assert write_atomic(path, "two\n") is True
    assert path.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temp file left behind


def test_new_file_is_readable_like_any_other(tmp_path):
    umask = os.umask(0o022)
    try:
        path = tmp_path / "library.csv"
        write_atomic(path, "id\n")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    finally:
        os.umask(umask)


def test_existing_mode_is_kept(tmp_path):
    path = tmp_path / "script.sh"
    path.write_text("old\n")
    path.chmod(0o750)
    write_atomic(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o750
