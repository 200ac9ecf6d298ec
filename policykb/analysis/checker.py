"""Check a draft policy: ten-tip coverage from its topics, and NLRB risk flags.

A risky rule (`content/nlrb/rules.yaml`) flags a paragraph or list item when:

1. one of its patterns matches (English always; other languages where detected), and
2. none of its `exclude` patterns matches, and
3. no lawful rule that `overrides` it matches the same paragraph.

A list item is read together with its lead-in paragraph ("Employees must not post:" /
"- salary details"): the item matches when it matches on its own, or when lead-in plus
item match and the lead-in alone does not. `exclude` patterns see both.

`nlrb_flags(tag_result)` gives the corpus writer its `nlrb_flags` front matter;
`check_markdown(text)` gives `policykb check` its report. Neither is legal advice.
"""

from __future__ import annotations

import html.entities
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policykb.analysis.blocks import MAX_TEXT
from policykb.analysis.model import Model
from policykb.analysis.patterns import (
    MAX_KEY,
    MIN_KEY,
    CompiledPatterns,
    PatternMatch,
    PatternSet,
    compile_patterns,
    pattern_covers,
)
from policykb.analysis.tagger import (
    CompiledTaxonomy,
    TaggedParagraph,
    TagResult,
    default_taxonomy,
    js_pattern,
    match_form,
    tag_markdown,
)
from policykb.content import paths
from policykb.content.models import FlagRef
from policykb.content.rules import NlrbRule, NlrbRules, load_rules
from policykb.content.storage import readable_file_mtime
from policykb.content.taxonomy import Taxonomy

NOT_LEGAL_ADVICE = (
    "This report is not legal advice. It points at wording that deserves a second look; "
    "ask a lawyer who knows employment law to review the policy before you publish it "
    "(tip 9)."
)
EXCERPT_CHARS = 280


# --- compiled rules ------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledRule:
    rule: NlrbRule
    include: dict[str, CompiledPatterns]
    exclude: dict[str, CompiledPatterns]

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class CompiledRules:
    rules: NlrbRules
    all: tuple[CompiledRule, ...]  # lawful rules first, then risky ones
    patterns: PatternSet  # the rules' patterns, in the order of `all`, with their pre-filter

    @property
    def risky(self) -> tuple[CompiledRule, ...]:
        return tuple(r for r in self.all if r.rule.kind == "risky")

    @property
    def lawful(self) -> tuple[CompiledRule, ...]:
        return tuple(r for r in self.all if r.rule.kind == "lawful")


def compile_rules(rules: NlrbRules) -> CompiledRules:
    compiled = tuple(
        CompiledRule(rule, compile_patterns(rule.patterns), compile_patterns(rule.exclude))
        for rule in [*rules.lawful, *rules.risky]
    )
    patterns = PatternSet([r.include for r in compiled], [r.exclude for r in compiled])
    return CompiledRules(rules=rules, all=compiled, patterns=patterns)


@lru_cache(maxsize=4)
def _compiled_from_path(path: Path, mtime_ns: int) -> CompiledRules:
    return compile_rules(load_rules(path))


def default_rules(path: Path | None = None) -> CompiledRules:
    """The NLRB rules at `path` (by default `paths.rules_path()`), compiled once and
    reloaded when the file changes. A file we cannot read raises `FileRefused`."""
    if path is None:
        path = paths.rules_path()
    return _compiled_from_path(path, readable_file_mtime(path))


def _compiled(rules: NlrbRules | CompiledRules | None) -> CompiledRules:
    if rules is None:
        return default_rules()
    if isinstance(rules, CompiledRules):
        return rules
    return compile_rules(rules)


# --- matching ------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """A rule that matched one paragraph (or list item)."""

    rule: NlrbRule
    paragraph: int
    text: str
    matches: list[PatternMatch]
    line: int = 0

    @property
    def excerpt(self) -> str:
        return excerpt(self.text, self.matches)

    def to_json(self) -> dict:
        return {
            "rule": self.rule.id,
            "paragraph": self.paragraph,
            "excerpt": self.excerpt,
            "authority": self.rule.authority_text,
            "era": self.rule.era_text,
            "why": self.rule.explanation,
            "suggestion": self.rule.suggestion or "",
        }


class _Context:
    """A list item's lead-in paragraph with its keys and rule hits, computed once."""

    def __init__(self, text: str, compiled: CompiledRules, languages: Sequence[str]):
        self.text = match_form(text)
        self.keys = compiled.patterns.keys(self.text)
        self.hits = compiled.patterns.hits(self.text, self.keys, languages)


def paragraph_rules(
    paragraph: TaggedParagraph,
    compiled: CompiledRules,
    languages: Sequence[str],
    context: _Context | None = None,
) -> dict[int, tuple[str, list[PatternMatch]]]:
    """Rules (by position in `compiled.all`) that apply to a paragraph: text shown, matches.

    A list item matches on its own, or together with its lead-in when the lead-in alone
    does not; exclusions look at both.
    """
    text = match_form(paragraph.text)
    keys = compiled.patterns.keys(text)
    found: dict[int, tuple[str, list[PatternMatch]]] = {
        n: (paragraph.text, ms) for n, ms in compiled.patterns.hits(text, keys, languages).items()
    }
    if context is not None and context.text:
        both = f"{context.text} {text}"
        both_hits = compiled.patterns.hits(both, compiled.patterns.keys(both), languages)
        for n, ms in both_hits.items():
            if n not in found and n not in context.hits:
                found[n] = (f"{context.text} {paragraph.text}", ms)
    result = {}
    for n, shown in found.items():
        rule = compiled.all[n]
        if not _excluded(rule, text, keys, context, languages):
            result[n] = shown
    return result


def _excluded(
    rule: CompiledRule,
    text: str,
    keys: frozenset[str],
    context: _Context | None,
    languages: Sequence[str],
) -> bool:
    for lang in languages:
        veto = rule.exclude.get(lang)
        if veto is None:
            continue
        if veto.search(text, keys):
            return True
        if context is not None and context.text and veto.search(context.text, context.keys):
            return True
    return False


def find_flags(
    tag_result: TagResult, rules: NlrbRules | CompiledRules | None = None
) -> tuple[list[Flag], list[Flag]]:
    """(risky flags, lawful matches) for every paragraph of a tagged document."""
    compiled = _compiled(rules)
    languages = tag_result.languages or ["en"]
    risky: list[Flag] = []
    lawful: list[Flag] = []
    contexts: dict[str, _Context] = {}
    for paragraph in tag_result.paragraphs:
        context = None
        if paragraph.context:
            context = contexts.get(paragraph.context)
            if context is None:
                context = contexts[paragraph.context] = _Context(
                    paragraph.context, compiled, languages
                )
        applied = paragraph_rules(paragraph, compiled, languages, context)
        overridden = {
            o
            for n in applied
            if compiled.all[n].rule.kind == "lawful"
            for o in compiled.all[n].rule.overrides
        }
        for n in sorted(applied):
            rule = compiled.all[n].rule
            shown, matches = applied[n]
            flag = Flag(rule, paragraph.index, shown, matches, paragraph.line)
            if rule.kind == "lawful":
                lawful.append(flag)
            elif rule.id not in overridden:
                risky.append(flag)
    return risky, lawful


# Documents that describe rules rather than set them: court decisions and legal memos
# quote risky clauses, so flagging them would only add noise.
UNFLAGGED_DOC_TYPES = frozenset({"legal-memo", "legal-decision"})


def nlrb_flags(
    tag_result: TagResult,
    rules: NlrbRules | CompiledRules | None = None,
    *,
    doc_type: str | None = None,
) -> list[FlagRef]:
    """The risky rules that matched, as front matter references (paragraph, then rule).

    `doc_type` (the registry's): legal memos and decisions get no flags.
    """
    if doc_type in UNFLAGGED_DOC_TYPES:
        return []
    risky, _ = find_flags(tag_result, rules)
    refs = {(f.paragraph, f.rule.id) for f in risky}
    return [FlagRef(rule=rule, paragraph=index) for index, rule in sorted(refs)]


_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+")


def excerpt(text: str, matches: Sequence[PatternMatch] = (), limit: int = EXCERPT_CHARS) -> str:
    """The paragraph, or the sentences around the first match when it is long."""
    if len(text) <= limit:
        return text
    start = 0
    for match in matches:
        if match.text and (pos := text.find(match.text)) >= 0:
            start = pos
            break
    sentences = _SENTENCE_RE.split(text)
    offset, chosen = 0, []
    for sentence in sentences:
        end = offset + len(sentence)
        if end >= start or chosen:
            chosen.append(sentence)
            if sum(len(s) + 1 for s in chosen) >= limit:
                break
        offset = end + 1
    out = " ".join(chosen)
    prefix = "… " if chosen and not text.startswith(chosen[0]) else ""
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + " …"
    elif not text.endswith(out):
        out += " …"
    return prefix + out


# --- the check -----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    tag: TagResult
    taxonomy: Taxonomy
    flags: list[Flag]
    lawful: list[Flag]

    @property
    def topics(self) -> list[str]:
        return self.tag.topics

    @property
    def covered(self) -> list[int]:
        return self.tag.tips

    @property
    def missing(self) -> list[int]:
        return [t.number for t in self.taxonomy.tips if t.number not in self.tag.tips]

    def to_json(self) -> dict:
        return {
            "topics": list(self.topics),
            "tips": {"covered": list(self.covered), "missing": list(self.missing)},
            "flags": [f.to_json() for f in self.flags],
        }

    def to_text(self, name: str = "your policy", width: int = 88) -> str:
        return render_report(self, name, width)


def check_markdown(
    text: str,
    *,
    taxonomy: Taxonomy | CompiledTaxonomy | None = None,
    rules: NlrbRules | CompiledRules | None = None,
    language: str | None = None,
    model: Model | None | bool = True,
) -> CheckResult:
    """Tip coverage and NLRB flags for a draft policy given as Markdown (or plain text).

    `model` as for `tag_markdown`: the shipped learned model by default, False for the
    taxonomy's patterns alone."""
    compiled_taxonomy = taxonomy if isinstance(taxonomy, CompiledTaxonomy) else None
    if taxonomy is None:
        compiled_taxonomy = default_taxonomy()
    tag = tag_markdown(text, taxonomy=compiled_taxonomy or taxonomy, language=language, model=model)
    risky, lawful = find_flags(tag, rules)
    plain = compiled_taxonomy.taxonomy if compiled_taxonomy else taxonomy
    return CheckResult(tag=tag, taxonomy=plain, flags=risky, lawful=lawful)


# --- the text report -----------------------------------------------------------------


def render_report(result: CheckResult, name: str = "your policy", width: int = 88) -> str:
    """A report a policy team can read: tip checklist, then flags, then the disclaimer."""
    taxonomy = result.taxonomy
    lines: list[str] = [f"Policy check: {name}", ""]
    lines += _wrap(
        "How to read this: a tick means the draft already covers one of the ten tips for a "
        "social media policy, a cross says what to add. After the checklist come passages "
        "worded like rules the US National Labor Relations Board (NLRB) has treated as "
        "unlawful, each with a safer wording to consider.",
        width,
        "",
        "",
    )
    lines.append("")
    paragraphs = result.tag.paragraphs
    if not paragraphs:
        lines += ["No paragraphs found: the file has no text to check.", ""]
    first_seen = _first_paragraph_per_topic(paragraphs)
    covered = set(result.covered)
    lines.append(f"The ten tips: {len(covered)} of 10 covered")
    for tip in taxonomy.tips:
        topics = taxonomy.topics_for_tip(tip.number)
        if tip.number in covered:
            found = [t for t in topics if t.id in first_seen]
            where = ", ".join(f"{t.label} (paragraph {first_seen[t.id] + 1})" for t in found)
            lines.append(f"  ✓ {tip.number}. {tip.title}")
            lines += _wrap(f"found: {where}", width, "      ")
        else:
            lines.append(f"  ✗ {tip.number}. {tip.title}: missing")
            lines += _wrap(f"what to add: {tip.summary}", width, "      ")
            labels = ", ".join(t.label.lower() for t in topics)
            lines += _wrap(f"topics that count: {labels}", width, "      ")
    lines.append("")
    if result.flags:
        lines.append(f"Wording to review under US labour law (NLRB): {len(result.flags)}")
        for number, flag in enumerate(result.flags, start=1):
            rule = flag.rule
            where = f"paragraph {flag.paragraph + 1}" + (f", line {flag.line}" if flag.line else "")
            lines.append("")
            lines += _wrap(f"{number}. {rule.title} ({where})", width, "  ", "     ")
            lines += _wrap(f"“{flag.excerpt}”", width, "     ")
            lines += _wrap(f"Why: {rule.explanation}", width, "     ")
            lines += _wrap(f"Safer wording: {rule.suggestion}", width, "     ")
            lines += _wrap(f"Authority: {rule.authority_text}", width, "     ")
            lines += _wrap(f"Era: {rule.era_labels}", width, "     ")
    else:
        lines.append("Wording to review under US labour law (NLRB): none found")
        lines += _wrap(
            "No clause matched the risky patterns we know. That is not a clean bill of "
            "health: the patterns catch common wordings, not every risky rule.",
            width,
            "  ",
        )
    good = _unique_lawful(result.lawful)
    if good:
        lines.append("")
        lines.append("Clauses that follow a pattern the NLRB has accepted:")
        for paragraph, rule in good:
            lines += _wrap(f"- paragraph {paragraph + 1}: {rule.title}", width, "  ")
    lines += ["", *_wrap(NOT_LEGAL_ADVICE, width, "", "")]
    return "\n".join(lines) + "\n"


