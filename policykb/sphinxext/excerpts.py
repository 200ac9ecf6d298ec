"""Choose excerpts: for a topic, the one paragraph per policy that shows it best."""

from __future__ import annotations

from dataclasses import dataclass

from policykb.sphinxext.data import SiteData

IDEAL_LENGTH = 420
MAX_LENGTH = 700


@dataclass(frozen=True)
class Excerpt:
    doc_id: str
    paragraph: int
    text: str


def best_excerpt(data: SiteData, doc_id: str, topic: str) -> Excerpt | None:
    tags = data.tags(doc_id)
    if tags is None:
        return None
    candidates = [p for p in tags.paragraphs if topic in p.topics]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (abs(len(p.text) - IDEAL_LENGTH), p.index))
    return Excerpt(doc_id, best.index, shorten(best.text))


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def diverse_order(data: SiteData, doc_ids: list[str]) -> list[str]:
    """Interleave sectors so the first excerpts come from different kinds of organisation."""
    by_sector: dict[str, list[str]] = {}
    for doc_id in doc_ids:
        by_sector.setdefault(data.entries[doc_id].sector, []).append(doc_id)
    ordered: list[str] = []
    queues = [by_sector[s] for s in sorted(by_sector)]
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered
