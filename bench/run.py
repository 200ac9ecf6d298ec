"""`make bench`: our site and a plain Sphinx+MyST site of the same documents, side by side.

    python bench/run.py [--n 1000] [--runs 3] [--seed 7] [--only KEY ...]
    python bench/run.py --table [FILE]      # the README's table, from bench/results/latest.json
    python bench/run.py --scripts           # the older per-topic scripts (bench_*.py)

Both sites are built from one synthetic corpus (`bench/synthetic.py`, N documents,
cached under `_build/bench/`). The plain site is what a team would get without our
extension: Sphinx + MyST-Parser + pydata-sphinx-theme with a lean sidebar, one page per
corpus document (front matter left out), and Sphinx's own search index. Builds alternate
between the two sites in each of `--runs` rounds, and every figure is the median of the
rounds. Timings are wall-clock seconds and CPU seconds of the build process and its
children; peak memory is the largest resident set of the process or any child it waited
for (`wait4`'s `ru_maxrss`).

Keys of bench/results/latest.json:

- `baseline`: the plain site alone (cold build, Pagefind over it, no-op, one change).
- `full`: cold build including search indexing, ours (Sphinx + Pagefind) against plain
  Sphinx with its own search; also the Sphinx part alone.
- `noop`, `incremental`: a rebuild with nothing changed, and after one document's text
  (`text`) or one registry title (`title`) changed, as `make html` runs it.
- `search`: Chromium loading `search.html?q=confidential` from a local server: bytes and
  requests beyond what the page loads without a query, and time to the first result.
- `library`: sizes of library.html, its JSON index and the static library pages.
- `memory`: peak resident memory of the cold build, the no-op rebuild and Pagefind.
- `crawl`: `policykb crawl --replay` over WARC captures of synthetic pages, against
  `policykb.ingest.extract.extract` alone on the same pages (documents per second).
- `tag`: tagger speed on one core, cold and from the tag cache (paragraphs per second).

The rebuild measurements time the commands `make html` runs; `OursSite` is the one place
to change when the build learns new steps.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

RESULTS = HERE / "results" / "latest.json"
WORK = REPO / "_build" / "bench"
PYTHON = sys.executable
SPHINXOPTS = ["-nW", "--keep-going", "-q"]  # as the Makefile's
QUERY = "confidential"
SETTLE_MS = 30_000  # how long one search may keep fetching before it is counted
KEYS = ["baseline", "full", "noop", "incremental", "search", "library", "memory", "crawl", "tag"]


# --- measuring one command -----------------------------------------------------------


def run_measured(command: list[str], log: Path, cwd: Path = REPO) -> dict:
    """Run `command`; its wall and CPU seconds and peak memory (MB). Output goes to `log`;
    a failure raises with the log's tail."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command[:4])}… failed ({proc.returncode}):\n{tail}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def add(*parts: dict) -> dict:
    """Two steps run one after the other: times add up, memory is the larger peak."""
    return {
        "wall_s": sum(p["wall_s"] for p in parts),
        "cpu_s": sum(p["cpu_s"] for p in parts),
        "peak_mb": max(p["peak_mb"] for p in parts),
    }


def median_of(runs: list[dict]) -> dict:
    """Per-field median of several measurements (plus every run's wall time)."""
    if not runs:
        return {}
    out = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    out["wall_runs"] = [round(r["wall_s"], 2) for r in runs]
    return out


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


# --- the two sites -------------------------------------------------------------------


class OursSite:
    """Our site as `make html` builds it: Sphinx with the extension, then Pagefind."""

    name = "ours"

    def __init__(self, work: Path, sources: Path, corpus: Path):
        self.root, self.sources, self.corpus = work / "ours", sources, corpus
        self.out, self.doctrees, self.log = (
            self.root / "html",
            self.root / "doctrees",
            work / "ours.log",
        )

    def clean(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)

    def sphinx(self) -> dict:
        command = [
            PYTHON, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-d", str(self.doctrees),
            "-D", f"policykb_sources_dir={self.sources}", "-D", f"policykb_corpus_dir={self.corpus}",
            str(REPO / "content"), str(self.out), *SPHINXOPTS,
        ]  # fmt: skip
        return run_measured(command, self.log)

    def search_index(self) -> dict:
        command = [
            PYTHON,
            "-m",
            "policykb.site.search_index",
            str(self.out),
            "--state",
            str(self.doctrees),
        ]
        return run_measured(command, self.log)

    def build(self) -> dict[str, dict]:
        sphinx = self.sphinx()
        pagefind = self.search_index()
        return {"sphinx": sphinx, "pagefind": pagefind, "total": add(sphinx, pagefind)}

    def change_text(self, doc_id: str, round_: int) -> None:
        path = self.corpus / f"{doc_id}.md"
        path.write_text(
            path.read_text(encoding="utf-8") + changed_paragraph(round_), encoding="utf-8"
        )

    def change_title(self, doc_id: str, round_: int) -> None:
        path = self.sources / f"{doc_id}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [
            f"title: Changed title {round_}\n" if ln.startswith("title:") else ln for ln in lines
        ]
        path.write_text("".join(lines), encoding="utf-8")