def _first_paragraph_per_topic(paragraphs: Iterable[TaggedParagraph]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for paragraph in paragraphs:
        for topic in paragraph.topics:
            seen.setdefault(topic, paragraph.index)
    return seen


def _unique_lawful(flags: Iterable[Flag]) -> list[tuple[int, NlrbRule]]:
    seen: dict[str, tuple[int, NlrbRule]] = {}
    for flag in flags:
        seen.setdefault(flag.rule.id, (flag.paragraph, flag.rule))
    return sorted(seen.values(), key=lambda item: (item[0], item[1].id))


def _wrap(text: str, width: int, indent: str, later: str | None = None) -> list[str]:
    later = indent + "  " if later is None else later
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=later) or [
        indent
    ]


# --- data for the browser checker --------------------------------------------------------


def browser_data(
    taxonomy: Taxonomy | CompiledTaxonomy | None = None,
    rules: NlrbRules | CompiledRules | None = None,
) -> dict:
    """Everything the in-browser checker needs to give the answers `policykb check` gives.

    Patterns are rewritten for `new RegExp(pattern, "iu")` (see `tagger.js_pattern`). The
    algorithm to reproduce: split the draft into paragraphs and list items; straighten
    curly quotes (`quotes`); pick languages ("en" plus any whose `function_words` occur at
    least `min_count` times and at least `min_share` times as often as the most frequent
    language's); a topic or rule matches a paragraph when one of its patterns in those
    languages matches and none of its `exclude` patterns does; a list item is read with
    its lead-in paragraph (rules: item alone, or lead-in + " " + item when the lead-in alone
    does not match; excludes: item or lead-in); lawful rules cancel the risky rules they
    `override` in the same paragraph; tips follow from topics.

    Speed: `covers` (aligned with `patterns`) say when a pattern cannot match. Split the
    lowercased paragraph into words (runs of letters, digits and "_"); its keys are each
    word's first 3 to 12 characters (`prefilter`). A pattern can only match when every
    one of its covers shares a key with the paragraph; skip it otherwise.

    Also: `max_text`, the most characters (code points) `policykb check` reads from a file,
    which the page refuses beyond too; and `entities`, the HTML named character references
    `html.unescape` knows (with and without ";"), so that the page, a Web Worker and Node
    decode a draft's "&amp;" and "&copy" as Python does, with no HTML parser.
    """
    from policykb.analysis.languages import MIN_COUNT, MIN_KANA, MIN_SHARE, STOPWORDS

    compiled_taxonomy = taxonomy if isinstance(taxonomy, CompiledTaxonomy) else None
    plain = compiled_taxonomy.taxonomy if compiled_taxonomy else taxonomy
    if plain is None:
        plain = default_taxonomy().taxonomy
    plain_rules = rules.rules if isinstance(rules, CompiledRules) else rules
    if plain_rules is None:
        plain_rules = default_rules().rules

    def js(by_language: dict[str, list[str]]) -> dict[str, list[str]]:
        return {lang: [js_pattern(p) for p in patterns] for lang, patterns in by_language.items()}

    def covers(by_language: dict[str, list[str]]) -> dict[str, list[list[list[str]]]]:
        return {
            lang: [[sorted(c) for c in pattern_covers(p)] for p in patterns]
            for lang, patterns in by_language.items()
        }

    return {
        "flags": "iu",
        "max_text": MAX_TEXT,
        "prefilter": {"min_key": MIN_KEY, "max_key": MAX_KEY},
        "quotes": {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'},
        "languages": {
            "base": "en",
            "function_words": {lang: sorted(words) for lang, words in STOPWORDS.items()},
            "min_count": MIN_COUNT,
            "min_share": MIN_SHARE,
            "min_kana": MIN_KANA,
        },
        "tips": [{"number": t.number, "title": t.title, "summary": t.summary} for t in plain.tips],
        "topics": [
            {
                "id": t.id,
                "label": t.label,
                "tips": list(t.tips),
                "patterns": js(t.patterns),
                "covers": covers(t.patterns),
                "exclude": js(t.exclude),
            }
            for t in plain.topics
        ],
        "rules": [
            {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "authority": r.authority_text,
                "era": r.era_text,
                "era_labels": r.era_labels,
                "why": r.explanation,
                "suggestion": r.suggestion or "",
                "patterns": js(r.patterns),
                "covers": covers(r.patterns),
                "exclude": js(r.exclude),
                "overrides": list(r.overrides),
            }
            for r in plain_rules.rules
        ],
        "not_legal_advice": NOT_LEGAL_ADVICE,
        "entities": html.entities.html5,
    }
