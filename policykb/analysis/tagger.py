"""Tag a document's paragraphs with taxonomy topics, and the document with tips.

How a paragraph gets a topic (the patterns live in `content/taxonomy.yaml`):

1. The document's languages are guessed from common function words
   (`policykb.analysis.languages.detect_languages`);
   English patterns always apply, other languages' patterns only where that language is
   present, so that a Dutch stem never fires on an English word.
2. A topic is a candidate when any of its `patterns` matches the paragraph.
3. Any of its `exclude` patterns vetoes it. For a list item, `exclude` also looks at the
   item's lead-in (the paragraph just before the list), so "We remove comments that:" /
   "- harass others" is about moderating the public, not about staff conduct.
4. The learned model (`policykb.analysis.model`, trained on our labels of real paragraphs) adds
   the topics it is confident of; its evidence is the words that weighed most. Rules and
   model together are what `python -m policykb.evaluation.crossval` measured best on real text.
5. Headings, front matter and blank lines are never paragraphs (see `paragraphs.py`).

All patterns are compiled once per taxonomy, case-insensitively. Each topic's patterns
for one language are also joined into one alternation, so a paragraph costs one search
per topic and language; the individual patterns run only to explain a hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from policykb.analysis.blocks import Block, split_blocks
from policykb.analysis.languages import detect_languages
from policykb.analysis.model import Model, document_features, load_model, logistic
from policykb.analysis.patterns import CompiledPatterns, PatternMatch, PatternSet, compile_patterns
from policykb.content import paths
from policykb.content.storage import readable_file_mtime
from policykb.content.taxonomy import Taxonomy, load_taxonomy

TAXONOMY_PATH = paths.taxonomy_path()  # at import; default_taxonomy() resolves per call
BASE_LANGUAGE = "en"
MODEL_LANGUAGE = "model"  # the `language` of a match that the learned model explains


@dataclass(frozen=True)
class TaggedParagraph:
    index: int
    text: str
    topics: list[str]
    matches: dict[str, list[PatternMatch]]
    line: int = 0
    kind: str = "paragraph"
    context: str = ""  # the lead-in paragraph of a list item, else ""
    scores: dict[str, float] = field(default_factory=dict, compare=False)
    # For the document model: each topic's margin here, and the topics vetoed here.
    margins: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    vetoed: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def pattern_tagged(self, topic: str) -> bool:
        """Whether a pattern (not only the learned model) tags `topic` here."""
        return any(m.language != MODEL_LANGUAGE for m in self.matches.get(topic, ()))

    def confidence(self, topic: str) -> float:
        """How sure the tagger is of `topic` here, from 0 to 1: the mean of the model's
        score and 1 or 0 for whether a pattern fired. Rule and model agreeing rank first;
        a pattern the model doubts (a word used in passing) ranks below a confident model."""
        score = self.scores.get(topic, 0.0)
        rule = self.pattern_tagged(topic)
        if not self.scores:  # tagged with patterns alone
            return 1.0 if rule else 0.0
        return (score + (1.0 if rule else 0.0)) / 2

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
# Compiling and pre-filtering the patterns: `policykb.analysis.patterns`.

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def match_form(text: str) -> str:
    """The text patterns are matched against: curly quotes made straight (same length)."""
    if "\u2019" in text or "\u2018" in text or "\u201c" in text or "\u201d" in text:
        return text.translate(_QUOTES)
    return text


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
    patterns: PatternSet  # the topics' patterns, in topic order, with their pre-filter

    @cached_property
    def topic_by_id(self) -> dict[str, CompiledTopic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def position(self) -> dict[str, int]:
        """Topic id → its place in the taxonomy (the order topics are listed in)."""
        return {t.id: n for n, t in enumerate(self.topics)}


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
    return CompiledTaxonomy(
        taxonomy=taxonomy,
        topics=topics,
        languages=frozenset(lang for t in taxonomy.topics for lang in t.patterns),
        patterns=PatternSet([t.include for t in topics], [t.exclude for t in topics]),
    )


@lru_cache(maxsize=4)
def _compiled_from_path(path: Path, mtime_ns: int) -> CompiledTaxonomy:
    return compile_taxonomy(load_taxonomy(path))


def default_taxonomy(path: Path | None = None) -> CompiledTaxonomy:
    """The taxonomy at `path` (by default `paths.taxonomy_path()`), compiled once and
    reloaded when the file changes. A file we cannot read raises `FileRefused`."""
    if path is None:
        path = paths.taxonomy_path()
    return _compiled_from_path(path, readable_file_mtime(path))


class _ByContent:
    """A taxonomy that compares and hashes by its content (its JSON form)."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.content = taxonomy.model_dump_json()

    def __hash__(self) -> int:
        return hash(self.content)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByContent) and other.content == self.content


