"""The archive branch round trip against a bare git repository in a temp folder."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from policykb.cli import main
from policykb.ingest.archive import ArchiveWriter, read_archive
from policykb.ingest.archive_branch import pull_archive, push_archive

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def capture(directory, name: str, url: str, body: bytes):
    writer = ArchiveWriter(directory, name, {"software": "tests"})
    writer.write(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "policykb/test")],
        status=200,
        response_headers=[("Content-Type", "text/html")],
        body=body,
    )
    writer.close()
    return writer.path


def git(remote, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(remote), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def remote(tmp_path):
    path = tmp_path / "snapshots.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def test_round_trip(tmp_path, remote):
    crawler = tmp_path / "crawler-archive"

    # A first run: the branch does not exist yet, so there is nothing to restore.
    assert pull_archive(str(remote), crawler) == []
    assert not crawler.exists()

    first = capture(crawler, "crawl-20260105T041700Z.warc.gz", "http://a.invalid/p", b"<p>one</p>")
    second = capture(crawler, "crawl-20260112T041700Z.warc.gz", "http://a.invalid/p", b"<p>two</p>")
    pushed = push_archive(str(remote), crawler)
    assert pushed.added == [first.name, second.name]
    assert git(remote, "rev-parse", "archive").strip() == pushed.commit

    # A fresh machine restores both, byte for byte, and replays them.
    fresh = tmp_path / "fresh-archive"
    restored = pull_archive(str(remote), fresh)
    assert sorted(p.name for p in restored) == [first.name, second.name]
    for original in (first, second):
        assert (fresh / original.name).read_bytes() == original.read_bytes()
    bodies = [r.body for path in sorted(fresh.iterdir()) for r in read_archive(path)]
    assert bodies == [b"<p>one</p>", b"<p>two</p>"]
    assert not list(fresh.glob(".*.tmp"))

    # The next run appends: a new commit on top, the earlier one kept as its parent.
    third = capture(fresh, "crawl-20260119T041700Z.warc.gz", "http://a.invalid/p", b"<p>3</p>")
    appended = push_archive(str(remote), fresh)
    assert appended.added == [third.name]
    assert git(remote, "rev-parse", "archive^").strip() == pushed.commit
    assert git(remote, "rev-list", "--count", "archive").strip() == "2"
    listed = git(remote, "ls-tree", "--name-only", "archive").split()
    assert listed == ["README.md", first.name, second.name, third.name]

    # Nothing new: no commit. Pulling again restores only what is missing.
    assert push_archive(str(remote), fresh).commit is None
    assert [p.name for p in pull_archive(str(remote), crawler)] == [third.name]


def test_pull_never_overwrites_a_local_capture(tmp_path, remote):
    local = tmp_path / "a"
    name = "crawl-20260105T041700Z.warc.gz"
    capture(local, name, "http://a.invalid/p", b"<p>pushed</p>")
    push_archive(str(remote), local)
    other = tmp_path / "b"
    kept = capture(other, name, "http://a.invalid/p", b"<p>local</p>").read_bytes()
    assert pull_archive(str(remote), other) == []
    assert (other / name).read_bytes() == kept


def test_push_does_not_rewrite_a_branch_that_moved(tmp_path, remote, monkeypatch):
    """Two pushes from the same tip: the second is refused, not forced over the first."""
    import policykb.ingest.archive_branch as module

    a, b = tmp_path / "a", tmp_path / "b"
    capture(a, "crawl-20260105T041700Z.warc.gz", "http://a.invalid/p", b"<p>a</p>")
    capture(b, "crawl-20260106T041700Z.warc.gz", "http://a.invalid/p", b"<p>b</p>")
    push_archive(str(remote), a)
    tip = git(remote, "rev-parse", "archive").strip()
    real_scratch = module._scratch

    def stale_scratch(remote_url, branch):  # b read the branch before a's push
        return real_scratch(remote_url, branch + "-not-yet")

    monkeypatch.setattr(module, "_scratch", stale_scratch)
    with pytest.raises(module.UserError, match="git push failed"):
        push_archive(str(remote), b)
    assert git(remote, "rev-parse", "archive").strip() == tip


def test_command_line(tmp_path, remote, capsys):
    archive = tmp_path / "archive"
    assert main(["archive", "pull", "--remote", str(remote), "--archive-dir", str(archive)]) == 0
    assert "restored 0 capture file(s)" in capsys.readouterr().out
    capture(archive, "crawl-20260105T041700Z.warc.gz", "http://a.invalid/p", b"<p>x</p>")
    assert main(["archive", "push", "--remote", str(remote), "--archive-dir", str(archive)]) == 0
    assert "pushed 1 capture file(s)" in capsys.readouterr().out
    missing = tmp_path / "no-such-repo.git"
    assert main(["archive", "pull", "--remote", str(missing), "--archive-dir", str(archive)]) == 1
    assert "git ls-remote failed" in capsys.readouterr().err
