"""Small HTML builders shared by the extension's pages. Every value passes `esc`."""

from __future__ import annotations

from html import escape

from policykb.content.models import RegistryEntry
from policykb.content.taxonomy import Taxonomy, Tip

SECTOR_LABELS = {
    "company": "Company",
    "government": "Government",
    "education": "Education",
    "healthcare": "Healthcare",
    "military": "Military",
    "media": "News media",
    "nonprofit": "Nonprofit",
    "legal-guidance": "Legal guidance",
    "template": "Template",
}
DOC_TYPE_LABELS = {
    "policy": "Policy",
    "guidelines": "Guidelines",
    "handbook-page": "Handbook page",
    "legal-memo": "Legal memo",
    "legal-decision": "Legal decision",
    "template": "Template",
}
AUDIENCE_LABELS = {"work": "Work use", "personal": "Personal use", "both": "Work and personal use"}
LANGUAGE_LABELS = {
    "en": "English",
    "nl": "Dutch",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "ja": "Japanese",
    "pt": "Portuguese",
    "sv": "Swedish",
}


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def tip_docname(tip: Tip) -> str:
    return f"tips/{tip.number:02d}-{tip.slug}"


def country_label(code: str) -> str:
    return "International" if code == "international" else code


def language_label(code: str) -> str:
    return LANGUAGE_LABELS.get(code.split("-")[0], code)


def policy_href(prefix: str, doc_id: str) -> str:
    return f"{prefix}policies/{esc(doc_id)}.html"


def entry_meta(entry: RegistryEntry) -> str:
    """A one-line description: sector · country · language · document type."""
    parts = [
        SECTOR_LABELS[entry.sector],
        country_label(entry.country),
        language_label(entry.language),
        DOC_TYPE_LABELS[entry.doc_type],
    ]
    return " · ".join(esc(p) for p in parts)


def topic_links(prefix: str, taxonomy: Taxonomy, topic_ids: list[str]) -> str:
    links = [
        f'<li><a class="pkb-chip" href="{prefix}topics/{esc(t)}.html">'
        f"{esc(taxonomy.topic_by_id[t].label)}</a></li>"
        for t in topic_ids
        if t in taxonomy.topic_by_id
    ]
    return f'<ul class="pkb-chips">{"".join(links)}</ul>' if links else ""


def tip_links(prefix: str, taxonomy: Taxonomy, numbers: list[int]) -> str:
    links = [
        f'<li><a class="pkb-chip pkb-chip-tip" href="{prefix}{tip_docname(taxonomy.tip_by_number[n])}.html">'
        f"Tip {n}: {esc(taxonomy.tip_by_number[n].title)}</a></li>"
        for n in numbers
    ]
    return f'<ul class="pkb-chips">{"".join(links)}</ul>' if links else ""
