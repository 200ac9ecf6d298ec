"""End to end: the real spider crawls the fixture site, then replay and reextract agree.

Every crawl runs `python -m policykb crawl` in a subprocess, so each gets a fresh Twisted
reactor. The module's runs build on each other: first crawl, replay, reextract, then a
second crawl after the site changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_site import REPO, corpus_files, crawl_args, policykb, write_sources
from warcio.archiveiterator import ArchiveIterator

from policykb.content.corpus import load_corpus_document

EXPECTED = {
    "harbourview-rowing-club-social-media": ("ok", None),
    "harbourview-rowing-club-mirror": ("ok", None),
    "northfield-water-cooperative-online-conduct": ("ok", None),
    "lumen-valley-library-comments": ("ok", None),
    "saltmarsh-district-council-social-media": ("ok", None),
    "eastmarsh-parish-council-social-media": ("ok", None),
    "corvid-analytics-social-media-guidelines": ("ok", None),
    "orchard-street-theatre-posting-guidance": ("ok", None),
    "pinecrest-veterinary-group-staff": ("ok", None),
    "kestrel-youth-theatre-online-safety": ("ok", None),
    "quarry-lane-allotment-society-posting-rules": ("ok", None),
    "wren-cottage-hospice-social-media": ("ok", None),
    "kestrel-youth-theatre-locked-draft": ("failed", "PDF is encrypted (it needs a password)"),
    "kestrel-youth-theatre-damaged-copy": ("failed", "PDF is corrupt or unreadable"),
    "marram-dunes-surf-school-social-media": ("failed", "HTTP 404"),
    "tidewater-ferries-social-media": ("failed", "timed out after 2 s"),
    "granite-hill-quarry-museum-social-media": ("failed", "response larger than the download"),
    "beacon-street-credit-union-draft": ("failed", "robots.txt disallows this URL"),
}


@pytest.fixture(scope="module")
def work(site, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crawl")
    write_sources(root / "sources", site.port)
    return root


@pytest.fixture(scope="module")
def first_crawl(site, work):
    result = policykb(
        *crawl_args(work / "sources", work / "corpus", work / "archive", work / "report.json"),
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result, corpus_files(work / "corpus"), list(site.requests)


def report(path: Path) -> dict[str, dict]:
    return {row["id"]: row for row in json.loads(path.read_text())["sources"]}


def test_every_source_ends_ok_or_with_a_named_error(first_crawl, work):
    result, _, _ = first_crawl
    rows = report(work / "report.json")
    assert sorted(rows) == sorted(EXPECTED)
    for source_id, (status, error) in EXPECTED.items():
        assert rows[source_id]["status"] == status, rows[source_id]
        if error:
            assert rows[source_id]["error"].startswith(error), rows[source_id]
        else:
            assert rows[source_id]["error"] is None
            assert rows[source_id]["http_status"] == 200
            assert rows[source_id]["bytes"] > 0
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == (
        f"crawled 18 source(s): 12 ok, 0 unchanged, 0 changed, 6 failed "
        f"(report: {work / 'report.json'})"
    )


def test_failed_sources_write_no_corpus_file(first_crawl):
    _, files, _ = first_crawl
    written = {name.removesuffix(".md") for name in files}
    assert written == {i for i, (status, _) in EXPECTED.items() if status == "ok"}


def test_the_crawler_is_polite_and_identifies_itself(first_crawl):
    _, _, requests = first_crawl
    paths = [r["path"] for r in requests]
    assert paths[0] == "/robots.txt"
    assert "/private/secret.html" not in paths
    assert paths.count("/flaky/policy.html") == 2  # 500, then one retry
    assert paths.count("/gone.html") == 1  # a 404 is not retried
    for request in requests:
        headers = {k.lower(): v for k, v in request["headers"].items()}
        assert headers["user-agent"].startswith("policykb/")
        assert "https://example.invalid/policykb-test-contact" in headers["user-agent"]
        assert "cookie" not in headers


def test_redirect_chain_ends_on_the_final_url(first_crawl, work, site):
    front = load_corpus_document(work / "corpus" / "orchard-street-theatre-posting-guidance.md")
    assert front.front.final_url == site.url("/orchard/policy.html")
    assert front.front.url == site.url("/redirect/one")


def test_header_charset_beats_the_meta_tag(first_crawl, work):
    document = load_corpus_document(work / "corpus" / "corvid-analytics-social-media-guidelines.md")
    assert "café naïveté" in document.body
    assert "euro sign (€)" in document.body
    assert "don’t" in document.body


def test_injection_payloads_stay_visible_text(first_crawl, work):
    body = load_corpus_document(work / "corpus" / "lumen-valley-library-comments.md").body
    assert "\\<script>alert" in body
    assert "\\<img src=x onerror=alert(1)>" in body
    assert "\\`\\`\\`\\{raw\\} html" in body
    assert "\\{eval-rst\\}" in body
    assert "hijacked" not in body and "real image" not in body  # live markup never becomes text


def test_near_duplicates_are_marked(first_crawl, work):
    def duplicate_of(source_id: str) -> str | None:
        return load_corpus_document(work / "corpus" / f"{source_id}.md").front.duplicate_of

    assert duplicate_of("saltmarsh-district-council-social-media") == (
        "eastmarsh-parish-council-social-media"
    )
    assert duplicate_of("harbourview-rowing-club-social-media") == "harbourview-rowing-club-mirror"
    assert duplicate_of("eastmarsh-parish-council-social-media") is None
    assert duplicate_of("lumen-valley-library-comments") is None


def test_archive_holds_every_exchange_with_digests(first_crawl, work):
    records = []
    (warc,) = sorted((work / "archive").glob("*.warc.gz"))
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            records.append(
                (
                    record.rec_type,
                    record.rec_headers.get_header("WARC-Target-URI"),
                    record.http_headers.get_statuscode() if record.http_headers else None,
                    record.rec_headers.get_header("WARC-Payload-Digest"),
                )
            )
    assert records[0][0] == "warcinfo"
    responses = {
        (uri.split("/", 3)[3], status) for kind, uri, status, _ in records if kind == "response"
    }
    for path, status in [
        ("robots.txt", "200"),
        ("redirect/one", "301"),
        ("redirect/two", "302"),
        ("orchard/policy.html", "200"),
        ("flaky/policy.html", "500"),
        ("flaky/policy.html", "200"),
        ("gone.html", "404"),
        ("docs/policy.pdf", "200"),
        ("docs/encrypted.pdf", "200"),
    ]:
        assert (path, status) in responses
    kinds = [kind for kind, *_ in records[1:]]
    assert kinds.count("request") == kinds.count("response")
    assert all(d and d.startswith("sha1:") for kind, _, _, d in records if kind == "response")


def test_replay_gives_an_identical_corpus_offline(first_crawl, work):
    _, files, _ = first_crawl
    (warc,) = sorted((work / "archive").glob("*.warc.gz"))
    args = crawl_args(work / "sources", work / "replayed", work / "unused", work / "replay.json")
    result = policykb(*args, "--replay", str(warc), cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    assert corpus_files(work / "replayed") == files
    assert not (work / "unused").exists()  # replay archives nothing new
    rows = report(work / "replay.json")
    assert rows["marram-dunes-surf-school-social-media"]["error"] == "HTTP 404"
    # Never fetched, so not in the archive: a 404 on replay.
    assert rows["tidewater-ferries-social-media"]["error"] == "HTTP 404"


def test_reextract_rebuilds_the_same_corpus(first_crawl, work):
    _, files, _ = first_crawl
    result = policykb(
        "reextract",
        "--archive-dir", str(work / "archive"),
        "--corpus-dir", str(work / "reextracted"),
        "--sources-dir", str(work / "sources"),
        "--taxonomy", str(REPO / "content" / "taxonomy.yaml"),
        cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert corpus_files(work / "reextracted") == files
    assert "12 rewritten, 0 unchanged, 6 without a usable capture" in result.stdout


@pytest.fixture(scope="module")
def second_crawl(first_crawl, site, work):
    site.version = 2  # the allotment rules change; the hospice page disappears
    result = policykb(
        *crawl_args(work / "sources", work / "corpus", work / "archive", work / "report2.json"),
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result, corpus_files(work / "corpus")


def test_second_crawl_keeps_unchanged_files_byte_identical(first_crawl, second_crawl, work):
    _, before, _ = first_crawl
    _, after = second_crawl
    rows = report(work / "report2.json")
    assert rows["quarry-lane-allotment-society-posting-rules"]["status"] == "changed"
    assert rows["wren-cottage-hospice-social-media"]["status"] == "failed"
    unchanged = [i for i, row in rows.items() if row["status"] == "unchanged"]
    assert len(unchanged) == 10
    for source_id in unchanged:
        assert after[f"{source_id}.md"] == before[f"{source_id}.md"]


def test_failed_fetch_leaves_the_last_good_version(first_crawl, second_crawl):
    _, before, _ = first_crawl
    _, after = second_crawl
    name = "wren-cottage-hospice-social-media.md"
    assert after[name] == before[name]


def test_changed_content_adds_a_version(second_crawl, work):
    document = load_corpus_document(
        work / "corpus" / "quarry-lane-allotment-society-posting-rules.md"
    )
    assert len(document.front.versions) == 2
    assert document.front.versions[-1].content_sha256 == document.front.content_sha256
    assert document.front.versions[0].content_sha256 != document.front.content_sha256
    assert "once its holder has agreed" in document.body


def test_reextract_after_two_crawls_rebuilds_the_history(second_crawl, work):
    _, after = second_crawl
    assert len(list((work / "archive").glob("*.warc.gz"))) == 2
    result = policykb(
        "reextract",
        "--archive-dir", str(work / "archive"),
        "--corpus-dir", str(work / "rebuilt"),
        "--sources-dir", str(work / "sources"),
        "--taxonomy", str(REPO / "content" / "taxonomy.yaml"),
        cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert corpus_files(work / "rebuilt") == after
    # Run again over the same corpus: nothing changes on disk.
    again = policykb(
        "reextract",
        "--archive-dir", str(work / "archive"),
        "--corpus-dir", str(work / "rebuilt"),
        "--sources-dir", str(work / "sources"),
        "--taxonomy", str(REPO / "content" / "taxonomy.yaml"),
        cwd=REPO,
    )  # fmt: skip
    assert "0 rewritten, 12 unchanged" in again.stdout


def test_scrapy_crawl_from_the_repository_root(site, work, tmp_path):
    result = subprocess.run(
        [
            sys.executable, "-m", "scrapy", "crawl", "sources",
            "-a", "source=orchard-street-theatre-posting-guidance",
            "-s", f"POLICYKB_SOURCES_DIR={work / 'sources'}",
            "-s", f"POLICYKB_CORPUS_DIR={tmp_path / 'corpus'}",
            "-s", f"POLICYKB_ARCHIVE_DIR={tmp_path / 'archive'}",
            "-s", f"POLICYKB_REPORT={tmp_path / 'report.json'}",
            "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "LOG_LEVEL=WARNING",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert list(report(tmp_path / "report.json")) == ["orchard-street-theatre-posting-guidance"]
    assert (tmp_path / "corpus" / "orchard-street-theatre-posting-guidance.md").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--source", "no-such-organisation"], "unknown source id(s) no-such-organisation"),
        (["--replay", "missing.warc.gz"], "cannot read archive"),
    ],
)
def test_usage_errors_exit_non_zero_without_traceback(work, extra, message):
    args = crawl_args(work / "sources", work / "c", work / "a", work / "r.json")
    result = policykb(*args, *extra, cwd=work)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_registry_exits_non_zero(work, tmp_path):
    broken = tmp_path / "sources"
    broken.mkdir()
    (broken / "bad-entry.yaml").write_text("id: bad-entry\ntitle: [unclosed\n")
    result = policykb(
        *crawl_args(broken, tmp_path / "c", tmp_path / "a", tmp_path / "r.json"), cwd=REPO
    )
    assert result.returncode == 1
    assert "bad-entry.yaml" in result.stderr and "malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr
