"""What the corpus writer adds to a document's front matter from its text: topics, tips
and NLRB flags (the one place they are made, for the crawler, `reextract`, the benchmark's
synthetic corpus and the real-documents site)."""

from __future__ import annotations

from policykb.analysis.checker import nlrb_flags
from policykb.analysis.tagger import tag_markdown
from policykb.content.corpus import primary_language
from policykb.content.models import RegistryEntry
from policykb.content.taxonomy import Taxonomy


def annotate_document(body: str, entry: RegistryEntry, taxonomy: Taxonomy) -> dict:
    """The `topics`, `tips` and `nlrb_flags` of a corpus body (the one place they are made).

    Topics are the tagger's, per paragraph, united with the curator's; tips follow from
    topics; NLRB flags come from the checker."""
    curator_topics = list(entry.topics)
    result = tag_markdown(
        body, curator_topics=curator_topics, taxonomy=taxonomy, language=primary_language(entry)
    )
    topics = list(dict.fromkeys([*result.topics, *curator_topics]))
    flags = nlrb_flags(result, doc_type=entry.doc_type)
    return {"topics": topics, "tips": taxonomy.tips_for_topics(topics), "nlrb_flags": flags}
