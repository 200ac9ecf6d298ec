"""A local site built from the real documents in `../shared/data/realdocs/`.

    python tools/realdocs_site.py [OUT]            # default: _build/realdocs

Writes a registry entry and a corpus document for each real document under `OUT/sources`
and `OUT/corpus`, as the crawler would have written them (headings and blocks read by the
site's splitter, escaped Markdown, topics, tips and NLRB flags from `annotate_document`),
then builds the site into `OUT/html` with `make html`'s two commands. Nothing of it is
committed: `_build/` is ignored, and the texts are not ours to publish.

It is for looking at the pages that real text produces (topic and tip excerpts, policy
pages) and for `tools/golden.py`, which compares two such builds page by page.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml
from pydantic import ValidationError

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_rebuild import site_commands  # noqa: E402
from policykb.analysis.annotate import annotate_document  # noqa: E402
from policykb.analysis.blocks import Block, read_blocks  # noqa: E402
from policykb.content.corpus import dump_corpus_document  # noqa: E402
from policykb.content.models import (  # noqa: E402
    DOC_TYPES,
    ArchiveRef,
    CorpusFrontMatter,
    RegistryEntry,
    Version,
)
from policykb.content.taxonomy import load_taxonomy  # noqa: E402
from policykb.evaluation.labelled import SHARED_DATA, read_real_document  # noqa: E402
from policykb.ingest.extract import to_markdown  # noqa: E402

RETRIEVED = datetime(2026, 11, 1, tzinfo=UTC)  # fixed, so two builds compare equal


def doc_id(file_name: str) -> str:
    """`07_gitlab-team-member-policy.md` → `gitlab-team-member-policy`."""
    stem = file_name.split(".", 1)[0]
    return stem.split("_", 1)[-1].lower().replace("_", "-")


def entry_for(row: dict[str, str]) -> RegistryEntry:
    country = row["country"].upper()
    doc_type = row["doc_type"] if row["doc_type"] in DOC_TYPES else "guidelines"
    return RegistryEntry(
        id=doc_id(row["file"]),
        title=f"Social media {doc_type.replace('-', ' ')}",
        organization=row["organization"],
        sector=row["sector"],
        country="international" if country in {"INT", "EU", ""} else country,
        language=row["language"],
        doc_type=doc_type,
        url=(row["original_url"].split() or [""])[0],  # some carry a note after the URL
    )


def corpus_body(path: Path) -> str:
    """The real document as the crawler stores a page: its headings and blocks, in order,
    as escaped Markdown."""
    blocks = read_blocks(read_real_document(path))
    return to_markdown(Block(b.text, 0, b.kind, b.level) for b in blocks)


def write_corpus(shared: Path, out: Path) -> tuple[Path, Path, int]:
    taxonomy = load_taxonomy()
    sources, corpus = out / "sources", out / "corpus"
    for folder in (sources, corpus):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    realdocs = shared / "realdocs"
    count = 0
    with (realdocs / "INDEX.tsv").open(encoding="utf-8", newline="") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            path = realdocs / row["file"]
            if not path.is_file():
                continue
            try:
                entry = entry_for(row)
            except ValidationError as error:
                print(f"realdocs_site: {row['file']}: skipped: {error}", file=sys.stderr)
                continue
            body = corpus_body(path)
            if not body.strip():
                continue
            data = {"id": entry.id, **entry.model_dump(mode="json", exclude_none=True)}
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
            (sources / f"{entry.id}.yaml").write_text(text, encoding="utf-8")
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            front = CorpusFrontMatter(
                **entry.model_dump(exclude_none=True, exclude={"topics"}),
                final_url=entry.url,
                retrieved=RETRIEVED,
                archive=ArchiveRef(file="realdocs.warc.gz", record_id=f"<urn:{entry.id}>"),
                detected_language=entry.language,
                versions=[Version(retrieved=RETRIEVED, content_sha256=digest)],
                content_sha256=digest,
                word_count=len(body.split()),
                **annotate_document(body, entry, taxonomy),
            )
            (corpus / f"{entry.id}.md").write_text(
                dump_corpus_document(front, body), encoding="utf-8"
            )
            count += 1
    return sources, corpus, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=REPO / "_build" / "realdocs")
    parser.add_argument("--shared", type=Path, default=SHARED_DATA)
    parser.add_argument("--no-build", action="store_true", help="write the corpus only")
    args = parser.parse_args(argv)
    if not (args.shared / "realdocs" / "INDEX.tsv").is_file():
        print(f"realdocs_site: {args.shared / 'realdocs'} not found", file=sys.stderr)
        return 2
    out = args.out.resolve()
    sources, corpus, count = write_corpus(args.shared, out)
    print(f"{count} real documents written to {corpus}")
    if args.no_build:
        return 0
    for command in site_commands(sources, corpus, out / "html", out / "doctrees"):
        subprocess.run(command, cwd=REPO, check=True)
    print(f"Site built: {out / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