class PlainSite:
    """Sphinx + MyST + pydata-sphinx-theme, one page per document, Sphinx's own search."""

    name = "plain"
    CONF = """project = "plain"
extensions = ["myst_parser"]
html_theme = "pydata_sphinx_theme"
html_sidebars = {"**": []}  # a lean sidebar: no global navigation on every page
html_theme_options = {"navigation_depth": 1, "show_nav_level": 1, "collapse_navigation": True,
                      "show_prev_next": False, "secondary_sidebar_items": ["page-toc"]}
html_show_sourcelink = False
html_copy_source = False
suppress_warnings = ["myst.header"]
"""

    def __init__(self, work: Path, corpus: Path):
        self.root, self.corpus = work / "plain", corpus
        self.src, self.log = self.root / "src", work / "plain.log"
        self.out, self.doctrees = self.root / "html", self.root / "doctrees"

    def clean(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        (self.src / "policies").mkdir(parents=True)
        (self.src / "conf.py").write_text(self.CONF, encoding="utf-8")
        (self.src / "index.md").write_text(
            "# Policies\n\nSocial media policies, one page each.\n\n"
            "```{toctree}\n:maxdepth: 1\n\npolicies/index\n```\n",
            encoding="utf-8",
        )
        (self.src / "policies" / "index.md").write_text(
            "# All policies\n\n```{toctree}\n:maxdepth: 1\n:glob:\n\n*\n```\n", encoding="utf-8"
        )
        for path in sorted(self.corpus.glob("*.md")):
            self.page(path.stem).write_text(plain_page(path), encoding="utf-8")

    def page(self, doc_id: str) -> Path:
        return self.src / "policies" / f"{doc_id}.md"

    def build(self) -> dict[str, dict]:
        command = [PYTHON, "-m", "sphinx", "-b", "html", "-d", str(self.doctrees), "-q",
                   str(self.src), str(self.out)]  # fmt: skip
        sphinx = run_measured(command, self.log)
        return {"sphinx": sphinx, "total": sphinx}

    def search_index(self) -> dict:
        command = [PYTHON, "-m", "pagefind", "--site", str(self.out), "--silent"]
        return run_measured(command, self.log)

    def change_text(self, doc_id: str, round_: int) -> None:
        path = self.page(doc_id)
        path.write_text(
            path.read_text(encoding="utf-8") + changed_paragraph(round_), encoding="utf-8"
        )

    def change_title(self, doc_id: str, round_: int) -> None:
        path = self.page(doc_id)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[0] = f"# Changed title {round_}\n"
        path.write_text("".join(lines), encoding="utf-8")


def changed_paragraph(round_: int) -> str:
    return f"\nA paragraph added for benchmark round {round_}: the press office answers within a day.\n"


def plain_page(path: Path) -> str:
    """A corpus document as a plain MyST page: its body, under a title heading."""
    from policykb.content.corpus import split_front_matter

    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    body = body.lstrip("\n")
    if not body.startswith("# "):
        import yaml

        facts = yaml.safe_load(front)
        body = f"# {facts['organization']}: {facts['title']}\n\n{body}"
    return body


# --- the corpus ----------------------------------------------------------------------


def corpus_for(n: int, seed: int) -> tuple[Path, Path]:
    """The synthetic corpus of `n` documents, made once per (n, seed, generator)."""
    stamp = hashlib.sha256((HERE / "synthetic.py").read_bytes()).hexdigest()[:12]
    folder = WORK / f"corpus-{n}-{seed}-{stamp}"
    done = folder / ".complete"
    if not done.is_file():
        from synthetic import make_corpus

        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        print(f"writing a synthetic corpus of {n} documents to {folder} …", flush=True)
        make_corpus(folder, n, seed)
        done.write_text(f"{time.perf_counter() - start:.1f} s\n")
    return folder / "sources", folder / "corpus"


def working_copy(sources: Path, corpus: Path, work: Path) -> tuple[Path, Path]:
    """A copy the benchmark may change (one title, one text per round)."""
    for name, folder in (("sources", sources), ("corpus", corpus)):
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.copytree(folder, work / name)
    return work / "sources", work / "corpus"


# --- builds, interleaved -------------------------------------------------------------


def bench_once(work: Path, sources: Path, corpus: Path, plain_too: bool) -> dict:
    """One cold build of our site (and of the plain one): for `--only library search`."""
    ours, plain = OursSite(work, sources, corpus), PlainSite(work, corpus)
    print("  ours cold build …", flush=True)
    ours.clean()
    ours.build()
    if plain_too:
        print("  plain cold build …", flush=True)
        plain.clean()
        plain.build()
    return {"ours_out": ours.out, "plain_out": plain.out if plain_too else None}


def bench_builds(work: Path, sources: Path, corpus: Path, runs: int) -> dict:
    sources, corpus = working_copy(sources, corpus, work)
    ours, plain = OursSite(work, sources, corpus), PlainSite(work, corpus)
    changed = sorted(p.stem for p in corpus.glob("*.md"))
    series: dict[str, list] = {}

    def note(key: str, value: dict) -> None:
        series.setdefault(key, []).append(value)

    for round_ in range(runs):
        order = [ours, plain] if round_ % 2 == 0 else [plain, ours]
        for site in order:
            print(f"  round {round_ + 1}/{runs}: {site.name} cold build …", flush=True)
            site.clean()
            build = site.build()
            for part, value in build.items():
                note(f"{site.name}.cold.{part}", value)
            if site is plain:  # Pagefind over the plain site, for comparison only
                note("plain.pagefind", plain.search_index())
        for site in order:
            print(f"  round {round_ + 1}/{runs}: {site.name} rebuilds …", flush=True)
            for part, value in site.build().items():
                note(f"{site.name}.noop.{part}", value)
            doc_id = changed[(round_ * 7) % len(changed)]
            site.change_text(doc_id, round_)
            for part, value in site.build().items():
                note(f"{site.name}.text.{part}", value)
            site.change_title(changed[(round_ * 7 + 3) % len(changed)], round_)
            for part, value in site.build().items():
                note(f"{site.name}.title.{part}", value)
    # The last ours build indexed with Pagefind after its rebuilds; the plain site gets
    # its Pagefind index for the search comparison only where Sphinx search is not used.
    m = {key: median_of(values) for key, values in series.items()}
    return {"medians": m, "ours_out": ours.out, "plain_out": plain.out}


def build_keys(m: dict) -> dict:
    def pick(key: str) -> dict:
        return m.get(key, {})

    def versus(ours: str, plain: str, field: str = "wall_s") -> dict:
        a, b = pick(ours), pick(plain)
        return {"ours": a, "plain": b, "ratio": ratio(a.get(field), b.get(field))}

    baseline = {
        "cold": pick("plain.cold.sphinx"),
        "pagefind": pick("plain.pagefind"),
        "noop": pick("plain.noop.sphinx"),
        "incremental_text": pick("plain.text.sphinx"),
        "incremental_title": pick("plain.title.sphinx"),
    }
    full = {
        "ours": {"sphinx": pick("ours.cold.sphinx"), "pagefind": pick("ours.cold.pagefind"),
                 "total": pick("ours.cold.total")},
        "plain": pick("plain.cold.sphinx"),
        "ratio_wall": ratio(pick("ours.cold.total").get("wall_s"), pick("plain.cold.sphinx").get("wall_s")),
        "ratio_cpu": ratio(pick("ours.cold.total").get("cpu_s"), pick("plain.cold.sphinx").get("cpu_s")),
        "ratio_sphinx_cpu": ratio(pick("ours.cold.sphinx").get("cpu_s"), pick("plain.cold.sphinx").get("cpu_s")),
        "pagefind": versus("ours.cold.pagefind", "plain.pagefind"),
    }  # fmt: skip
    noop = {
        "ours": {"sphinx": pick("ours.noop.sphinx"), "pagefind": pick("ours.noop.pagefind"),
                 "total": pick("ours.noop.total")},
        "plain": pick("plain.noop.sphinx"),
        "ratio": ratio(pick("ours.noop.total").get("wall_s"), pick("plain.noop.sphinx").get("wall_s")),
    }  # fmt: skip
    incremental = {
        change: {
            "ours": {
                "sphinx": pick(f"ours.{change}.sphinx"),
                "pagefind": pick(f"ours.{change}.pagefind"),
                "total": pick(f"ours.{change}.total"),
            },
            "plain": pick(f"plain.{change}.sphinx"),
            "ratio": ratio(
                pick(f"ours.{change}.total").get("wall_s"),
                pick(f"plain.{change}.sphinx").get("wall_s"),
            ),
        }  # fmt: skip
        for change in ("text", "title")
    }
    memory = {
        "ours": {"cold_mb": pick("ours.cold.sphinx").get("peak_mb"),
                 "noop_mb": pick("ours.noop.sphinx").get("peak_mb"),
                 "pagefind_mb": pick("ours.cold.pagefind").get("peak_mb")},
        "plain": {"cold_mb": pick("plain.cold.sphinx").get("peak_mb"),
                  "noop_mb": pick("plain.noop.sphinx").get("peak_mb"),
                  "pagefind_mb": pick("plain.pagefind").get("peak_mb")},
    }  # fmt: skip
    return {
        "baseline": baseline,
        "full": full,
        "noop": noop,
        "incremental": incremental,
        "memory": memory,
    }


# --- the library page ----------------------------------------------------------------


def bench_library(site: Path) -> dict:
    from policykb.site.library import INDEX_FILE, LIBRARY_DIR

    index = site / INDEX_FILE
    pages = site / LIBRARY_DIR
    list_pages = sorted(pages.glob("page-*.html"))
    facet_pages = [p for p in pages.rglob("*.html") if p.parent != pages]
    policies = list((site / "policies").glob("*.html"))
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "library_html_bytes": (site / "library.html").stat().st_size,
        "index_bytes": index.stat().st_size if index.is_file() else None,
        "index_gzip_bytes": len(gzip.compress(index.read_bytes(), 6)) if index.is_file() else None,
        "list_pages": len(list_pages) + 1,
        "list_page_bytes_max": max((p.stat().st_size for p in list_pages), default=None),
        "facet_pages": len(facet_pages),
        "facet_page_bytes_max": max((p.stat().st_size for p in facet_pages), default=None),
        "policy_page_bytes_avg": round(
            sum(p.stat().st_size for p in policies) / max(1, len(policies))
        ),
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
    }


