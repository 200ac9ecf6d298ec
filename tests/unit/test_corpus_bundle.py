"""corpus.tar.gz: built reproducibly, served from 127.0.0.1, checked, unpacked whole, and
never over a newer local document."""

from __future__ import annotations

import functools
import hashlib
import http.server
import socket
import tarfile
import threading
from pathlib import Path

import pytest

from policykb.cli import main
from policykb.content.errors import UserError
from policykb.site.corpus_bundle import BUNDLE, MANIFEST, build_bundle, fetch_corpus, write_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "site" / "corpus"


def document(doc_id: str, retrieved: str, text: str) -> str:
    return f"---\nid: {doc_id}\nretrieved: {retrieved}\n---\n{text}\n"


@pytest.fixture
def published(tmp_path):
    """A site folder holding a corpus bundle, served over HTTP on 127.0.0.1."""
    site = tmp_path / "site"
    site.mkdir()
    source = tmp_path / "published-corpus"
    source.mkdir()
    (source / "alpha.md").write_text(document("alpha", "2026-11-02T10:00:00Z", "Alpha v2."))
    (source / "beta.md").write_text(document("beta", "2026-11-02T10:00:00Z", "Beta v2."))
    (source / "gamma.md").write_text(document("gamma", "2026-11-02T10:00:00Z", "Gamma v1."))
    write_bundle(site, sorted(source.iterdir()))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/{BUNDLE}"
    server.shutdown()
    server.server_close()


def test_bundle_is_reproducible_and_flat(tmp_path):
    paths = sorted(FIXTURES.glob("*.md"))
    first, second = build_bundle(paths), build_bundle(list(reversed(paths)))
    assert first == second
    assert write_bundle(tmp_path, paths)
    data = (tmp_path / BUNDLE).read_bytes()
    assert (tmp_path / MANIFEST).read_text() == f"{hashlib.sha256(data).hexdigest()}  {BUNDLE}\n"
    with tarfile.open(tmp_path / BUNDLE) as tar:
        assert tar.getnames() == [p.name for p in paths]
        assert tar.extractfile(paths[0].name).read() == paths[0].read_bytes()


def test_no_corpus_no_bundle(tmp_path):
    (tmp_path / BUNDLE).write_bytes(b"stale")
    assert not write_bundle(tmp_path, [])
    assert not (tmp_path / BUNDLE).exists()


def test_fetch_into_a_fresh_clone(published, tmp_path):
    site, url = published
    corpus = tmp_path / "clone" / "content" / "corpus"
    result = fetch_corpus(url, corpus)
    assert sorted(result.written) == ["alpha.md", "beta.md", "gamma.md"]
    with tarfile.open(site / BUNDLE) as tar:
        for name in tar.getnames():
            assert (corpus / name).read_bytes() == tar.extractfile(name).read()
    assert not list(corpus.parent.glob(".corpus-*"))  # no staging folder left behind


def test_fetch_keeps_newer_and_local_only_documents(published, tmp_path):
    _, url = published
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    newer = document("alpha", "2026-11-20T08:00:00Z", "Alpha v3, crawled here later.")
    older = document("beta", "2026-10-01T08:00:00Z", "Beta v1.")
    (corpus / "alpha.md").write_text(newer)
    (corpus / "beta.md").write_text(older)
    (corpus / "local-only.md").write_text(document("local-only", "2026-11-01T00:00:00Z", "Mine."))

    result = fetch_corpus(url, corpus)
    assert result.kept == ["alpha.md"]
    assert sorted(result.written) == ["beta.md", "gamma.md"]
    assert (corpus / "alpha.md").read_text() == newer
    assert "Beta v2." in (corpus / "beta.md").read_text()
    assert (corpus / "local-only.md").exists()

    again = fetch_corpus(url, corpus)
    assert (again.written, again.kept, again.unchanged) == (
        [],
        ["alpha.md"],
        ["beta.md", "gamma.md"],
    )


def test_a_tampered_archive_changes_nothing(published, tmp_path):
    site, url = published
    (site / MANIFEST).write_text("0" * 64 + f"  {BUNDLE}\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "beta.md").write_text(document("beta", "2026-10-01T08:00:00Z", "Beta v1."))
    with pytest.raises(UserError, match="does not match its manifest"):
        fetch_corpus(url, corpus)
    assert [p.name for p in corpus.iterdir()] == ["beta.md"]
    assert "Beta v1." in (corpus / "beta.md").read_text()


def test_an_archive_with_paths_is_refused(published, tmp_path):
    site, url = published
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        payload = tmp_path / "payload.md"
        payload.write_text("x")
        tar.add(payload, arcname="../escape.md")
    data = evil.read_bytes()
    (site / BUNDLE).write_bytes(data)
    (site / MANIFEST).write_text(f"{hashlib.sha256(data).hexdigest()}  {BUNDLE}\n")
    with pytest.raises(UserError, match="unexpected entry"):
        fetch_corpus(url, tmp_path / "corpus")
    assert not (tmp_path / "escape.md").exists()


def test_offline_says_so_and_changes_nothing(tmp_path, capsys):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    corpus = tmp_path / "corpus"
    url = f"http://127.0.0.1:{port}/{BUNDLE}"
    assert main(["corpus", "fetch", "--url", url, "--corpus-dir", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert "could not download" in err and "offline" in err and "Nothing was changed" in err
    assert not corpus.exists()


def test_command_line(published, tmp_path, capsys, monkeypatch):
    _, url = published
    monkeypatch.setenv("POLICYKB_CORPUS_URL", url)
    corpus = tmp_path / "corpus"
    assert main(["corpus", "fetch", "--corpus-dir", str(corpus)]) == 0
    assert "3 document(s) written" in capsys.readouterr().out
    monkeypatch.delenv("POLICYKB_CORPUS_URL")
    assert main(["corpus", "fetch", "--corpus-dir", str(corpus)]) == 1
    assert "POLICYKB_CORPUS_URL" in capsys.readouterr().err
