"""Generate a synthetic registry and corpus of fictional policies, for benchmarks.

Every organisation and sentence here is made up from the word lists below.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime
from pathlib import Path

import yaml

SECTORS = ["company", "government", "education", "healthcare", "nonprofit", "media", "military"]
PLACES = ["Ashford", "Brookvale", "Cedarport", "Dunmore", "Elmsworth", "Fairhaven", "Glenrock"]
KINDS = ["Council", "University", "Health Trust", "Bank", "Museum", "Press", "Guard"]
SENTENCES = [
    "The communications team is responsible for every official account and answers questions about this policy.",
    "Staff must not share confidential information, such as unreleased results or customer records.",
    "We may remove comments from the public that contain abuse, advertising or personal details.",
    "Employees who post about our work on personal accounts should say that the views are their own.",
    "Use a strong password and turn on two-factor authentication for every account we run.",
    "Training on safe and effective use of social media is offered to all new staff every quarter.",
    "Nothing in this policy limits the right of employees to discuss their pay and working conditions.",
    "Ask for consent before posting photographs of patients, pupils or members of the public.",
    "This policy is reviewed every year; it was last reviewed in the spring.",
    "Posts on official accounts are public records and are kept according to the retention schedule.",
]


def make_corpus(root: Path, count: int, seed: int = 7) -> tuple[Path, Path]:
    """Write `count` registry entries and corpus documents under `root`; return both dirs."""
    rng = random.Random(seed)
    sources, corpus = root / "sources", root / "corpus"
    sources.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        doc_id = f"synthetic-{n:05d}"
        organization = f"{rng.choice(PLACES)} {rng.choice(KINDS)} {n}"
        entry = {
            "id": doc_id,
            "title": "Social Media Policy",
            "organization": organization,
            "sector": rng.choice(SECTORS),
            "country": rng.choice(["GB", "US", "NL", "AU"]),
            "language": "en",
            "doc_type": "policy",
            "url": f"https://example.org/{doc_id}",
        }
        (sources / f"{doc_id}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False))
        sections = []
        for s in range(8):
            paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(5)]
            sections.append(f"# Section {s + 1}\n\n" + "\n\n".join(paragraphs))
        body = "\n\n".join(sections) + "\n"
        digest = hashlib.sha256(body.encode()).hexdigest()
        front = {
            **entry,
            "final_url": entry["url"],
            "retrieved": datetime(2026, 11, 1, tzinfo=UTC).isoformat(),
            "content_sha256": digest,
            "archive": {"file": "synthetic.warc.gz", "record_id": f"<urn:uuid:{n:032x}>"},
            "word_count": len(body.split()),
            "versions": [{"retrieved": "2026-11-01T00:00:00+00:00", "content_sha256": digest}],
        }
        text = "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + body
        (corpus / f"{doc_id}.md").write_text(text)
    return sources, corpus
