"""The WARC archive kept durably in git: an orphan branch (by default `archive`) of any
repository holds every capture file, one commit per push, as Open Terms Archive keeps its
snapshots in a repository of their own.

- `pull_archive` copies the branch's capture files that are missing from the local
  archive folder (nothing when the branch does not exist yet); a local file is never
  overwritten.
- `push_archive` adds the local capture files that the branch lacks in one new commit on
  top of the branch's tip and pushes it without force, so history is only ever appended.

Capture files are immutable (one per crawl run, named by its time), so a file name is its
identity. The work happens in a scratch bare repository with a shallow fetch of the tip,
through the git command line; the local archive folder never becomes a git checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from policykb.content.errors import UserError
from policykb.ingest.archive import SUFFIX, archive_files

DEFAULT_BRANCH = "archive"
MAX_FILE_BYTES = 100 * 1024 * 1024  # GitHub refuses larger files in a push
IDENTITY = {
    "GIT_AUTHOR_NAME": "policykb archive",
    "GIT_AUTHOR_EMAIL": "archive@policykb.invalid",
    "GIT_COMMITTER_NAME": "policykb archive",
    "GIT_COMMITTER_EMAIL": "archive@policykb.invalid",
}
README = """# policykb archive

Raw WARC captures of the policies policykb tracks, exactly as their servers sent them, one
file per crawl run. Written by `policykb archive push`; restore them with
`policykb archive pull`. The publishers keep their rights; this branch is never merged.
"""


@dataclass(frozen=True)
class PushResult:
    added: list[str]  # capture files committed by this push
    skipped: list[str]  # local files too large to push
    commit: str | None  # the new tip, None when nothing was new


class _Git:
    """git commands in a scratch bare repository, with a clear error when one fails."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        for key, value in IDENTITY.items():
            self.env.setdefault(key, value)

    def __call__(self, *args: str, input: bytes | None = None) -> str:
        if shutil.which("git") is None:
            raise UserError("git is not installed: the archive branch needs it")
        result = subprocess.run(
            ["git", "-C", str(self.directory), *args],
            input=input,
            capture_output=True,
            env=self.env,
        )
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise UserError(f"git {args[0]} failed: {_without_credentials(message)}")
        return result.stdout.decode("utf-8", "replace")

    def blob_to_file(self, sha: str, path: Path) -> None:
        with path.open("wb") as out:
            result = subprocess.run(
                ["git", "-C", str(self.directory), "cat-file", "blob", sha],
                stdout=out,
                stderr=subprocess.PIPE,
                env=self.env,
            )
        if result.returncode != 0:
            raise UserError(f"git cat-file failed: {result.stderr.decode().strip()}")


def _without_credentials(text: str) -> str:
    return re.sub(r"(https?://)[^/@\s]+@", r"\1***@", text)


@contextmanager
def _scratch(remote: str, branch: str) -> Iterator[tuple[_Git, str | None]]:
    """A bare repository holding the tip of `branch` from `remote` (None: no such branch)."""
    with tempfile.TemporaryDirectory(prefix="policykb-archive-") as tmp:
        git = _Git(Path(tmp))
        git("init", "--quiet", "--bare")
        heads = git("ls-remote", "--heads", remote, f"refs/heads/{branch}")
        tip = None
        if heads.strip():
            git("fetch", "--quiet", "--depth=1", remote, f"refs/heads/{branch}")
            tip = git("rev-parse", "FETCH_HEAD").strip()
        yield git, tip


def _tree(git: _Git, tip: str | None) -> dict[str, tuple[str, str, str]]:
    """name -> (mode, type, sha) of the files at the branch tip's top level."""
    if tip is None:
        return {}
    entries = {}
    for line in git("ls-tree", "-z", tip).split("\0"):
        if line:
            meta, name = line.split("\t", 1)
            mode, kind, sha = meta.split()
            entries[name] = (mode, kind, sha)
    return entries


def pull_archive(remote: str, archive_dir: Path, branch: str = DEFAULT_BRANCH) -> list[Path]:
    """Copy the branch's capture files missing from `archive_dir`; returns the new files."""
    restored = []
    with _scratch(remote, branch) as (git, tip):
        captures = {n: e for n, e in _tree(git, tip).items() if n.endswith(SUFFIX)}
        missing = {n: e for n, e in captures.items() if not (archive_dir / n).exists()}
        if missing:
            archive_dir.mkdir(parents=True, exist_ok=True)
        for name, (_, _, sha) in sorted(missing.items()):
            target = archive_dir / name
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=archive_dir)
            os.close(fd)
            try:
                git.blob_to_file(sha, Path(tmp))
                os.replace(tmp, target)  # whole files only: a half copy is never seen
            finally:
                Path(tmp).unlink(missing_ok=True)
            restored.append(target)
    return restored


def push_archive(
    remote: str, archive_dir: Path, branch: str = DEFAULT_BRANCH, message: str | None = None
) -> PushResult:
    """Commit the local capture files the branch lacks on top of its tip, and push."""
    with _scratch(remote, branch) as (git, tip):
        tree = _tree(git, tip)
        added, skipped = [], []
        for path in archive_files(archive_dir):
            if path.name in tree:
                continue
            if path.stat().st_size > MAX_FILE_BYTES:
                skipped.append(path.name)
                continue
            sha = git("hash-object", "-w", "--", str(path.resolve())).strip()
            tree[path.name] = ("100644", "blob", sha)
            added.append(path.name)
        if not added:
            return PushResult([], skipped, None)
        if "README.md" not in tree:
            sha = git("hash-object", "-w", "--stdin", input=README.encode()).strip()
            tree["README.md"] = ("100644", "blob", sha)
        listing = "".join(f"{m} {k} {s}\t{n}\0" for n, (m, k, s) in sorted(tree.items()))
        new_tree = git("mktree", "-z", input=listing.encode()).strip()
        message = message or f"Add {len(added)} capture file(s): {', '.join(added)}"
        parents = ["-p", tip] if tip else []
        commit = git("commit-tree", new_tree, *parents, "-m", message).strip()
        # No force: if someone pushed meanwhile, the push fails instead of rewriting.
        git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
        return PushResult(added, skipped, commit)
