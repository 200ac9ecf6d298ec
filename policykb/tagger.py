"""Tag a document's paragraphs with taxonomy topics, and the document with tips.

How a paragraph gets a topic (the patterns live in `content/taxonomy.yaml`):

1. The document's languages are guessed from common function words
   (`policykb.languages.detect_languages`);
   English patterns always apply, other languages' patterns only where that language is
   present, so that a Dutch stem never fires on an English word.
2. A topic is a candidate when any of its `patterns` matches the paragraph.
3. Any of its `exclude` patterns vetoes it. For a list item, `exclude` also looks at the
   item's lead-in (the paragraph just before the list), so "We remove comments that:" /
   "- harass others" is about moderating the public, not about staff conduct.
4. The learned model (`policykb.model`, trained on our labels of real paragraphs) adds
   the topics it is confident of; its evidence is the words that weighed most. Rules and
   model together are what `python -m policykb.crossval` measured best on real text.
5. Headings, front matter and blank lines are never paragraphs (see `paragraphs.py`).

All patterns are compiled once per taxonomy, case-insensitively. Each topic's patterns
for one language are also joined into one alternation, so a paragraph costs one search
per topic and language; the individual patterns run only to explain a hit.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from policykb import paths
from policykb.languages import detect_languages
from policykb.model import Model, document_features, load_model, logistic
from policykb.paragraphs import Block, load_text, split_blocks
from policykb.storage import readable_file_mtime
from policykb.taxonomy import Taxonomy, load_taxonomy

TAXONOMY_PATH = paths.taxonomy_path()  # at import; default_taxonomy() resolves per call
BASE_LANGUAGE = "en"
FLAGS = re.IGNORECASE
MODEL_LANGUAGE = "model"  # the `language` of a match that the learned model explains


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
    keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    keys_version: int = field(default=-1, repr=False, compare=False)
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


# Pre-filter. Regular expressions are the expensive part, so each pattern carries
# "covers": sets of lowercase word prefixes (3 to 12 characters) such that any text the
# pattern matches contains a word starting with one key of every cover. A paragraph's
# keys are the prefixes of its words (`text_keys`); a pattern whose covers do not all
# meet them cannot match and is not run. Covers are found by reading the parsed regex
# (`re._parser`); a pattern we cannot read simply has no covers and always runs.
MIN_KEY, MAX_KEY = 3, 12
_TOKEN_RE = re.compile(r"\w+")


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def match_form(text: str) -> str:
    """The text patterns are matched against: curly quotes made straight (same length)."""
    if "\u2019" in text or "\u2018" in text or "\u201c" in text or "\u201d" in text:
        return text.translate(_QUOTES)
    return text


# Every key any compiled cover uses. `text_keys` keeps only these (fewer, smaller sets),
# so the set grows whenever a pattern is compiled and the per-word cache is then reset.
_KNOWN_KEYS: set[str] = set()
_PREFIXES: dict[str, tuple[str, ...]] = {}


_KEYS_VERSION = [0]


def keys_version() -> int:
    """Changes whenever new keys are registered: keys computed before are then stale."""
    return _KEYS_VERSION[0]


def _register_keys(covers: Iterable[frozenset[str]]) -> None:
    new = {key for cover in covers for key in cover} - _KNOWN_KEYS
    if new:
        _KNOWN_KEYS.update(new)
        _PREFIXES.clear()
        _KEYS_VERSION[0] += 1


def text_keys(text: str) -> frozenset[str]:
    """The word prefixes (3 to 12 characters, lowercase) of a text that some cover uses."""
    words = set(_TOKEN_RE.findall(text.lower()))
    cache = _PREFIXES
    new = words.difference(cache)
    if new:
        if len(cache) > 200_000:
            cache.clear()
            new = words
        known = _KNOWN_KEYS
        for w in new:
            cache[w] = tuple(
                p for p in (w[:i] for i in range(MIN_KEY, min(len(w), MAX_KEY) + 1)) if p in known
            )
    return frozenset().union(*map(cache.__getitem__, words))


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    regex: re.Pattern[str]
    covers: tuple[frozenset[str], ...]

    def possible(self, keys: frozenset[str]) -> bool:
        return not any(cover.isdisjoint(keys) for cover in self.covers)


@dataclass(frozen=True)
class CompiledPatterns:
    """One language's patterns for one topic or rule, each with its pre-filter."""

    language: str
    patterns: tuple[CompiledPattern, ...]

    def possible(self, keys: frozenset[str]) -> bool:
        return any(p.possible(keys) for p in self.patterns)

    def narrowed(self, keys: frozenset[str]) -> CompiledPatterns | None:
        """Only the patterns that could match a text with these keys (None if none)."""
        kept = tuple(p for p in self.patterns if p.possible(keys))
        if not kept:
            return None
        return self if len(kept) == len(self.patterns) else CompiledPatterns(self.language, kept)

    def search(self, text: str, keys: frozenset[str] | None = None) -> bool:
        if keys is None:
            keys = text_keys(text)
        return any(p.possible(keys) and p.regex.search(text) for p in self.patterns)

    def explain(self, text: str, keys: frozenset[str] | None = None) -> list[PatternMatch]:
        if keys is None:
            keys = text_keys(text)
        found = []
        for p in self.patterns:
            m = p.regex.search(text) if p.possible(keys) else None
            if m:
                found.append(PatternMatch(self.language, p.source, _snippet(m, text)))
        return found