# --- one search in Chromium ----------------------------------------------------------


# Records when the first result appears (ms since navigation start), without polling.
FIRST_RESULT = """
window.__firstResult = null;
new MutationObserver((records, observer) => {
  if (document.querySelector(SELECTOR)) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def chromium() -> str | None:
    for candidate in (
        os.environ.get("POLICYKB_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def load(browser, url: str, selector: str | None) -> dict:
    """Load `url` in a fresh context (empty cache): every response's bytes, and when
    `selector` first matched."""
    context = browser.new_context()
    page = context.new_page()
    if selector:
        page.add_init_script(FIRST_RESULT.replace("SELECTOR", json.dumps(selector)))
    responses: dict[str, int] = {}

    def finished(request) -> None:
        with contextlib.suppress(Exception):
            responses[request.url] = request.sizes()["responseBodySize"]

    page.on("requestfinished", finished)
    page.goto(url, wait_until="load")
    first = loaded = None
    if selector:
        page.wait_for_function("() => window.__firstResult !== null", timeout=60000)
        first = page.evaluate("window.__firstResult")
        loaded = page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
        )
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Sphinx's own search fetches every result page for its summaries: on a large site it
    # is still fetching after SETTLE_MS, and the bytes counted are a lower bound.
    settled = True
    try:
        page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    except PlaywrightTimeout:
        settled = False
    page.wait_for_timeout(500)
    context.close()
    return {"responses": responses, "first_ms": first, "dom_ms": loaded, "settled": settled}


def strip_query(url: str) -> str:
    return url.split("?", 1)[0]


def search_cost(browser, base: str, selector: str, runs: int) -> dict:
    page_assets = {strip_query(u) for u in load(browser, f"{base}/search.html", None)["responses"]}
    load(browser, f"{base}/search.html?q={QUERY}", selector)  # warm the server's files
    samples = []
    for _ in range(max(runs, 3)):
        result = load(browser, f"{base}/search.html?q={QUERY}", selector)
        beyond = {u: b for u, b in result["responses"].items() if strip_query(u) not in page_assets}
        samples.append(
            {
                "first_result_ms": result["first_ms"],
                "first_result_after_dom_ms": result["first_ms"] - result["dom_ms"],
                "bytes_total": sum(result["responses"].values()),
                "requests_total": len(result["responses"]),
                "bytes_beyond_page": sum(beyond.values()),
                "requests_beyond_page": len(beyond),
                "pagefind_bytes": sum(
                    b for u, b in result["responses"].items() if "/pagefind/" in u
                ),
                "sphinx_search_fetched": any(
                    strip_query(u).endswith(("/searchindex.js", "/searchtools.js"))
                    for u in result["responses"]
                ),
                "settled": result["settled"],
            }
        )
    flags = ("sphinx_search_fetched", "settled")
    out = {k: statistics.median(s[k] for s in samples) for k in samples[0] if k not in flags}
    out["sphinx_search_fetched"] = any(s["sphinx_search_fetched"] for s in samples)
    out["settled"] = all(s["settled"] for s in samples)
    out["first_result_ms_runs"] = [round(s["first_result_ms"]) for s in samples]
    return out


def bench_search(ours: Path, plain: Path | None, runs: int) -> dict:
    executable = chromium()
    if executable is None:
        return {"skipped": "no Chromium (set POLICYKB_CHROMIUM or install Debian's chromium)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    sys.path.insert(0, str(REPO / "tests" / "site"))
    from site_build import serve_directory

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    result = {"query": QUERY}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=args)
        try:
            with serve_directory(ours) as base:
                result["ours"] = search_cost(browser, base, ".pagefind-ui__result", runs)
            if plain is not None:
                with serve_directory(plain) as base:
                    result["plain"] = search_cost(browser, base, "#search-results li", runs)
        finally:
            browser.close()
    if "plain" in result:
        result["ratio_bytes"] = ratio(
            result["ours"]["bytes_beyond_page"], result["plain"]["bytes_beyond_page"]
        )
    return result


# --- crawl: replay against extraction alone ------------------------------------------


def bench_crawl(sources: Path, corpus: Path, work: Path, count: int) -> dict:
    """WARC captures of `count` synthetic documents as web pages; replayed through the
    crawler (Scrapy, extraction, tagging, writing), and extracted alone."""
    from bench_extract import chrome_page, markdown_to_html

    from policykb.content.registry import load_entry
    from policykb.ingest.archive import ArchiveWriter
    from policykb.ingest.extract import extract

    root = work / "crawl"
    shutil.rmtree(root, ignore_errors=True)
    (root / "sources").mkdir(parents=True)
    writer = ArchiveWriter(root / "archive", "bench.warc.gz", {"software": "policykb bench"})
    pages = []
    for path in sorted(corpus.glob("*.md")):
        entry = load_entry(sources / f"{path.stem}.yaml")
        if entry.status != "active":
            continue  # the crawler fetches active entries only
        if len(pages) == count:
            break
        shutil.copy(sources / f"{path.stem}.yaml", root / "sources")
        html = chrome_page(
            entry.title, markdown_to_html(path.read_text(encoding="utf-8")), path.stem
        )
        body = html.encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        writer.write(url=entry.url, method="GET", request_headers=[("User-Agent", "bench")],
                     status=200, response_headers=headers, body=body)  # fmt: skip
        pages.append(body)
    writer.close()

    start = time.process_time()
    for body in pages:
        extract(body, content_type="text/html; charset=utf-8")
    extract_cpu = time.process_time() - start

    command = [
        PYTHON, "-m", "policykb", "crawl", "--replay", str(writer.path),
        "--sources-dir", str(root / "sources"), "--corpus-dir", str(root / "corpus"),
        "--archive-dir", str(root / "new-archive"), "--report", str(root / "report.json"),
    ]  # fmt: skip
    replay = run_measured(command, work / "crawl.log")
    written = len(list((root / "corpus").glob("*.md")))
    return {
        "documents": len(pages),
        "written": written,
        "replay_wall_s": round(replay["wall_s"], 2),
        "replay_docs_per_s": round(len(pages) / replay["wall_s"], 1),
        "replay_docs_per_cpu_s": round(len(pages) / replay["cpu_s"], 1),
        "extract_docs_per_cpu_s": round(len(pages) / extract_cpu, 1),
        "ratio": ratio(len(pages) / replay["cpu_s"], len(pages) / extract_cpu),
    }


# --- tagging -------------------------------------------------------------------------


def bench_tag(docs: int = 100, rounds: int = 3) -> dict:
    import pickle

    from bench_tagger import best_rate, synthetic_corpus

    from policykb.analysis.blocks import split_blocks
    from policykb.analysis.tagger import default_taxonomy, tag_markdown

    taxonomy = default_taxonomy()
    texts = synthetic_corpus(docs)
    paragraphs = sum(len(split_blocks(t)) for t in texts) / len(texts)
    cached = {t: pickle.dumps(tag_markdown(t, taxonomy=taxonomy)) for t in texts}
    cold = best_rate(texts, lambda t: tag_markdown(t, taxonomy=taxonomy), rounds)
    warm = best_rate(texts, lambda t: pickle.loads(cached[t]), rounds)
    return {
        "documents": docs,
        "paragraphs_per_doc": round(paragraphs, 1),
        "cold_paragraphs_per_s": round(cold * paragraphs),
        "cached_paragraphs_per_s": round(warm * paragraphs),
        "note": "one core, CPU time, best of rounds (bench/bench_tagger.py)",
    }


# --- the table -----------------------------------------------------------------------


def fmt_s(d: dict | None, field: str = "wall_s") -> str:
    return f"{d[field]:.1f} s" if d and d.get(field) is not None else "—"


def fmt_x(value: float | None) -> str:
    return f"{value:.2f}×" if value is not None else "—"


def fmt_kb(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.2f} MB"


def fmt_mb(value: float | None) -> str:
    return f"{value:.0f} MB" if value else "—"


def table(results: dict) -> str:
    meta = results.get("meta", {})
    rows = [("figure", "ours", "plain Sphinx", "ratio")]
    full, noop, inc = (
        results.get("full", {}),
        results.get("noop", {}),
        results.get("incremental", {}),
    )
    if full:
        rows.append(
            (
                "cold build incl. search, wall",
                fmt_s(full["ours"]["total"]),
                fmt_s(full["plain"]),
                fmt_x(full.get("ratio_wall")),
            )
        )
        rows.append(
            (
                "cold build incl. search, CPU",
                fmt_s(full["ours"]["total"], "cpu_s"),
                fmt_s(full["plain"], "cpu_s"),
                fmt_x(full.get("ratio_cpu")),
            )
        )
        rows.append(
            (
                "cold build, Sphinx part, CPU",
                fmt_s(full["ours"]["sphinx"], "cpu_s"),
                fmt_s(full["plain"], "cpu_s"),
                fmt_x(full.get("ratio_sphinx_cpu")),
            )
        )
        pf = full.get("pagefind", {})
        rows.append(
            (
                "Pagefind indexing (ours / over the plain site)",
                fmt_s(pf.get("ours")),
                fmt_s(pf.get("plain")),
                fmt_x(pf.get("ratio")),
            )
        )
    if noop:
        rows.append(
            (
                "no-op rebuild (`make html`)",
                fmt_s(noop["ours"]["total"]),
                fmt_s(noop["plain"]),
                fmt_x(noop.get("ratio")),
            )
        )
    for change, label in (("text", "one document's text"), ("title", "one registry title")):
        if change in inc:
            rows.append(
                (
                    f"rebuild after {label} changed",
                    fmt_s(inc[change]["ours"]["total"]),
                    fmt_s(inc[change]["plain"]),
                    fmt_x(inc[change].get("ratio")),
                )
            )
    memory = results.get("memory", {})
    if memory:
        o, p = memory["ours"], memory["plain"]
        rows.append(
            (
                "peak memory: cold / no-op / Pagefind",
                f"{fmt_mb(o['cold_mb'])} / {fmt_mb(o['noop_mb'])} / {fmt_mb(o['pagefind_mb'])}",
                f"{fmt_mb(p['cold_mb'])} / {fmt_mb(p['noop_mb'])} / {fmt_mb(p['pagefind_mb'])}",
                "",
            )
        )
    library = results.get("library", {})
    if library:
        rows.append(
            (
                "`library.html` (its JSON index, gzipped)",
                f"{fmt_kb(library['library_html_bytes'])} ({fmt_kb(library.get('index_gzip_bytes'))})",
                "",
                "",
            )
        )
        rows.append(("HTML per policy page", fmt_kb(library["policy_page_bytes_avg"]), "", ""))
        rows.append(("whole site", fmt_kb(library["site_bytes"]), "", ""))
    search = results.get("search", {})
    if "ours" in search:
        o, p = search["ours"], search.get("plain", {})

        def cost(d: dict) -> str:
            if "bytes_beyond_page" not in d:
                return "—"
            at_least = "" if d.get("settled", True) else "≥ "  # still fetching when counted
            return f"{at_least}{fmt_kb(d['bytes_beyond_page'])}, {d['requests_beyond_page']:.0f}"

        def when(d: dict) -> str:
            if "first_result_ms" not in d:
                return "—"
            after = d.get("first_result_after_dom_ms")
            after = f" ({max(after, 0):.0f} ms)" if after is not None else ""
            return f"{d['first_result_ms']:.0f} ms{after}"

        rows.append(
            (
                f"one search (`?q={search['query']}`): bytes and requests beyond the page",
                cost(o),
                cost(p),
                fmt_x(search.get("ratio_bytes")),
            )
        )
        rows.append(
            (
                "first result, from navigation (after DOMContentLoaded)",
                when(o),
                when(p),
                fmt_x(ratio(o.get("first_result_ms"), p.get("first_result_ms"))),
            )
        )
    for key in ("search", "crawl", "tag"):
        if "error" in results.get(key, {}):
            rows.append((f"`{key}` failed", results[key]["error"][:80], "", ""))
    crawl = results.get("crawl", {})
    if crawl and "error" not in crawl:
        rows.append(
            (
                "crawl replay / extraction alone, docs per CPU s",
                f"{crawl['replay_docs_per_cpu_s']} / {crawl['extract_docs_per_cpu_s']}",
                "",
                fmt_x(crawl.get("ratio")),
            )
        )
    tag = results.get("tag", {})
    if tag and "error" not in tag:
        rows.append(("tagging, paragraphs/s on one core: cold / cached",
                     f"{tag['cold_paragraphs_per_s']:,} / {tag['cached_paragraphs_per_s']:,}", "", ""))  # fmt: skip
    lines = [f"| {' | '.join(r)} |" for r in rows]
    lines.insert(1, "|---|---|---|---|")
    head = (
        f"`make bench N={meta.get('n')}` ({meta.get('runs')} runs, medians; "
        f"{meta.get('date', '')[:10]}, {meta.get('cpus')} cores):"
    )
    return head + "\n\n" + "\n".join(lines) + "\n"


def update_readme(results: dict) -> None:
    """Replace the table between the README's bench markers, if they are there."""
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        readme.write_text(f"{before}{start}\n{table(results)}{end}{after}", encoding="utf-8")


