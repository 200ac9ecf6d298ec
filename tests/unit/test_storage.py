"""Atomic writes leave unchanged content alone and give new files ordinary permissions;
bounded reads take regular files only."""

from __future__ import annotations

import os
import re
import stat

import pytest

from policykb.content.errors import FileRefused
from policykb.content.storage import read_bytes_limited, write_atomic


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


# --- bounded reads and non-regular targets (issue 8) -----------------------------------


def test_bounded_read_of_a_regular_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 10)
    assert read_bytes_limited(path, 10) == b"x" * 10
    with pytest.raises(FileRefused, match="file is too large"):
        read_bytes_limited(path, 9)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("/dev/zero"), "is a character device, not a regular file"),
        (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a regular file"),
        (lambda p: p.mkdir(), "is a directory, not a regular file"),
        (lambda p: None, "no such file"),
        (lambda p: p.symlink_to(p), "cannot read"),
    ],
    ids=["dev-zero", "fifo", "directory", "missing", "symlink-loop"],
)
def test_bounded_read_refuses_what_is_not_a_regular_file(tmp_path, make, message):
    path = tmp_path / "entry.md"
    make(path)
    with pytest.raises(FileRefused, match=re.escape(message)):
        read_bytes_limited(path, 1024)  # a FIFO without a writer must not block


def test_bounded_read_refuses_a_symlink_out_of_its_folder(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("outside")
    (folder / "inside.txt").write_text("inside")
    (folder / "ok.yaml").symlink_to("inside.txt")
    (folder / "escape.yaml").symlink_to(tmp_path / "secret.txt")
    assert read_bytes_limited(folder / "ok.yaml", 100, within=folder) == b"inside"
    with pytest.raises(FileRefused, match="leads outside"):
        read_bytes_limited(folder / "escape.yaml", 100, within=folder)


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_atomic_write_never_replaces_a_special_file(tmp_path, kind):
    path = tmp_path / "library.csv"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    with pytest.raises(FileRefused, match="not a regular file"):
        write_atomic(path, "id\n")
    assert not path.is_file()
