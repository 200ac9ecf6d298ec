"""Tag a document's paragraphs with taxonomy topics, and the document with tips.

How a paragraph gets a topic (the patterns live in `content/taxonomy.yaml`):

1. The document's languages are guessed from common function words (`detect_languages`);
   English patterns always apply, other languages' patterns only where that language is
   present, so that a Dutch stem never fires on an English word.
2. A topic is a candidate when any of its `patterns` matches the paragraph.
3. Any of its `exclude` patterns vetoes it. For a list item, `exclude` also looks at the
   item's lead-in (the paragraph just before the list), so "We remove comments that:" /
   "- harass others" is about moderating the public, not about staff conduct.
4. Headings, front matter and blank lines are never paragraphs (see `paragraphs.py`).

All patterns are compiled once per taxonomy, case-insensitively. Each topic's patterns
for one language are also joined into one alternation, so a paragraph costs one search
per topic and language; the individual patterns run only to explain a hit.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from policykb.paragraphs import Block, load_text, split_blocks
from policykb.taxonomy import Taxonomy, load_taxonomy

REPO_ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = REPO_ROOT / "content" / "taxonomy.yaml"
BASE_LANGUAGE = "en"
FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class PatternMatch:
    """Why a topic (or rule) fired: the pattern, its language and the text it matched."""

    language: str
    pattern: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"language": self.language, "pattern": self.pattern, "text": self.text}


@dataclass(frozen=True)
class TaggedParagraph:
    index: int
    text: str
    topics: list[str]
    matches: dict[str, list[PatternMatch]]
    line: int = 0
    kind: str = "paragraph"
    context: str = ""  # the lead-in paragraph of a list item, else ""

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "text": self.text,
            "topics": list(self.topics),
            "matches": {t: [m.to_json() for m in ms] for t, ms in self.matches.items()},
        }


@dataclass(frozen=True)
class TagResult:
    topics: list[str]
    tips: list[int]
    paragraphs: list[TaggedParagraph]
    languages: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "topics": list(self.topics),
            "tips": list(self.tips),
            "paragraphs": [p.to_json() for p in self.paragraphs],
        }


# --- compiled patterns ---------------------------------------------------------------


@dataclass(frozen=True)
class CompiledPatterns:
    """One language's patterns for one topic or rule: joined for speed, single to explain.

    `literals` (lowercase) is a cheap pre-filter: any text the patterns can match
    contains at least one of them. None means "no usable pre-filter; always search".
    """

    language: str
    combined: re.Pattern[str] | _AnyOf
    single: tuple[tuple[str, re.Pattern[str]], ...]
    literals: tuple[str, ...] | None

    def possible(self, lowered: str) -> bool:
        return self.literals is None or any(lit in lowered for lit in self.literals)

    def search(self, text: str) -> bool:
        return self.combined.search(text) is not None

    def explain(self, text: str) -> list[PatternMatch]:
        found = []
        for source, regex in self.single:
            m = regex.search(text)
            if m:
                found.append(PatternMatch(self.language, source, m.group(0).strip()))
        return found


class _AnyOf:
    """Stands in for a joined regex when the patterns cannot be joined."""

    def __init__(self, single: tuple[tuple[str, re.Pattern[str]], ...]):
        self.single = single

    def search(self, text: str) -> re.Match[str] | None:
        for _, regex in self.single:
            m = regex.search(text)
            if m:
                return m
        return None


def compile_patterns(by_language: dict[str, list[str]]) -> dict[str, CompiledPatterns]:
    """Compile each language's patterns (case-insensitive) with a literal pre-filter."""
    compiled = {}
    for language, patterns in by_language.items():
        if not patterns:
            continue
        single = tuple((p, re.compile(p, FLAGS)) for p in patterns)
        try:
            combined = re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)
        except re.error:  # e.g. numbered back-references cannot be joined
            combined = _AnyOf(single)
        compiled[language] = CompiledPatterns(language, combined, single, _literals(patterns))
    return compiled


def _literals(patterns: Sequence[str]) -> tuple[str, ...] | None:
    cover: set[str] = set()
    for pattern in patterns:
        try:
            found = _cover(_parser.parse(pattern, FLAGS).data)
        except Exception:  # noqa: BLE001 - a pattern we cannot analyse is never filtered
            return None
        if not found or min(map(len, found)) < 2:
            return None
        cover |= found
    return tuple(sorted(cover))


def _better(new: frozenset[str] | None, old: frozenset[str] | None) -> bool:
    if not new:
        return False
    if old is None:
        return True
    return (min(map(len, new)), -len(new)) > (min(map(len, old)), -len(old))


def _cover(items) -> frozenset[str] | None:
    """Lowercase literals such that every match of the parsed sequence contains one."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in list(items) + [(None, None)]:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            candidate = frozenset(["".join(run)])
            best = candidate if _better(candidate, best) else best
            run = []
        candidate = None
        if op is _c.SUBPATTERN:
            candidate = _cover(av[3])
        elif op is _c.BRANCH:
            branches = [_cover(branch) for branch in av[1]]
            if all(branches):
                candidate = frozenset().union(*branches)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            candidate = _cover(av[2])
        elif op is _c.ASSERT and av[0] == 1:  # a lookahead must match too
            candidate = _cover(av[1])
        best = candidate if _better(candidate, best) else best
    return best


@dataclass(frozen=True)
class CompiledTopic:
    id: str
    tips: tuple[int, ...]
    include: dict[str, CompiledPatterns]
    exclude: dict[str, CompiledPatterns]


@dataclass(frozen=True)
class CompiledTaxonomy:
    taxonomy: Taxonomy
    topics: tuple[CompiledTopic, ...]
    languages: frozenset[str]


def compile_taxonomy(taxonomy: Taxonomy) -> CompiledTaxonomy:
    topics = tuple(
        CompiledTopic(
            id=t.id,
            tips=tuple(t.tips),
            include=compile_patterns(t.patterns),
            exclude=compile_patterns(t.exclude),
        )
        for t in taxonomy.topics
    )
    languages = frozenset(lang for t in taxonomy.topics for lang in t.patterns)
    return CompiledTaxonomy(taxonomy, topics, languages)


@lru_cache(maxsize=4)
def _compiled_from_path(path: Path, mtime_ns: int) -> CompiledTaxonomy:
    return compile_taxonomy(load_taxonomy(path))


def default_taxonomy(path: Path = TAXONOMY_PATH) -> CompiledTaxonomy:
    """The project's taxonomy, compiled once (reloaded when the file changes)."""
    return _compiled_from_path(path, path.stat().st_mtime_ns)


_COMPILED_BY_ID: dict[int, CompiledTaxonomy] = {}


def _compiled(taxonomy: Taxonomy | CompiledTaxonomy | None) -> CompiledTaxonomy:
    if taxonomy is None:
        return default_taxonomy()
    if isinstance(taxonomy, CompiledTaxonomy):
        return taxonomy
    cached = _COMPILED_BY_ID.get(id(taxonomy))
    if cached is None or cached.taxonomy is not taxonomy:
        cached = compile_taxonomy(taxonomy)
        _COMPILED_BY_ID[id(taxonomy)] = cached
    return cached


# --- languages -----------------------------------------------------------------------

# Short, frequent function words that tell these languages apart in a few sentences.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to is are you your for with that this be not on or"),
    "nl": _words("de het een en van is zijn je uw niet op voor met dat die wij"),
    "de": _words("der die das und ist sind nicht mit für auf ein eine zu wir ihr sie"),
    "fr": _words("le la les et est sont des du une vous pour avec pas sur nous ne"),
    "es": _words("el la los las y es son del una para con por que no se su"),
    "it": _words("il lo la gli le e è sono del della una per con non che si di"),
}
_WORD_RE = re.compile(r"[^\W\d_]+")


def detect_languages(text: str, candidates: Iterable[str] = STOPWORDS) -> list[str]:
    """Languages with a real share of the text's function words, most frequent first."""
    words = Counter(_WORD_RE.findall(text[:200_000].lower()))
    counts = {lang: sum(words[w] for w in STOPWORDS[lang]) for lang in candidates}
    best = max(counts.values(), default=0)
    if best < 3:
        return []
    return sorted(
        (lang for lang, n in counts.items() if n >= 3 and n >= 0.25 * best),
        key=lambda lang: (-counts[lang], lang),
    )