def _snippet(match: re.Match[str], text: str) -> str:
    """What a match covered; for a lookahead-only pattern, the start of the text."""
    found = match.group(0).strip()
    if found:
        return found
    return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + " …"


def compile_patterns(by_language: dict[str, list[str]]) -> dict[str, CompiledPatterns]:
    """Compile each language's patterns (case-insensitive) with their pre-filters."""
    return {
        language: CompiledPatterns(language, tuple(compile_pattern(p) for p in patterns))
        for language, patterns in by_language.items()
        if patterns
    }


def compile_pattern(source: str) -> CompiledPattern:
    regex = re.compile(source, FLAGS)
    try:
        covers = _covers(_parser.parse(source, FLAGS).data, word_start=False)
    except Exception:  # noqa: BLE001 - a pattern we cannot read always runs
        covers = []
    covers = tuple(dict.fromkeys(covers))
    _register_keys(covers)
    return CompiledPattern(source, regex, covers)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _covers(items, word_start: bool) -> list[frozenset[str]]:
    """Covers of a parsed sequence; `word_start`: whether it begins at a word start."""
    covers: list[frozenset[str]] = []
    run, run_ok, at_start = "", False, word_start

    def close() -> None:
        nonlocal run
        if run_ok and len(run) >= MIN_KEY:
            covers.append(frozenset([run[:MAX_KEY]]))
        run = ""

    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av).lower()
            if _is_word(ch):
                if not run:
                    run_ok = at_start
                run += ch
                at_start = False
            else:
                close()
                at_start = True
        elif op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING):
            close()
            at_start = True
        elif op in (_c.SUBPATTERN, _c.BRANCH):
            branches = [av[3]] if op is _c.SUBPATTERN else av[1]
            if run:  # the group continues a word: "pass(words?|phrases?)"
                if len(branches) == 1 and len(branches[0]) == 1 and branches[0][0][0] is _c.BRANCH:
                    branches = branches[0][0][1][1]
                leads = [_lead(branch) for branch in branches]
                keys = frozenset((run + lead)[:MAX_KEY] for lead in leads)
                if run_ok and min(map(len, keys)) >= MIN_KEY:
                    covers.append(keys)
                run = ""
            else:
                per_branch = [_best(_covers(branch, at_start)) for branch in branches]
                if all(per_branch):
                    covers.append(frozenset().union(*per_branch))
            at_start = all(_ends_nonword(branch) for branch in branches)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            close()
            if av[0] >= 1:
                covers.extend(_covers(av[2], at_start))
                at_start = _ends_nonword(av[2])
            else:  # optional: what follows starts a word if both ways do
                at_start = at_start and _ends_nonword(av[2])
        elif op is _c.ASSERT and av[0] == 1:  # a lookahead must match too
            close()
            covers.extend(_covers(av[1], at_start))
        elif op is _c.ASSERT_NOT:
            continue  # consumes nothing
        else:
            close()
            at_start = _nonword_matcher(op, av)
    close()
    return covers


