"""Safe file access: atomic writes (a reader sees the old file or the new one, never half
of one) and bounded reads (regular files of a known maximum size only)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from policykb.content.errors import FileRefused


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new file gets what `open()` would give it.

    (`mkstemp` creates files readable by their owner only, which would make a published
    site's files unreadable to the web server.)"""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> bool:
    """Write `data` to `path` via a temp file and rename. Returns False if unchanged.

    `durable` flushes the file to disk before the rename (data we keep); output that a
    build can make again (pages of the site) skips that, which costs milliseconds a file.
    An existing `path` that is not a regular file is refused (`FileRefused`); other
    failures (permissions, a missing or read-only folder) raise `OSError`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info = path.stat()
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(info.st_mode):  # never replace a device, a FIFO or a folder
            raise FileRefused(path, f"is {_kind(info.st_mode)}, not a regular file")
        if info.st_size == len(raw) and read_bytes_limited(path, len(raw)) == raw:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


# --- bounded reads ---------------------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes_limited(path: Path, limit: int, *, within: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, else `FileRefused`.

    Devices, FIFOs, sockets and directories are refused without blocking (a FIFO is opened
    non-blocking, so a missing writer cannot hang us); with `within`, so is a path (or
    symbolic link) that leads outside that folder. The read itself stops at `limit` + 1
    bytes, so a file that grows while we read cannot exhaust memory either."""
    if within is not None:
        try:
            inside = path.resolve().is_relative_to(within.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            raise FileRefused(path, f"is a symbolic link that leads outside {within}")
    fd = _open_for_reading(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(path, f"is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise FileRefused(path, _too_large(info.st_size, limit))
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(path, _too_large(total, limit))
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _open_for_reading(path: Path) -> int:
    """A read-only, non-blocking descriptor of `path`, else `FileRefused` with the reason."""
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused(path, "cannot read: no such file") from None
    except OSError as exc:
        raise FileRefused(path, f"cannot read: {exc.strerror or exc}") from None


def readable_file_mtime(path: Path) -> int:
    """The modification time (ns) of a regular file we may read, else `FileRefused`
    (missing, unreadable, a folder, a FIFO or a device: nothing is read or blocked)."""
    fd = _open_for_reading(path)
    try:
        info = os.fstat(fd)
    except OSError as exc:
        raise FileRefused(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(path, f"is {_kind(info.st_mode)}, not a regular file")
    return info.st_mtime_ns


def _too_large(size: int, limit: int) -> str:
    return f"file is too large ({_size(size)}; the limit is {_size(limit)})"


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KB"
    return f"{n} bytes"
