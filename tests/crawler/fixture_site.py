"""The crawler tests' fictional website on 127.0.0.1, its registry and helpers.

`FixtureSite` serves `site/` plus a few dynamic routes that misbehave on purpose
(redirect chain, 404, 500-then-200, a slow answer, an oversized body, gzip, a page that
changes or disappears between crawls, PDFs). Every request is logged so tests can check
what the crawler asked for and how it identified itself.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SITE = HERE / "site"
SOURCES_TEMPLATES = HERE / "sources"
TAXONOMY = REPO / "content" / "taxonomy.yaml"

SLOW_SECONDS = 5
TEST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": "2",
    "DOWNLOAD_MAXSIZE": "100000",
    "RETRY_TIMES": "1",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
}
CONTACT_URL = "https://example.invalid/policykb-test-contact"


# --- PDFs, made by hand (no PDF library needed to write one page of text) -------------


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], title: str = "") -> bytes:
    """A one-page PDF showing `lines` in Helvetica, with an optional title."""
    stream = (
        "BT /F1 11 Tf 72 740 Td 15 TL "
        + " ".join(f"({_pdf_string(line)}) '" for line in lines)
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({_pdf_string(title)}) >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


PDF_LINES = [
    "Kestrel Youth Theatre - Online safety policy",
    "",
    "Members under eighteen never share their own address or school in a post about the",
    "theatre, and chaperones check photographs before they go on the theatre's page.",
    "",
    "Adults working with the youth company do not follow or message members on personal",
    "accounts. Questions go to the designated safeguarding lead.",
]


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(PDF_LINES))))
    writer.encrypt(user_password="opensesame", owner_password="keeper", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


CORRUPT_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis is not a PDF any more\n"


def flate_bomb(size: int) -> bytes:
    """A zlib stream of `size` spaces, about 1,000 times smaller, built without
    compressing all of it: one full-flushed block repeated, then the checksum."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // len(chunk)
    adler = 1
    for _ in range(count):
        adler = zlib.adler32(chunk, adler)
    return first + block * (count - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def bomb_pdf(size: int = 1 << 30) -> bytes:
    """A one-page PDF of about 1 MB whose content stream inflates to `size` bytes."""
    stream = flate_bomb(size)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# --- the server ------------------------------------------------------------------------


def _changing_page(version: int) -> bytes:
    rule = (
        "Plot holders may post pictures of their own plots but not of a neighbour's plot."
        if version == 1
        else "Plot holders may post pictures of any plot once its holder has agreed."
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Quarry Lane Allotment Society - posting rules</title></head><body>"
        "<div class='n'><a href='/'>Quarry Lane Allotment Society</a> <a href='/plots'>Plots</a></div>"
        "<div class='c'><h1>Posting rules</h1>"
        "<p>The society's noticeboard group is for members who rent a plot at Quarry Lane.</p>"
        f"<p>{rule}</p></div></body></html>"
    ).encode()


WREN_COTTAGE = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    b"<title>Wren Cottage Hospice</title></head><body><div class='c'>"
    b"<h1>Social media and our patients</h1>"
    b"<p>Nurses and volunteers never write about a patient or a family online, even without"
    b" names, and never accept friend requests from the people they care for.</p>"
    b"</div></body></html>"
)


@dataclass
class FixtureSite:
    """Shared state of the fixture server: the request log and the site's version."""

    version: int = 1
    requests: list[dict] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [r["path"] for r in self.requests]


def _handler(site: FixtureSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output quiet
            pass

        def do_GET(self):  # noqa: N802 (the http.server API)
            with site.lock:
                site.requests.append({"path": self.path, "headers": dict(self.headers.items())})
                hits = site.hits[self.path] = site.hits.get(self.path, 0) + 1
            status, headers, body = self.route(self.path, hits)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def route(self, path: str, hits: int) -> tuple[int, dict, bytes]:
            html = {"Content-Type": "text/html; charset=utf-8"}
            if path == "/redirect/one":
                return 301, {"Location": "/redirect/two"}, b""
            if path == "/redirect/two":
                return 302, {"Location": site.url("/orchard/policy.html")}, b""
            if path == "/gone.html":
                return 404, html, b"<html><body><p>Not found</p></body></html>"
            if path == "/flaky/policy.html" and hits == 1:
                return 500, html, b"<html><body><p>Server error</p></body></html>"
            if path == "/flaky/policy.html":
                return 200, html, (SITE / "pinecrest" / "policy.html").read_bytes()
            if path == "/slow/policy.html":
                time.sleep(SLOW_SECONDS)
                return 200, html, b"<html><body><p>Too late.</p></body></html>"
            if path == "/huge/policy.html":
                return (
                    200,
                    html,
                    b"<html><body><p>" + b"filler words " * 20000 + b"</p></body></html>",
                )
            if path == "/gzip/policy.html":
                body = gzip.compress(
                    (SITE / "harbourview" / "social-media-policy.html").read_bytes()
                )
                return 200, {**html, "Content-Encoding": "gzip"}, body
            if path == "/changing/policy.html":
                return 200, html, _changing_page(site.version)
            if path == "/vanishing/policy.html" and site.version > 1:
                return 404, html, b"<html><body><p>Moved away</p></body></html>"
            if path == "/vanishing/policy.html":
                return 200, html, WREN_COTTAGE
            if path == "/docs/policy.pdf":
                return (
                    200,
                    {"Content-Type": "application/pdf"},
                    make_pdf(PDF_LINES, "Online safety"),
                )
            if path == "/docs/encrypted.pdf":
                return 200, {"Content-Type": "application/pdf"}, encrypted_pdf()
            if path == "/docs/corrupt.pdf":
                return 200, {"Content-Type": "application/pdf"}, CORRUPT_PDF
            if path == "/corvid/guidelines.html":  # header says cp1252, the meta tag says utf-8
                body = (SITE / "corvid" / "guidelines.html").read_bytes()
                return 200, {"Content-Type": "text/html; charset=windows-1252"}, body
            file = (SITE / path.lstrip("/")).resolve()
            if SITE in file.parents and file.is_file():
                kind = "text/plain" if file.suffix == ".txt" else html["Content-Type"]
                return 200, {"Content-Type": kind}, file.read_bytes()
            return 404, html, b"<html><body><p>Not found</p></body></html>"

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the crawler hung up on purpose
        pass


def serve(state: FixtureSite) -> ThreadingHTTPServer:
    """Start the fixture site on an ephemeral port of 127.0.0.1 (a daemon thread)."""
    server = QuietServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_sources(directory: Path, port: int) -> Path:
    """The fixture registry with the server's port filled in."""
    directory.mkdir(parents=True, exist_ok=True)
    for template in sorted(SOURCES_TEMPLATES.glob("*.yaml")):
        text = template.read_text(encoding="utf-8").replace("127.0.0.1:PORT", f"127.0.0.1:{port}")
        (directory / template.name).write_text(text, encoding="utf-8")
    return directory


def policykb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess (a fresh Twisted reactor each time)."""
    env = {**os.environ, "POLICYKB_CONTACT_URL": CONTACT_URL}
    return subprocess.run(
        [sys.executable, "-m", "policykb", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def crawl_args(sources: Path, corpus: Path, archive: Path, report: Path) -> list[str]:
    args = [
        "crawl",
        "--sources-dir", str(sources),
        "--corpus-dir", str(corpus),
        "--archive-dir", str(archive),
        "--report", str(report),
        "--taxonomy", str(TAXONOMY),
    ]  # fmt: skip
    for name, value in TEST_SETTINGS.items():
        args += ["--setting", f"{name}={value}"]
    return args


def corpus_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*.md"))}
