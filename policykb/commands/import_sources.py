"""Create registry entries from a sources table (TSV with url, organization, sector, …)."""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from pathlib import Path

import yaml

from policykb.errors import UserError
from policykb.models import RegistryEntry
from policykb.registry import DEFAULT_SOURCES_DIR
from policykb.storage import write_atomic

HELP = "import registry entries from a sources TSV (facts only; existing files are kept)"

# The sources table uses a coarser vocabulary than our taxonomy; map what carries over.
TOPIC_MAP = {
    "approval-process": ["approval-process"],
    "confidentiality": ["confidentiality"],
    "copyright-ip": ["copyright-ip"],
    "crisis-response": ["crisis-response"],
    "discipline": ["monitoring-enforcement"],
    "monitoring": ["monitoring-enforcement"],
    "disclaimer-personal-views": ["identify-yourself-disclaimer"],
    "disclosure-identify-yourself": ["identify-yourself-disclaimer"],
    "endorsements-ftc": ["endorsements-disclosure"],
    "harassment-respect": ["harassment-respect"],
    "nlra-protected-activity": ["employee-rights-nlra"],
    "official-accounts": ["official-accounts"],
    "personal-use": ["personal-use"],
    "privacy-photos": ["photos-geotagging"],
    "public-comments-moderation": ["public-comments-moderation"],
    "records-retention": ["records-retention"],
    "regulated-data": ["external-regulations"],
    "review-cadence": ["review-cadence"],
    "security-passwords": ["security"],
    "training-education": ["training-education"],
    "brand-voice": ["speaking-for-the-organization"],
}
REQUIRED_COLUMNS = ("url", "organization", "sector", "country", "language", "doc_type", "title")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tsv", type=Path, help="the sources table, e.g. ../shared/data/sources.tsv")
    parser.add_argument("--sources-dir", type=Path, default=DEFAULT_SOURCES_DIR)


def slugify(text: str, max_words: int = 8) -> str:
    text = re.sub(r"\([^)]*\)", " ", text)  # drop parentheticals such as "(Sweden site)"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


def make_id(organization: str, title: str, taken: set[str]) -> str:
    org = slugify(organization, 5) or "org"
    title_words = [w for w in slugify(title, 12).split("-") if w and w not in org.split("-")]
    words = org.split("-")
    for word in title_words:
        if len(words) >= 9 or len("-".join([*words, word])) > 60:
            break
        words.append(word)
    base = "-".join(words)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def entry_from_row(row: dict[str, str], entry_id: str) -> RegistryEntry:
    country = row["country"].strip()
    topics: list[str] = []
    for raw in filter(None, (t.strip() for t in row.get("topics", "").split(";"))):
        for topic in TOPIC_MAP.get(raw, []):
            if topic not in topics:
                topics.append(topic)
    return RegistryEntry(
        id=entry_id,
        title=row["title"].strip(),
        organization=row["organization"].strip(),
        sector=row["sector"].strip(),
        country="international" if country.upper() == "INT" else country.upper(),
        language=row["language"].strip(),
        doc_type=row["doc_type"].strip(),
        url=row["url"].strip(),
        topics=sorted(topics),
    )


def run(args: argparse.Namespace) -> int:
    try:
        with args.tsv.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise UserError(f"cannot read {args.tsv}: {exc.strerror}") from None
    missing = [c for c in REQUIRED_COLUMNS if rows and c not in rows[0]]
    if not rows or missing:
        raise UserError(f"{args.tsv}: expected columns {', '.join(REQUIRED_COLUMNS)}")
    args.sources_dir.mkdir(parents=True, exist_ok=True)
    existing = {p.stem: p for p in args.sources_dir.glob("*.yaml")}
    known_urls = {}
    for path in existing.values():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        known_urls[data.get("url")] = path.stem
    taken = set(existing)
    written = 0
    for row in rows:
        if row["url"].strip() in known_urls:
            continue
        entry = entry_from_row(row, make_id(row["organization"], row["title"], taken))
        data = entry.model_dump(exclude_defaults=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        write_atomic(args.sources_dir / f"{entry.id}.yaml", text)
        written += 1
    print(
        f"{written} new entries written to {args.sources_dir} ({len(rows) - written} already present)"
    )
    return 0
