"""The corpus as one download: `corpus.tar.gz` beside the published site, with a SHA-256
manifest (`corpus.tar.gz.sha256`, the format of `sha256sum`), and the way back into a
checkout (`policykb corpus fetch`, `make corpus`).

- `write_bundle` (called at the end of every HTML build) packs the corpus documents the site
  was built from: sorted names, fixed times and owners, so the same corpus gives the same
  bytes and the same digest.
- `fetch_corpus` downloads the manifest and the archive, checks the digest, unpacks into a
  temporary folder and swaps it in for `content/corpus/` in one rename. A local document
  retrieved later than the archive's copy is kept, and so is every local document the
  archive does not have. Offline, it says so and leaves the corpus as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from policykb.content.errors import UserError

BUNDLE = "corpus.tar.gz"
MANIFEST = BUNDLE + ".sha256"
TIMEOUT = 30  # seconds per request
MAX_BYTES = 500 * 1024 * 1024  # a corpus archive larger than this is refused
_MEMBER = re.compile(r"[a-z0-9][a-z0-9-]*\.md")


# --- building ------------------------------------------------------------------------


def build_bundle(paths: Iterable[Path]) -> bytes:
    """A reproducible tar.gz of the given corpus files, flat, by name."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(paths, key=lambda p: p.name):
            data = path.read_bytes()
            info = tarfile.TarInfo(path.name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=9, mtime=0)


def manifest_line(bundle: bytes) -> str:
    return f"{hashlib.sha256(bundle).hexdigest()}  {BUNDLE}\n"


def write_bundle(out_dir: Path, paths: Iterable[Path]) -> bool:
    """Write the archive and its manifest into `out_dir`; False when there is no corpus."""
    from policykb.content.storage import write_atomic

    paths = list(paths)
    if not paths:
        for name in (BUNDLE, MANIFEST):
            (out_dir / name).unlink(missing_ok=True)
        return False
    bundle = build_bundle(paths)
    write_atomic(out_dir / BUNDLE, bundle)
    write_atomic(out_dir / MANIFEST, manifest_line(bundle))
    return True


# --- fetching ------------------------------------------------------------------------


@dataclass
class FetchResult:
    written: list[str] = field(default_factory=list)  # new or updated from the archive
    kept: list[str] = field(default_factory=list)  # local copy is newer (or unreadable)
    unchanged: list[str] = field(default_factory=list)


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "policykb corpus fetch"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise UserError(f"could not download {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(
            f"could not download {url} ({reason}). Are you offline? Nothing was changed: "
            "the site still builds without the corpus; try again when online, or run "
            "`make crawl` to fetch the policies themselves."
        ) from None
    if len(data) > MAX_BYTES:
        raise UserError(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB: refused")
    return data


def _expected_digest(manifest: str, url: str) -> str:
    for line in manifest.splitlines():
        parts = line.split()
        if (
            len(parts) == 2
            and parts[1].lstrip("*") == BUNDLE
            and re.fullmatch(r"[0-9a-f]{64}", parts[0])
        ):
            return parts[0]
    raise UserError(f"{url} is not a SHA-256 manifest for {BUNDLE}")


def _members(bundle: bytes) -> dict[str, bytes]:
    """The archive's documents by file name; anything but flat `<id>.md` files is refused."""
    documents = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
            for info in tar:
                if not info.isfile() or not _MEMBER.fullmatch(info.name):
                    raise UserError(f"unexpected entry {info.name!r} in {BUNDLE}: refused")
                documents[info.name] = tar.extractfile(info).read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise UserError(f"{BUNDLE} is damaged: {exc}") from None
    return documents


def retrieved(text: str) -> datetime | None:
    """The front matter's `retrieved` time, None when it cannot be read."""
    match = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.S)
    if not match:
        return None
    try:
        value = (yaml.safe_load(match.group(1)) or {}).get("retrieved")
    except yaml.YAMLError:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if isinstance(value, datetime) else None


def fetch_corpus(url: str, corpus_dir: Path) -> FetchResult:
    """Download `url` (a corpus.tar.gz) and its manifest (`url` + .sha256) into `corpus_dir`."""
    manifest = _download(url + ".sha256").decode("utf-8", "replace")
    expected = _expected_digest(manifest, url + ".sha256")
    bundle = _download(url)
    actual = hashlib.sha256(bundle).hexdigest()
    if actual != expected:
        raise UserError(
            f"{BUNDLE} from {url} does not match its manifest (SHA-256 {actual}, "
            f"expected {expected}): nothing was changed"
        )
    documents = _members(bundle)

    result = FetchResult()
    corpus_dir = corpus_dir.resolve()
    corpus_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".corpus-new-", dir=corpus_dir.parent))
    try:
        if corpus_dir.is_dir():  # start from everything local
            for path in corpus_dir.iterdir():
                if path.is_file():
                    shutil.copy2(path, staging / path.name)
        for name, data in sorted(documents.items()):
            local = staging / name
            if local.exists():
                mine, theirs = local.read_bytes(), data
                if mine == theirs:
                    result.unchanged.append(name)
                    continue
                local_time = retrieved(mine.decode("utf-8", "replace"))
                their_time = retrieved(theirs.decode("utf-8", "replace"))
                if local_time is None or their_time is None or local_time >= their_time:
                    result.kept.append(name)
                    continue
            local.write_bytes(data)
            result.written.append(name)
        if result.written:
            _swap(staging, corpus_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _swap(staging: Path, corpus_dir: Path) -> None:
    """Put the complete `staging` folder in place of `corpus_dir` with two renames, so no
    half-unpacked corpus is ever seen (between them, a crash leaves the old folder in
    `.corpus-old-*` beside it)."""
    os.chmod(staging, 0o755)
    if not corpus_dir.exists():
        os.replace(staging, corpus_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=".corpus-old-", dir=corpus_dir.parent))
    os.replace(corpus_dir, retired / "corpus")
    os.replace(staging, corpus_dir)
    shutil.rmtree(retired, ignore_errors=True)