@lru_cache(maxsize=4)
def _compiled_by_content(taxonomy: _ByContent) -> CompiledTaxonomy:
    return compile_taxonomy(taxonomy.taxonomy)


def _compiled(taxonomy: Taxonomy | CompiledTaxonomy | None) -> CompiledTaxonomy:
    """Compiled patterns for a taxonomy. A plain `Taxonomy` is compiled once per content
    (a pure function's memo: the same text gives the same patterns), so callers that tag
    many documents with one loaded taxonomy do not pay for compiling each time."""
    if taxonomy is None:
        return default_taxonomy()
    if isinstance(taxonomy, CompiledTaxonomy):
        return taxonomy
    return _compiled_by_content(_ByContent(taxonomy))


# --- languages -----------------------------------------------------------------------
# One detector for the tagger, the corpus and the page: policykb.analysis.languages.


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
    model: Model | None | bool = True,
) -> TagResult:
    """Tag already split blocks (see `tag_markdown`).

    `model=True` uses the shipped model (`policykb.analysis.model.load_model`), `None` or `False`
    tags with the taxonomy's patterns alone.
    """
    compiled = _compiled(taxonomy)
    languages = active_languages("\n".join(b.text for b in blocks), compiled, language)
    contexts = lead_ins(blocks)
    learned = load_model() if model is True else (model or None)
    paragraphs = [
        tag_paragraph(i, block, contexts[i], compiled, languages, learned)
        for i, block in enumerate(blocks)
    ]
    if learned is not None and learned.document is not None:
        # The margins and vetoes were for this decision only: cached tags stay small.
        paragraphs = [
            replace(p, margins={}, vetoed=frozenset())
            for p in decide_document(paragraphs, compiled, learned)
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
    model: Model | None | bool = True,
) -> TagResult:
    """Tag every paragraph and list item of a Markdown text; document topics and tips."""
    return tag_blocks(
        split_blocks(text),
        curator_topics=curator_topics,
        taxonomy=taxonomy,
        language=language,
        model=model,
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
    compiled: CompiledTaxonomy,
    languages: Sequence[str],
    model: Model | None = None,
) -> TaggedParagraph:
    """Topics of one block, each with the pattern matches (or model words) that explain it."""
    read = _Read(block.text, compiled)
    lead_in = _Read(context, compiled) if context else None
    hits = compiled.patterns.hits(read.text, read.keys, languages)
    topics: list[str] = []
    matches: dict[str, list[PatternMatch]] = {}
    for number in sorted(hits):
        topic = compiled.topics[number]
        if _vetoed(topic, read, lead_in, languages):
            continue
        topics.append(topic.id)
        matches[topic.id] = hits[number]
    scores: dict[str, float] = {}
    margins: dict[str, float] = {}
    vetoed: frozenset[str] = frozenset()
    if model is not None:
        margins = model.margins(block.text, context)
        vetoed = frozenset(
            t.id
            for t in compiled.topics
            if t.exclude and t.id not in topics and _vetoed(t, read, lead_in, languages)
        )
        scores = {name: logistic(z) for name, z in margins.items()}
        for learned in model.topics:
            topic = compiled.topic_by_id.get(learned.topic)
            if topic is None or margins[learned.topic] < learned.cutoff:
                continue
            if learned.topic not in topics and _vetoed(topic, read, lead_in, languages):
                continue
            evidence = PatternMatch(
                MODEL_LANGUAGE,
                f"learned model, score {scores[learned.topic]:.2f}",
                ", ".join(model.reasons(learned.topic, block.text, context)),
            )
            matches.setdefault(learned.topic, []).append(evidence)
            if learned.topic not in topics:
                topics.append(learned.topic)
        topics.sort(key=compiled.position.__getitem__)
    return TaggedParagraph(
        index=index,
        text=block.text,
        topics=topics,
        matches=matches,
        line=block.line,
        kind=block.kind,
        context=context,
        scores=scores,
        margins=margins,
        vetoed=vetoed,
    )