# --- main ----------------------------------------------------------------------------


def measured_or_error(measure, *args) -> dict:
    """One measurement; its failure is recorded, so the builds measured before are kept."""
    try:
        return measure(*args)
    except Exception as error:  # noqa: BLE001 - reported in the results, not hidden
        print(f"  {measure.__name__} failed: {error}", file=sys.stderr, flush=True)
        return {"error": f"{type(error).__name__}: {str(error)[:500]}"}


def run_scripts() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n== {script.stem} ==", flush=True)
        failures += subprocess.run([PYTHON, str(script)], cwd=HERE).returncode != 0
    return 1 if failures else 0


def git_commit() -> str | None:
    with contextlib.suppress(Exception):
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("N", 1000)), help="documents")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", 3)))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", nargs="*", choices=KEYS, help="measure only these keys")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--crawl-docs", type=int, default=200, help="documents to replay")
    parser.add_argument("--table", nargs="?", const=RESULTS, type=Path, metavar="FILE")
    parser.add_argument("--readme", action="store_true", help="also write the table into README.md")
    parser.add_argument(
        "--ours-only", action="store_true", help="with --only library/search: no plain site"
    )
    parser.add_argument(
        "--merge", action="store_true", help="keep the other keys of an existing --out file"
    )
    parser.add_argument("--scripts", action="store_true", help="run bench/bench_*.py instead")
    args = parser.parse_args(argv)

    if args.scripts:
        return run_scripts()
    if args.table is not None:
        results = json.loads(args.table.read_text(encoding="utf-8"))
        print(table(results), end="")
        if args.readme:
            update_readme(results)
        return 0

    wanted = set(args.only or KEYS)
    work = args.work / f"n{args.n}"
    work.mkdir(parents=True, exist_ok=True)
    for log in ("ours.log", "plain.log", "crawl.log"):
        (work / log).unlink(missing_ok=True)
    results: dict = {
        "meta": {
            "n": args.n,
            "runs": args.runs,
            "seed": args.seed,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        }  # fmt: skip
    }
    started = time.perf_counter()
    sources, corpus = corpus_for(args.n, args.seed)
    results["meta"]["documents"] = len(list(corpus.glob("*.md")))
    timed = wanted & {"baseline", "full", "noop", "incremental", "memory"}
    builds: dict = {}
    if timed:
        print(f"building both sites, {args.runs} round(s), N={args.n} …", flush=True)
        builds = bench_builds(work, sources, corpus, args.runs)
        for key, value in build_keys(builds["medians"]).items():
            if key in wanted:
                results[key] = value
    elif wanted & {"search", "library"}:
        print(f"building our site once (and the plain one for search), N={args.n} …", flush=True)
        builds = bench_once(
            work, sources, corpus, plain_too="search" in wanted and not args.ours_only
        )
    if "library" in wanted:
        results["library"] = bench_library(builds["ours_out"])
    if "search" in wanted:
        print("measuring one search in Chromium …", flush=True)
        results["search"] = measured_or_error(
            bench_search, builds["ours_out"], builds["plain_out"], args.runs
        )
    if "crawl" in wanted:
        print("replaying WARC captures …", flush=True)
        results["crawl"] = measured_or_error(
            bench_crawl, sources, corpus, work, min(args.crawl_docs, args.n)
        )
    if "tag" in wanted:
        print("timing the tagger …", flush=True)
        results["tag"] = measured_or_error(bench_tag)
    results["meta"]["bench_s"] = round(time.perf_counter() - started)
    if args.merge and args.out.is_file():
        previous = json.loads(args.out.read_text(encoding="utf-8"))
        results = {**previous, **results, "meta": {**previous.get("meta", {}), **results["meta"]}}
        results["meta"]["merged_keys"] = sorted(wanted)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}\n")
    print(table(results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