def active_languages(text: str, compiled: CompiledTaxonomy, language: str | None) -> list[str]:
    """Which languages' patterns to run: English always, plus the given or detected ones."""
    found = [language.split("-")[0].lower()] if language else detect_languages(text)
    return [BASE_LANGUAGE] + [lang for lang in found if lang != BASE_LANGUAGE]


# --- tagging -------------------------------------------------------------------------


def tag_blocks(
    blocks: Sequence[Block],
    *,
    curator_topics: Iterable[str] = (),
    taxonomy: Taxonomy | CompiledTaxonomy | None = None,
    language: str | None = None,
) -> TagResult:
    """Tag already split blocks (see `tag_markdown`)."""
    compiled = _compiled(taxonomy)
    whole = "\n".join(b.text for b in blocks)
    languages = active_languages(whole, compiled, language)
    lowered = whole.lower()
    candidates = [
        (topic, pats)
        for topic in compiled.topics
        if (
            pats := [
                p for lang in languages if (p := topic.include.get(lang)) and p.possible(lowered)
            ]
        )
    ]
    contexts = lead_ins(blocks)
    paragraphs = [
        tag_paragraph(i, block, contexts[i], candidates, languages)
        for i, block in enumerate(blocks)
    ]
    found = {t for p in paragraphs for t in p.topics}
    known = compiled.taxonomy.topic_by_id
    found.update(t for t in curator_topics if t in known)
    topics = [t.id for t in compiled.topics if t.id in found]
    return TagResult(
        topics=topics,
        tips=compiled.taxonomy.tips_for_topics(topics),
        paragraphs=paragraphs,
        languages=languages,
    )


def tag_markdown(
    text: str,
    *,
    curator_topics: Iterable[str] = (),
    taxonomy: Taxonomy | CompiledTaxonomy | None = None,
    language: str | None = None,
) -> TagResult:
    """Tag every paragraph and list item of a Markdown text; document topics and tips."""
    return tag_blocks(
        split_blocks(text), curator_topics=curator_topics, taxonomy=taxonomy, language=language
    )


def tag_file(
    path: Path | str,
    *,
    curator_topics: Iterable[str] = (),
    taxonomy: Taxonomy | CompiledTaxonomy | None = None,
    language: str | None = None,
) -> TagResult:
    """Tag a `.md`/`.txt`/`.html`/`.pdf` file (user mistakes raise UserError)."""
    return tag_markdown(
        load_text(path), curator_topics=curator_topics, taxonomy=taxonomy, language=language
    )


def lead_ins(blocks: Sequence[Block]) -> list[str]:
    """For each list item, the paragraph that introduces its list; "" for other blocks."""
    contexts: list[str] = []
    lead = ""
    for block in blocks:
        if block.kind == "item":
            contexts.append(lead)
        else:
            lead = block.text
            contexts.append("")
    return contexts


def tag_paragraph(
    index: int,
    block: Block,
    context: str,
    candidates: Sequence[tuple[CompiledTopic, list[CompiledPatterns]]],
    languages: Sequence[str],
) -> TaggedParagraph:
    """Topics of one block; `candidates` are the topics whose pre-filter passed."""
    text = block.text
    lowered = text.lower()
    topics: list[str] = []
    matches: dict[str, list[PatternMatch]] = {}
    for topic, patterns in candidates:
        hits = [p for p in patterns if p.possible(lowered) and p.search(text)]
        if not hits or _vetoed(topic, text, context, languages):
            continue
        topics.append(topic.id)
        matches[topic.id] = [m for p in hits for m in p.explain(text)]
    return TaggedParagraph(
        index=index,
        text=text,
        topics=topics,
        matches=matches,
        line=block.line,
        kind=block.kind,
        context=context,
    )


def _vetoed(topic: CompiledTopic, text: str, context: str, languages: Sequence[str]) -> bool:
    for lang in languages:
        veto = topic.exclude.get(lang)
        if veto and (veto.search(text) or (context and veto.search(context))):
            return True
    return False