def topic_evidence(
    paragraphs: Sequence[TaggedParagraph], topic: str
) -> tuple[list[int], list[float]]:
    """The positions of the paragraphs that may carry `topic` (scored, not vetoed) and the
    document's evidence for it (`policykb.analysis.model.document_features`)."""
    open_ = [i for i, p in enumerate(paragraphs) if topic not in p.vetoed and topic in p.margins]
    hits = sum(1 for p in paragraphs if p.pattern_tagged(topic))
    margins = (paragraphs[i].margins[topic] for i in open_)
    return open_, document_features(margins, hits, len(paragraphs))


def decide_document(
    paragraphs: Sequence[TaggedParagraph], compiled: CompiledTaxonomy, model: Model
) -> list[TaggedParagraph]:
    """The document's topics, decided by the document model, carried by its paragraphs.

    A text shorter than `DocumentModel.min_paragraphs` keeps its paragraphs' decisions.
    A topic the document model rejects leaves every paragraph; a topic it accepts that no
    paragraph carries goes to the paragraph with the highest margin for it, with that
    score and "the document as a whole" as its evidence. So a document's topics are still
    the union of its paragraphs' topics, and each has a paragraph that explains it.
    """
    document = model.document
    if len(paragraphs) < document.min_paragraphs:
        return list(paragraphs)
    carried = {t for p in paragraphs for t in p.topics}
    covered: set[str] = set()
    added: dict[int, list[str]] = {}  # paragraph position -> topics only the document gives it
    for topic in compiled.topics:
        t = topic.id
        if t not in document.biases:  # a topic the model was not trained on: paragraphs decide
            if t in carried:
                covered.add(t)
            continue
        open_, evidence = topic_evidence(paragraphs, t)
        if not document.covers(t, evidence):
            continue
        covered.add(t)
        if t not in carried and open_:
            best = max(open_, key=lambda i: paragraphs[i].margins[t])
            added.setdefault(best, []).append(t)
    out = []
    for position, p in enumerate(paragraphs):
        topics = [t for t in p.topics if t in covered]
        matches = {t: ms for t, ms in p.matches.items() if t in covered}
        for t in added.get(position, ()):
            matches[t] = [
                PatternMatch(
                    MODEL_LANGUAGE,
                    f"learned model, score {p.scores[t]:.2f}, with the document as a whole",
                    ", ".join(model.reasons(t, p.text, p.context)),
                )
            ]
            topics.append(t)
        if topics != p.topics:
            topics.sort(key=compiled.position.__getitem__)
            p = replace(p, topics=topics, matches=matches)
        out.append(p)
    return out


class _Read:
    """A text as patterns see it (`match_form`); its pre-filter keys are worked out on
    first use (a list item's lead-in needs them only when a veto applies)."""

    def __init__(self, text: str, compiled: CompiledTaxonomy):
        self.text = match_form(text)
        self._patterns = compiled.patterns

    @cached_property
    def keys(self) -> frozenset[str]:
        return self._patterns.keys(self.text)


