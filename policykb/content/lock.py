"""One writer per corpus folder: `crawl` and `reextract` hold a lock file while they run.

The lock is an advisory `flock` on `<folder>/.policykb.lock`, so it is released by the
kernel however its holder ends (even `kill -9`): there are no stale locks to clean up.
The holder writes who it is (pid, start time, command) into the file, so that a second
run can say who holds it. Where `fcntl` does not exist (Windows) no lock is taken.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from policykb.content.errors import UserError

LOCK_NAME = ".policykb.lock"


class LockHeld(UserError):
    """Another run is writing to the same folder."""


@contextmanager
def directory_lock(directory: Path, command: str) -> Iterator[None]:
    """Hold the folder's lock for the duration of the block, or raise `LockHeld`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(directory / LOCK_NAME, flags, 0o644)
    except OSError as exc:
        raise UserError(f"cannot lock {directory}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UserError(f"cannot lock {directory}: {LOCK_NAME} is not a regular file")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe(os.pread(fd, 4096, 0))
            raise LockHeld(
                f"{directory} is in use by another policykb run ({holder}); "
                "wait for it to finish, then run this again"
            ) from None
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": command,
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(me) + "\n").encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _describe(raw: bytes) -> str:
    try:
        holder = json.loads(raw)
        return (
            f"pid {int(holder['pid'])} on {holder['host']}, started {holder['started']}, "
            f"`{holder['command']}`"
        )
    except (ValueError, KeyError, TypeError):
        return "pid unknown: it is just starting"
