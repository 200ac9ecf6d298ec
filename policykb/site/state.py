"""What a build remembers for the next one, in one SQLite file beside the doctrees.

`<doctrees>/policykb-state.sqlite` is build state, never part of the published site:

- `files`: each registry and corpus file seen, with the size and modification time it had,
  the digests of what it holds and the parsed entry or front matter (pickled), or the
  problems found in it. A file whose size and time are unchanged is not read again.
- `tags`: the paragraph tags of each corpus document, with the key they were made under
  (text, language, curator topics, taxonomy, tagger code and model).
- `pages`: for each policy page written, a digest of everything it was made from.
- `outputs`: size and time of each HTML file after the Content-Security-Policy pass.
- `keys`: a few named digests (downloads, checker data) to skip work whose inputs held.

Everything here can be lost: a missing or unreadable file is an empty state, and the next
build does all the work again. Writes are not flushed to disk one by one (a cache).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "policykb-state.sqlite"
SCHEMA_VERSION = "1"
# A file modified this close to when we looked at it may change again within the clock's
# resolution without its time changing: its record is not trusted next time ("racy").
RACY_NS = 2_000_000_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    doc_id TEXT, sha TEXT NOT NULL, meta_sha TEXT, body_sha TEXT, twin TEXT,
    payload BLOB, problems BLOB
);
CREATE TABLE IF NOT EXISTS tags (doc_id TEXT PRIMARY KEY, key TEXT NOT NULL, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pages (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def digest_of(items) -> str:
    """One digest of an iterable of strings (or None), in order."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(b"\x00" if item is None else item.encode("utf-8") + b"\x01")
    return digest.hexdigest()


@dataclass
class FileRecord:
    """A data file as last parsed: `sha` is the whole parsed content's digest; for corpus
    documents `meta_sha` is the front matter's and `body_sha` the body's."""

    path: str
    kind: str  # "entry" or "document"
    size: int
    mtime_ns: int
    doc_id: str | None  # None: the file has problems and holds no valid entry
    sha: str
    meta_sha: str | None = None
    body_sha: str | None = None
    twin: str | None = None  # a document's `duplicate_of`
    payload: bytes | None = None  # loaded on demand (`BuildState.payloads`)
    problems: bytes | None = None


_INHERITED: list[sqlite3.Connection] = []


class BuildState:
    """The state file, opened lazily. The process that opened it first writes; a forked
    parallel reader opens its own connection, reads, and writes nothing."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / STATE_FILE
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._owner = os.getpid()

    @property
    def writable(self) -> bool:
        return os.getpid() == self._owner

    @property
    def db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            if self._connection is not None:
                # Inherited across a fork: closing it here would roll back the parent's
                # open transaction, so it is kept, unused, for this process's lifetime.
                _INHERITED.append(self._connection)
            self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                db.execute("PRAGMA synchronous=OFF")
                db.executescript(_SCHEMA)
                version = db.execute("SELECT value FROM keys WHERE name='schema'").fetchone()
                if version is None or version[0] != SCHEMA_VERSION:
                    db.executescript(
                        "DELETE FROM files; DELETE FROM tags; DELETE FROM pages; "
                        "DELETE FROM outputs; DELETE FROM keys;"
                    )
                    db.execute("INSERT INTO keys VALUES ('schema', ?)", (SCHEMA_VERSION,))
                if self.writable:
                    db.execute("BEGIN")
                return db
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                self.path.unlink(missing_ok=True)  # not a state file of ours: start anew
        raise AssertionError("unreachable")

    def commit(self) -> None:
        if self._connection is not None and self._pid == os.getpid() and self.writable:
            self._connection.execute("COMMIT")
            self._connection.execute("BEGIN")

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            if self.writable:
                self._connection.execute("COMMIT")
            self._connection.close()
        self._connection = None

    # --- data files ------------------------------------------------------------------

    def file_records(self, kind: str) -> dict[str, FileRecord]:
        rows = self.db.execute(
            "SELECT path, kind, size, mtime_ns, doc_id, sha, meta_sha, body_sha, twin, NULL, "
            "problems FROM files WHERE kind=?",
            (kind,),
        )
        return {row[0]: FileRecord(*row) for row in rows}

    def payloads(self, kind: str) -> dict[str, object]:
        """The parsed models of every valid file of `kind`, by path."""
        rows = self.db.execute(
            "SELECT path, payload FROM files WHERE kind=? AND doc_id IS NOT NULL", (kind,)
        )
        return {path: pickle.loads(payload) for path, payload in rows}

    def put_file(self, record: FileRecord) -> None:
        if not self.writable:
            return
        now = time.time_ns()
        mtime = record.mtime_ns if now - record.mtime_ns > RACY_NS else -1
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (record.path, record.kind, record.size, mtime, record.doc_id, record.sha,
             record.meta_sha, record.body_sha, record.twin, record.payload, record.problems),
        )  # fmt: skip

    def drop_files(self, paths) -> None:
        if not self.writable:
            return
        self.db.executemany("DELETE FROM files WHERE path=?", ((p,) for p in paths))

    # --- tags ------------------------------------------------------------------------

    def get_tags(self, doc_id: str, key: str):
        row = self.db.execute("SELECT key, payload FROM tags WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None or row[0] != key:
            return None
        return pickle.loads(row[1])

    def put_tags(self, doc_id: str, key: str, result) -> None:
        if not self.writable:
            return
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self.db.execute("INSERT OR REPLACE INTO tags VALUES (?,?,?)", (doc_id, key, payload))

    def keep_tags(self, doc_ids: set[str]) -> None:
        if not self.writable:
            return
        stale = [r[0] for r in self.db.execute("SELECT doc_id FROM tags") if r[0] not in doc_ids]
        self.db.executemany("DELETE FROM tags WHERE doc_id=?", ((d,) for d in stale))

    def tag_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT doc_id FROM tags")}

    # --- pages, outputs, keys ------------------------------------------------------

    def pages(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, fingerprint FROM pages"))

    def put_pages(self, pages: dict[str, str]) -> None:
        if not self.writable:
            return
        self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?,?)", pages.items())

    def drop_pages(self, names) -> None:
        if not self.writable:
            return
        self.db.executemany("DELETE FROM pages WHERE name=?", ((n,) for n in names))

    def outputs(self) -> dict[str, tuple[int, int]]:
        return {
            p: (s, m) for p, s, m in self.db.execute("SELECT path, size, mtime_ns FROM outputs")
        }

    def put_outputs(self, outputs: dict[str, tuple[int, int]]) -> None:
        if not self.writable:
            return
        now = time.time_ns()
        rows = [(p, s, m if now - m > RACY_NS else -1) for p, (s, m) in outputs.items()]
        self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?,?,?)", rows)

    def drop_outputs(self, paths) -> None:
        if not self.writable:
            return
        self.db.executemany("DELETE FROM outputs WHERE path=?", ((p,) for p in paths))

    def get_key(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM keys WHERE name=?", (name,)).fetchone()
        return None if row is None else row[0]

    def put_key(self, name: str, value: str) -> None:
        if not self.writable:
            return
        self.db.execute("INSERT OR REPLACE INTO keys VALUES (?,?)", (name, value))

    def drop_key(self, name: str) -> None:
        if not self.writable:
            return
        self.db.execute("DELETE FROM keys WHERE name=?", (name,))