def _vetoed(
    topic: CompiledTopic, read: _Read, context: _Read | None, languages: Sequence[str]
) -> bool:
    """Whether the topic's `exclude` patterns match the text or its list's lead-in (read
    once per paragraph; its keys are worked out only when a veto needs them)."""
    for lang in languages:
        veto = topic.exclude.get(lang)
        if veto and (
            veto.search(read.text, read.keys)
            or (context is not None and veto.search(context.text, context.keys))
        ):
            return True
    return False


# --- the same patterns in the browser ------------------------------------------------------

_JS_WORD = r"\p{L}\p{N}_"
_JS_ESCAPES = {
    "w": f"[{_JS_WORD}]",
    "W": f"[^{_JS_WORD}]",
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "b": f"(?:(?<=[{_JS_WORD}])(?![{_JS_WORD}])|(?<![{_JS_WORD}])(?=[{_JS_WORD}]))",
    "B": f"(?:(?<=[{_JS_WORD}])(?=[{_JS_WORD}])|(?<![{_JS_WORD}])(?![{_JS_WORD}]))",
}
_JS_CLASS_ESCAPES = {"w": _JS_WORD, "d": r"\p{Nd}"}


def _alternatives(body: str) -> list[str]:
    parts, depth, current, i = [], 0, "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current += body[i : i + 2]
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return [*parts, current]


def _matching_close(source: str, start: int) -> int:
    depth, i = 0, start
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _group_edges(source: str, start: int) -> tuple[bool, bool]:
    """For the group opening at `start`: does every alternative start / end with a letter?"""
    close = _matching_close(source, start)
    if close < 0:
        return False, False
    body = source[start + 1 : close]
    if body.startswith("?:"):
        body = body[2:]
    elif body.startswith("?"):
        return False, False
    alts = _alternatives(body)
    return all(a[:1].isalnum() for a in alts), all(_ends_with_word(a) for a in alts)


def _ends_with_word(text: str) -> bool:
    """Whether every match of this pattern text ends with a word character (a safe guess)."""
    if text.endswith(("\\w*", "\\w+")) and len(text) > 3 and text[-4].isalnum():
        return True
    if text.endswith(("\\w+",)):
        return True
    if len(text) >= 2 and text[-1] == "?" and text[-2].isalnum() and text[-3:-2].isalnum():
        return True
    if text[-1:].isalnum() and text[-2:-1] != "\\":
        return True
    if text.endswith(")"):
        depth, i = 0, len(text) - 1
        while i >= 0:
            if text[i] == ")" and text[i - 1 : i] != "\\":
                depth += 1
            elif text[i] == "(" and text[i - 1 : i] != "\\":
                depth -= 1
                if depth == 0:
                    return _group_edges(text, i)[1]
            i -= 1
    return False


def js_pattern(source: str) -> str:
    """A pattern rewritten for JavaScript `new RegExp(p, "iu")` with Python's meaning.

    JavaScript's `\\w`, `\\b` and `\\d` are ASCII-only; Python's are Unicode-aware. They are
    spelled out with Unicode property classes so that "é" or "ü" count as letters in both.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt == "b" and not in_class:  # cheaper forms where one side is known
                after = source[i + 2] if i + 2 < len(source) else ""
                if after.isalnum() or (after == "(" and _group_edges(source, i + 2)[0]):
                    out.append(f"(?<![{_JS_WORD}])")
                    i += 2
                    continue
                if _ends_with_word(source[:i]):
                    out.append(f"(?![{_JS_WORD}])")
                    i += 2
                    continue
            if in_class and nxt in _JS_CLASS_ESCAPES:
                out.append(_JS_CLASS_ESCAPES[nxt])
            elif not in_class and nxt in _JS_ESCAPES:
                out.append(_JS_ESCAPES[nxt])
            elif nxt.isalnum() or nxt in "\\^$.|?*+()[]{}/-":
                out.append(ch + nxt)
            else:  # "\'" or "\ " and the like: a plain character in Python
                out.append(nxt)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "/" and not in_class:
            ch = "\\/"
        out.append(ch)
        i += 1
    return "".join(out)
