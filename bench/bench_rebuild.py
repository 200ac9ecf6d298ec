"""Rebuild times and peak memory of `make html` on a given registry and corpus.

    python bench/bench_rebuild.py [N] [--runs R] [--keep DIR]

`measure_rebuilds(sources, corpus, work)` is the function other benches call: it builds the
site the way `make html` does (Sphinx, then the Pagefind step) into `work/` and measures

- `cold`: the first build, into empty folders;
- `noop`: a rebuild with nothing changed;
- `incremental`: a rebuild after one corpus document's text changed;
- `title`: a rebuild after one registry entry's title changed;

each as wall seconds of the Sphinx part (`sphinx`), of the Pagefind step (`search`) and of
both (`total`), their CPU seconds (`sphinx_cpu`, `search_cpu`: steadier on a busy machine)
and the peak resident memory of each part (`sphinx_peak_mb`, `search_peak_mb`: the
largest process of that command's tree, measured by `wait4`).
Rebuilds are repeated `runs` times (medians; each changing run edits the document again).
The registry and corpus folders are edited in place: pass copies.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPHINXOPTS = ["-nW", "--keep-going", "-q"]  # the Makefile's


def site_commands(
    sources: Path, corpus: Path, out: Path, doctrees: Path, repo: Path = REPO
) -> list[list[str]]:
    """`make html`'s two commands, with the registry and corpus folders given."""
    sphinx = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(repo),
        "-D", f"policykb_sources_dir={sources}", "-D", f"policykb_corpus_dir={corpus}",
        "-d", str(doctrees), str(repo / "content"), str(out), *SPHINXOPTS,
    ]  # fmt: skip
    # The Pagefind step: policykb/site/search_index.py since the stage layout (decision 21),
    # policykb/search_index.py in revisions before it.
    module = "policykb.site.search_index"
    if not (repo / "policykb" / "site" / "search_index.py").is_file():
        module = "policykb.search_index"
    search = [sys.executable, "-m", module, str(out)]
    source = repo / Path(*module.split(".")).with_suffix(".py")
    if "--state" in source.read_text(encoding="utf-8"):
        search += ["--state", str(doctrees)]  # skips the index when no page changed
    return [sphinx, search]


def run_measured(command: list[str], cwd: Path = REPO) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB of the largest process of the tree).

    `os.wait4` reports the child's own usage and that of its reaped children."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            output.seek(0)
            text = output.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(command[:4])} failed:\n{text}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def build_once(sources: Path, corpus: Path, work: Path, repo: Path = REPO) -> dict:
    """One `make html` into `work/html` (state in `work/doctrees`): times and peaks."""
    sphinx, search = site_commands(sources, corpus, work / "html", work / "doctrees", repo)
    sphinx_s, sphinx_cpu, sphinx_mb = run_measured(sphinx, repo)
    search_s, search_cpu, search_mb = run_measured(search, repo)
    return {
        "sphinx": sphinx_s,
        "search": search_s,
        "total": sphinx_s + search_s,
        "sphinx_cpu": sphinx_cpu,
        "search_cpu": search_cpu,
        "sphinx_peak_mb": sphinx_mb,
        "search_peak_mb": search_mb,
    }


def _median(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _pick(folder: Path, suffix: str) -> Path:
    files = sorted(folder.glob(f"*{suffix}"))
    return files[len(files) // 2]


def change_text(corpus: Path, run: int) -> Path:
    """Append a sentence to the body of the middle corpus document."""
    path = _pick(corpus, ".md")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nStaff review the accounts they run at least once a month ({run}).\n")
    return path


def change_title(sources: Path, run: int) -> Path:
    """Change the title of the middle registry entry (a line `title: ...`)."""
    path = _pick(sources, ".yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        f"title: Social Media Guidelines {run}" if ln.startswith("title:") else ln for ln in lines
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure_rebuilds(
    sources: Path, corpus: Path, work: Path, runs: int = 3, repo: Path = REPO
) -> dict:
    """Cold build, then `runs` each of no-op, one-text-change and one-title-change rebuilds
    (interleaved); medians. `sources` and `corpus` are edited in place."""
    work.mkdir(parents=True, exist_ok=True)
    for name in ("html", "doctrees"):
        shutil.rmtree(work / name, ignore_errors=True)
    results: dict = {"cold": build_once(sources, corpus, work, repo)}
    series: dict[str, list[dict]] = {"noop": [], "incremental": [], "title": []}
    for run in range(runs):
        series["noop"].append(build_once(sources, corpus, work, repo))
        change_text(corpus, run)
        series["incremental"].append(build_once(sources, corpus, work, repo))
        change_title(sources, run)
        series["title"].append(build_once(sources, corpus, work, repo))
    results.update({name: _median(values) for name, values in series.items()})
    results["peak_mb"] = max(
        max(r["sphinx_peak_mb"], r["search_peak_mb"])
        for r in [results["cold"], *(v for vs in series.values() for v in vs)]
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=200, help="synthetic documents")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here (kept) instead of a temp folder")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to build with")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import make_corpus

    work = args.keep or Path(tempfile.mkdtemp(prefix="policykb-rebuild-"))
    try:
        sources, corpus = make_corpus(work / "data", args.count)
        results = measure_rebuilds(sources, corpus, work, args.runs, args.repo.resolve())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.count} documents, medians of {args.runs} runs (seconds; peak MB)")
    print(f"{'':12} {'sphinx':>8} {'search':>8} {'total':>8} {'cpu s+s':>14} {'peak MB s/s':>12}")
    for name in ("cold", "noop", "incremental", "title"):
        r = results[name]
        cpu = f"{r['sphinx_cpu']:.2f}+{r['search_cpu']:.2f}"
        peak = f"{r['sphinx_peak_mb']:.0f}/{r['search_peak_mb']:.0f}"
        print(
            f"{name:12} {r['sphinx']:8.2f} {r['search']:8.2f} {r['total']:8.2f} {cpu:>14} {peak:>12}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
