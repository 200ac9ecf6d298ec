"""One writer per corpus folder: a second crawl or reextract says who holds it (issue 8.9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_site import REPO, crawl_args, policykb
from warc_fixtures import site_pages, write_archive, write_registry

from policykb.content.lock import LOCK_NAME, LockHeld, directory_lock

HOLD = """\
import sys, time
from pathlib import Path
from policykb.content.lock import directory_lock
with directory_lock(Path(sys.argv[1]), "policykb crawl --replay first.warc.gz"):
    print("locked", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/corpus until the test ends."""
    corpus = tmp_path / "corpus"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(corpus)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "locked"
    yield process
    process.kill()
    process.wait()


def test_the_lock_is_exclusive_and_released(tmp_path):
    held = rf"pid {os.getpid()} on .*, started .*`first`"
    with directory_lock(tmp_path, "first"), pytest.raises(LockHeld, match=held):  # noqa: SIM117
        with directory_lock(tmp_path, "second"):
            pass
    with directory_lock(tmp_path, "third"):  # released: free again
        pass
    assert (tmp_path / LOCK_NAME).read_text() == ""


@pytest.mark.parametrize("command", ["crawl", "reextract"])
def test_a_second_run_into_the_same_corpus_says_who_holds_it(tmp_path, holder, command):
    write_registry(tmp_path / "sources")
    archive = write_archive(tmp_path / "archive", "crawl-20260101T000000Z.warc.gz", site_pages())
    if command == "crawl":
        args = crawl_args(tmp_path / "sources", tmp_path / "corpus", tmp_path / "unused",
                          tmp_path / "report.json") + ["--replay", str(archive)]  # fmt: skip
    else:
        args = ["reextract", "--archive-dir", str(tmp_path / "archive"),
                "--corpus-dir", str(tmp_path / "corpus"),
                "--sources-dir", str(tmp_path / "sources")]  # fmt: skip
    result = policykb(*args, cwd=REPO)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'corpus'} is in use by another policykb run (pid {holder.pid}" in (
        result.stderr
    )
    assert "`policykb crawl --replay first.warc.gz`" in result.stderr
    assert not list(Path(tmp_path / "corpus").glob("*.md"))  # nothing was written


def test_the_lock_goes_with_its_holder(tmp_path, holder):
    holder.kill()
    holder.wait()
    with directory_lock(tmp_path / "corpus", "after a crash"):
        pass
