"""Create registry entries from a sources table (TSV with url, organization, sector, …)."""

from __future__ import annotations

import argparse
import csv
import io
import re
import unicodedata
from pathlib import Path

import yaml
from pydantic import ValidationError

from policykb.commands import common
from policykb.content.errors import Problem, ProblemError, UserError
from policykb.content.models import RegistryEntry
from policykb.content.registry import load_registry
from policykb.content.storage import read_bytes_limited, write_atomic
from policykb.content.yamlfile import describe_error

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
MAX_TABLE_BYTES = 16 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tsv", type=Path, help="the sources table, e.g. ../shared/data/sources.tsv")
    common.sources_dir(parser)


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
    def value(column: str) -> str:
        return (row.get(column) or "").strip()  # a short row has None in its last columns

    country = value("country")
    topics: list[str] = []
    for raw in filter(None, (t.strip() for t in value("topics").split(";"))):
        for topic in TOPIC_MAP.get(raw, []):
            if topic not in topics:
                topics.append(topic)
    return RegistryEntry(
        id=entry_id,
        title=value("title"),
        organization=value("organization"),
        sector=value("sector"),
        country="international" if country.upper() == "INT" else country.upper(),
        language=value("language"),
        doc_type=value("doc_type"),
        url=value("url"),
        topics=sorted(topics),
    )


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of every row of a UTF-8 TSV; every problem is `path:line: message`."""
    data = read_bytes_limited(path, MAX_TABLE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProblemError([Problem(str(path), line, f"not UTF-8 text ({exc.reason})")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t")
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ProblemError(
            [Problem(str(path), reader.line_num, f"unreadable table: {exc}")]
        ) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if not rows or missing:
        raise UserError(f"{path}: expected columns {', '.join(REQUIRED_COLUMNS)}")
    return rows


def run(args: argparse.Namespace) -> int:
    rows = read_table(args.tsv)
    registry = load_registry(args.sources_dir) if args.sources_dir.is_dir() else None
    if registry is not None and registry.problems:
        raise ProblemError(registry.problems)  # fix the registry first: its URLs are unknown
    entries = registry.entries if registry is not None else {}
    known_urls = {entry.url for entry in entries.values()}
    taken = set(entries) | {p.stem for p in args.sources_dir.glob("*.y*ml")}
    problems: list[Problem] = []
    new: list[RegistryEntry] = []
    for line, row in rows:
        url = (row.get("url") or "").strip()
        if url in known_urls:
            continue
        entry_id = make_id(row.get("organization") or "", row.get("title") or "", taken)
        try:
            entry = entry_from_row(row, entry_id)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                problems.append(Problem(str(args.tsv), line, describe_error(err)[1]))
            continue
        known_urls.add(url)
        new.append(entry)
    if problems:  # nothing is written until the whole table is right
        raise ProblemError(problems)
    args.sources_dir.mkdir(parents=True, exist_ok=True)
    for entry in new:
        data = entry.model_dump(exclude_defaults=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        try:
            write_atomic(args.sources_dir / f"{entry.id}.yaml", text)
        except OSError as exc:
            raise UserError(f"cannot write to {args.sources_dir}: {exc.strerror or exc}") from None
    print(
        f"{len(new)} new entries written to {args.sources_dir} "
        f"({len(rows) - len(new)} already present)"
    )
    return 0