_NONWORD_CATEGORIES = {_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD, _c.CATEGORY_UNI_NOT_WORD}


def _nonword_matcher(op, av) -> bool:
    """Whether a single-character matcher only ever matches non-word characters."""
    if op is _c.LITERAL:
        return not _is_word(chr(av))
    if op is _c.CATEGORY:
        return av in _NONWORD_CATEGORIES or av is _c.CATEGORY_UNI_SPACE
    if op is _c.IN:
        return all(
            (o is _c.LITERAL and not _is_word(chr(v)))
            or (o is _c.CATEGORY and (v in _NONWORD_CATEGORIES or v is _c.CATEGORY_UNI_SPACE))
            for o, v in av
        )
    return False


def _ends_nonword(items) -> bool:
    """Whether every match of a parsed sequence ends with a non-word character."""
    if not items:
        return False
    op, av = items[-1]
    if op is _c.SUBPATTERN:
        return _ends_nonword(av[3])
    if op is _c.BRANCH:
        return all(_ends_nonword(b) for b in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return av[0] >= 1 and _ends_nonword(av[2])
    return _nonword_matcher(op, av)


def _lead(items) -> str:
    """The word characters a parsed branch starts with ("" if none)."""
    lead = ""
    for op, av in items:
        if op is not _c.LITERAL or not _is_word(chr(av)):
            break
        lead += chr(av).lower()
    return lead


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Keys so frequent in policies that a cover containing one filters little.
_COMMON_KEYS = _words(
    "the and are not you your our that this with for use uses used must should may can will "
    "all any each every post posts posting work team data page pages social media account "
    "accounts policy policies information public personal about what when how why who one "
    "once time news help want read sign name don keep live tag pin code unit year never "
    "always avoid limit reply mention state say clear where take join active organi company "
    "busines service guid privacy commun offic official section rights records protection "
    "approved updated published effective issued before"
)


def _best(covers: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective cover: fewest common keys, then longest shortest key."""
    if not covers:
        return None
    return max(
        covers,
        key=lambda c: (-sum(1 for k in c if k in _COMMON_KEYS), min(map(len, c)), -len(c)),
    )


@dataclass(frozen=True)
class CompiledTopic:
    id: str
    tips: tuple[int, ...]
    include: dict[str, CompiledPatterns]
    exclude: dict[str, CompiledPatterns]


@dataclass(frozen=True)
class Slot:
    """One pattern of one owner (a topic or a rule) in one language."""

    owner: int  # position of the topic or rule
    language: str
    pattern: CompiledPattern
    rest: tuple[frozenset[str], ...]  # covers other than the indexed one


class PatternIndex:
    """Patterns indexed by the keys of their most selective cover, per language.

    `hits(text, keys, languages)` runs only the patterns whose covers all meet the text's
    keys and returns, per owner, the matches that explain it.
    """

    def __init__(self, entries: Iterable[tuple[int, str, CompiledPattern]]):
        self.slots: list[Slot] = []
        self.index: dict[str, dict[str, list[int]]] = {}
        self.always: dict[str, list[int]] = {}
        for owner, language, pattern in entries:
            best = _best(list(pattern.covers))
            rest = tuple(c for c in pattern.covers if c is not best)
            number = len(self.slots)
            self.slots.append(Slot(owner, language, pattern, rest))
            if best is None:
                self.always.setdefault(language, []).append(number)
            for key in best or ():
                self.index.setdefault(language, {}).setdefault(key, []).append(number)

    def hits(
        self, text: str, keys: frozenset[str], languages: Sequence[str]
    ) -> dict[int, list[PatternMatch]]:
        found: set[int] = set()
        for language in languages:
            found.update(self.always.get(language, ()))
            index = self.index.get(language)
            if index:
                for key in keys & index.keys():
                    found.update(index[key])
        out: dict[int, list[PatternMatch]] = {}
        slots = self.slots
        for number in sorted(found):
            slot = slots[number]
            for cover in slot.rest:
                if cover.isdisjoint(keys):
                    break
            else:
                m = slot.pattern.regex.search(text)
                if not m:
                    continue
                match = PatternMatch(slot.language, slot.pattern.source, _snippet(m, text))
                out.setdefault(slot.owner, []).append(match)
        return out


@dataclass(frozen=True)
class CompiledTaxonomy:
    taxonomy: Taxonomy
    topics: tuple[CompiledTopic, ...]
    languages: frozenset[str]
    index: PatternIndex

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
    index = PatternIndex(
        (number, lang, pattern)
        for number, topic in enumerate(topics)
        for lang, patterns in topic.include.items()
        for pattern in patterns.patterns
    )
    return CompiledTaxonomy(
        taxonomy=taxonomy,
        topics=topics,
        languages=frozenset(lang for t in taxonomy.topics for lang in t.patterns),
        index=index,
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


_COMPILED_BY_ID: dict[int, CompiledTaxonomy] = {}


def _compiled(taxonomy: Taxonomy | CompiledTaxonomy | None) -> CompiledTaxonomy:
    if taxonomy is None:
        return default_taxonomy()
    if isinstance(taxonomy, CompiledTaxonomy):
        return taxonomy
    cached = _COMPILED_BY_ID.get(id(taxonomy))
    if cached is None or cached.taxonomy is not taxonomy:
        cached = compile_taxonomy(taxonomy)
        if len(_COMPILED_BY_ID) >= 8:
            _COMPILED_BY_ID.clear()
        _COMPILED_BY_ID[id(taxonomy)] = cached
    return cached


# --- languages -----------------------------------------------------------------------
# One detector for the tagger, the corpus and the page: policykb.languages.


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

    `model=True` uses the shipped model (`policykb.model.load_model`), `None` or `False`
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
    compiled: CompiledTaxonomy,
    languages: Sequence[str],
    model: Model | None = None,
) -> TaggedParagraph:
    """Topics of one block, each with the pattern matches (or model words) that explain it."""
    text = match_form(block.text)
    keys = text_keys(text)
    lead_form = match_form(context) if context else ""
    lead = (lead_form, text_keys(lead_form)) if context else None
    hits = compiled.index.hits(text, keys, languages)
    topics: list[str] = []
    matches: dict[str, list[PatternMatch]] = {}
    for number in sorted(hits):
        topic = compiled.topics[number]
        if _vetoed(topic, text, lead, languages, keys):
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
            if t.exclude and t.id not in topics and _vetoed(t, text, lead, languages, keys)
        )
        scores = {name: logistic(z) for name, z in margins.items()}
        for learned in model.topics:
            topic = compiled.topic_by_id.get(learned.topic)
            if topic is None or margins[learned.topic] < learned.cutoff:
                continue
            if learned.topic not in topics and _vetoed(topic, text, lead, languages, keys):
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
        keys=keys,
        keys_version=keys_version(),
        scores=scores,
        margins=margins,
        vetoed=vetoed,
    )


def topic_evidence(
    paragraphs: Sequence[TaggedParagraph], topic: str
) -> tuple[list[int], list[float]]:
    """The positions of the paragraphs that may carry `topic` (scored, not vetoed) and the
    document's evidence for it (`policykb.model.document_features`)."""
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


def _vetoed(
    topic: CompiledTopic,
    text: str,
    lead: tuple[str, frozenset[str]] | None,
    languages: Sequence[str],
    keys: frozenset[str],
) -> bool:
    """Whether the topic's `exclude` patterns match the text or its list's lead-in (`lead`:
    the lead-in as matched, with its keys, made once per paragraph)."""
    for lang in languages:
        veto = topic.exclude.get(lang)
        if veto and (veto.search(text, keys) or (lead and veto.search(*lead))):
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
