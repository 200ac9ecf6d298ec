"""The taxonomy's and the NLRB rules' regular expressions, compiled once, with a pre-filter.

Regular expressions are the expensive part of tagging, so each pattern carries "covers":
sets of lowercase word prefixes (3 to 12 characters) such that any text the pattern matches
contains a word starting with one key of every cover. A paragraph's keys are the prefixes
of its words; a pattern whose covers do not all meet them cannot match and is not run.

Covers are read from the pattern's source by a small reader of the syntax the taxonomy
allows (`read_pattern`; `taxonomy.check_patterns` keeps out what JavaScript lacks). A
pattern the reader does not understand simply has no covers and always runs, so the
pre-filter can make tagging faster but never changes a result.

All state lives in objects: a `PatternSet` holds one taxonomy's (or rule set's) patterns,
the keys its covers use and its own cache of word prefixes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FLAGS = re.IGNORECASE
MIN_KEY, MAX_KEY = 3, 12
_TOKEN_RE = re.compile(r"\w+")
WORD_CACHE_LIMIT = 200_000  # distinct words a PatternSet remembers before starting over


@dataclass(frozen=True)
class PatternMatch:
    """Why a topic (or rule) fired: the pattern, its language and the text it matched."""

    language: str
    pattern: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"language": self.language, "pattern": self.pattern, "text": self.text}


# --- reading a pattern ----------------------------------------------------------------


class UnreadablePattern(ValueError):
    """A pattern uses syntax `read_pattern` does not know; it gets no covers."""


@dataclass(frozen=True)
class Char:
    """One literal character (lowercase)."""

    char: str

    @property
    def is_word(self) -> bool:
        return _is_word(self.char)


@dataclass(frozen=True)
class CharSet:
    """A class, `.` or an escape such as `\\w`; `nonword`: it matches only non-word chars."""

    nonword: bool


@dataclass(frozen=True)
class Anchor:
    """A zero-width position: `^` and `\\b` mark a word start; `$` and `\\B` do not."""

    word_start: bool


@dataclass(frozen=True)
class Group:
    """`(…)`, `(?:…)` ("group"), or a lookaround ("ahead", "not-ahead", "behind",
    "not-behind"), with its alternatives."""

    kind: str
    branches: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True)
class Repeat:
    node: Node
    min: int


Node = Char | CharSet | Anchor | Group | Repeat

_GROUP_KINDS = {
    "?:": "group",
    "?=": "ahead",
    "?!": "not-ahead",
    "?<=": "behind",
    "?<!": "not-behind",
}
_NONWORD_ESCAPES = {"s", "W"}
_SET_ESCAPES = set("sSwWdD")
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_QUANTIFIER_RE = re.compile(r"\{(\d*)(,?)(\d*)\}")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _Reader:
    """A recursive-descent reader of one pattern's source."""

    def __init__(self, source: str):
        self.source = source
        self.at = 0

    def fail(self, what: str) -> UnreadablePattern:
        return UnreadablePattern(f"{what} at position {self.at} of {self.source!r}")

    def peek(self, n: int = 1) -> str:
        return self.source[self.at : self.at + n]

    def alternatives(self) -> tuple[tuple[Node, ...], ...]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return tuple(branches)

    def sequence(self) -> tuple[Node, ...]:
        items: list[Node] = []
        while self.at < len(self.source) and self.peek() not in "|)":
            node = self.atom()
            items.append(self.quantified(node))
        return tuple(items)

    def quantified(self, node: Node) -> Node:
        ch = self.peek()
        if ch in ("?", "*", "+"):
            self.at += 1
            low = 1 if ch == "+" else 0
        elif ch == "{" and (m := _QUANTIFIER_RE.match(self.source, self.at)):
            if not m.group(1) and not m.group(3):
                return node  # "{}" or "{,}": literal braces, read as such next
            self.at = m.end()
            low = int(m.group(1) or 0)
        else:
            return node
        if isinstance(node, Anchor) or (isinstance(node, Group) and node.kind != "group"):
            raise self.fail("a repeated assertion")
        if self.peek() in ("?", "+"):  # lazy (or possessive, which check_patterns refuses)
            self.at += 1
        return Repeat(node, low)

    def atom(self) -> Node:
        ch = self.peek()
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.char_class()
        if ch == "\\":
            return self.escape()
        self.at += 1
        if ch == ".":
            return CharSet(nonword=False)
        if ch == "^":
            return Anchor(word_start=True)
        if ch == "$":
            return Anchor(word_start=False)
        if ch in "*+?":
            raise self.fail("nothing to repeat")
        return Char(ch.lower())

    def group(self) -> Group:
        self.at += 1
        kind = "group"
        if self.peek() == "?":
            for prefix, name in _GROUP_KINDS.items():
                if self.source.startswith(prefix, self.at):
                    kind = name
                    self.at += len(prefix)
                    break
            else:
                raise self.fail("an unknown group")
        branches = self.alternatives()
        if self.peek() != ")":
            raise self.fail("an unclosed group")
        self.at += 1
        return Group(kind, branches)

    def escape(self) -> Node:
        nxt = self.source[self.at + 1 : self.at + 2]
        self.at += 2
        if not nxt:
            raise self.fail("a trailing backslash")
        if nxt == "b":
            return Anchor(word_start=True)
        if nxt == "B":
            return Anchor(word_start=False)
        if nxt in _SET_ESCAPES:
            return CharSet(nonword=nxt in _NONWORD_ESCAPES)
        return Char(self.escaped_char(nxt).lower())

    def escaped_char(self, nxt: str) -> str:
        """The character an escape inside or outside a class stands for."""
        if nxt in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[nxt]
        if nxt in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            digits = self.source[self.at : self.at + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail("a bad hexadecimal escape")
            self.at += width
            return chr(int(digits, 16))
        if nxt.isalnum():  # back-references, \A, \Z, \N{…}: not in our subset
            raise self.fail(f"the escape \\{nxt}")
        return nxt

    def char_class(self) -> Node:
        """`[…]`: one literal when it holds a single character, else a CharSet."""
        self.at += 1
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        members: list[str | None] = []  # a character, or None for a range or a category
        nonword = True
        first = True
        while True:
            ch = self.peek()
            if not ch:
                raise self.fail("an unclosed class")
            if ch == "]" and not first:
                self.at += 1
                break
            first = False
            if ch == "\\":
                nxt = self.source[self.at + 1 : self.at + 2]
                self.at += 2
                if nxt in _SET_ESCAPES:
                    members.append(None)
                    nonword = nonword and nxt in _NONWORD_ESCAPES
                    continue
                ch = self.escaped_char(nxt)
            else:
                self.at += 1
            if self.peek() == "-" and self.peek(2)[1:] not in ("]", ""):
                self.at += 1
                end = self.peek()
                self.at += 1
                if end == "\\":
                    self.at += 1
                    self.escaped_char(end)
                members.append(None)
                nonword = False
                continue
            members.append(ch)
            nonword = nonword and not _is_word(ch)
        if not negated and len(members) == 1 and members[0] is not None:
            return Char(members[0].lower())
        return CharSet(nonword=nonword and not negated)


def read_pattern(source: str) -> tuple[Node, ...]:
    """The pattern as a sequence of nodes; a top-level alternation is one Group."""
    reader = _Reader(source)
    branches = reader.alternatives()
    if reader.at != len(source):
        raise reader.fail("an unbalanced parenthesis")
    return branches[0] if len(branches) == 1 else (Group("group", branches),)


# --- covers ---------------------------------------------------------------------------


def pattern_covers(source: str) -> tuple[frozenset[str], ...]:
    """The covers of a pattern (see the module's docstring); none for one we cannot read."""
    try:
        nodes = read_pattern(source)
    except UnreadablePattern:
        return ()
    return tuple(dict.fromkeys(_covers(nodes, word_start=False)))


def _covers(items: Sequence[Node], word_start: bool) -> list[frozenset[str]]:
    """Covers of a sequence; `word_start`: whether it begins at the start of a word."""
    covers: list[frozenset[str]] = []
    run, run_ok, at_start = "", False, word_start

    def close() -> None:
        nonlocal run
        if run_ok and len(run) >= MIN_KEY:
            covers.append(frozenset([run[:MAX_KEY]]))
        run = ""

    for node in items:
        if isinstance(node, Char):
            if node.is_word:
                if not run:
                    run_ok = at_start
                run += node.char
                at_start = False
            else:
                close()
                at_start = True
        elif isinstance(node, Anchor):
            close()
            at_start = node.word_start
        elif isinstance(node, CharSet):
            close()
            at_start = node.nonword
        elif isinstance(node, Repeat):
            close()
            if node.min >= 1:
                covers.extend(_covers((node.node,), at_start))
                at_start = _ends_nonword((node.node,))
            else:  # optional: what follows starts a word only if both ways do
                at_start = at_start and _ends_nonword((node.node,))
        elif node.kind == "group":
            if run:  # the group continues a word: "pass(words?|phrases?)"
                keys = frozenset((run + _lead(branch))[:MAX_KEY] for branch in node.branches)
                if run_ok and min(map(len, keys)) >= MIN_KEY:
                    covers.append(keys)
                run = ""
            else:
                covers.extend(_alternatives_covers(node.branches, at_start))
            at_start = all(_ends_nonword(branch) for branch in node.branches)
        elif node.kind in ("ahead", "behind"):  # what a lookaround sees is in the text too
            close()
            start = at_start if node.kind == "ahead" else False
            covers.extend(_alternatives_covers(node.branches, start))
            if node.kind == "behind":
                at_start = False
        # a negative lookaround consumes nothing and requires nothing
    close()
    return covers


def _alternatives_covers(
    branches: Sequence[Sequence[Node]], word_start: bool
) -> list[frozenset[str]]:
    """Covers of a choice: all of a single branch's; else one cover joining each
    branch's most selective one (none when some branch has none)."""
    if len(branches) == 1:
        return _covers(branches[0], word_start)
    best = [_best(_covers(branch, word_start)) for branch in branches]
    return [frozenset().union(*best)] if all(best) else []


def _ends_nonword(items: Sequence[Node]) -> bool:
    """Whether every match of a sequence ends with a non-word character."""
    if not items:
        return False
    last = items[-1]
    if isinstance(last, Char):
        return not last.is_word
    if isinstance(last, CharSet):
        return last.nonword
    if isinstance(last, Repeat):
        return last.min >= 1 and _ends_nonword((last.node,))
    if isinstance(last, Group) and last.kind == "group":
        return all(_ends_nonword(branch) for branch in last.branches)
    return False


def _lead(items: Sequence[Node]) -> str:
    """The word characters a branch starts with ("" if none)."""
    lead = ""
    for node in items:
        if not isinstance(node, Char) or not node.is_word:
            break
        lead += node.char
    return lead


# Keys so frequent in policies that a cover containing one filters little.
_COMMON_WORDS = (
    "the and are not you your our that this with for use uses used must should may can will "
    "all any each every post posts posting work team data page pages social media account "
    "accounts policy policies information public personal about what when how why who one "
    "once time news help want read sign name don keep live tag pin code unit year never "
    "always avoid limit reply mention state say clear where take join active organi company "
    "busines service guid privacy commun offic official section rights records protection "
    "approved updated published effective issued before"
)
_COMMON_KEYS = frozenset(_COMMON_WORDS.split())


def _best(covers: Sequence[frozenset[str]]) -> frozenset[str] | None:
    """The most selective cover: fewest common keys, then longest shortest key."""
    if not covers:
        return None
    return max(
        covers,
        key=lambda c: (-sum(1 for k in c if k in _COMMON_KEYS), min(map(len, c)), -len(c)),
    )


# --- compiled patterns ----------------------------------------------------------------


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    regex: re.Pattern[str]
    covers: tuple[frozenset[str], ...]

    def possible(self, keys: frozenset[str]) -> bool:
        """Whether a text with these keys could match (False: it certainly cannot)."""
        return not any(cover.isdisjoint(keys) for cover in self.covers)


def compile_pattern(source: str) -> CompiledPattern:
    return CompiledPattern(source, re.compile(source, FLAGS), pattern_covers(source))


@dataclass(frozen=True)
class CompiledPatterns:
    """One language's patterns for one topic or rule."""

    language: str
    patterns: tuple[CompiledPattern, ...]

    def search(self, text: str, keys: frozenset[str]) -> bool:
        return any(p.possible(keys) and p.regex.search(text) for p in self.patterns)


def compile_patterns(by_language: dict[str, list[str]]) -> dict[str, CompiledPatterns]:
    """Compile each language's patterns (case-insensitive) with their covers."""
    return {
        language: CompiledPatterns(language, tuple(compile_pattern(p) for p in patterns))
        for language, patterns in by_language.items()
        if patterns
    }


def snippet(match: re.Match[str], text: str) -> str:
    """What a match covered; for a lookahead-only pattern, the start of the text."""
    found = match.group(0).strip()
    if found:
        return found
    return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + " …"


# --- a set of patterns ----------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """One pattern of one owner (a topic or a rule) in one language."""

    owner: int  # position of the topic or rule
    language: str
    pattern: CompiledPattern
    rest: tuple[frozenset[str], ...]  # covers other than the indexed one


@dataclass(eq=False)  # compared and hashed by identity, as the cache inside is its own
class PatternSet:
    """The patterns of a taxonomy's topics (or of a rule set), ready to run on paragraphs.

    `owners[n]` holds the `patterns` of topic or rule n by language, `vetoes` their
    `exclude` patterns. `keys(text)` gives what the pre-filter needs to know of a text;
    `hits(text, keys, languages)` runs only the patterns whose covers all meet those keys
    and gives, per owner, the matches that explain it.
    """

    owners: Sequence[dict[str, CompiledPatterns]]
    vetoes: Sequence[dict[str, CompiledPatterns]] = ()
    _slots: list[_Slot] = field(init=False, repr=False)
    _by_key: dict[str, dict[str, list[int]]] = field(init=False, repr=False)
    _always: dict[str, list[int]] = field(init=False, repr=False)
    _known: frozenset[str] = field(init=False, repr=False)
    _prefixes: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._slots, self._by_key, self._always = [], {}, {}
        for owner, groups in enumerate(self.owners):
            for language, group in groups.items():
                for pattern in group.patterns:
                    self._add(owner, language, pattern)
        every = [*self.owners, *self.vetoes]
        self._known = frozenset(
            key
            for groups in every
            for group in groups.values()
            for pattern in group.patterns
            for cover in pattern.covers
            for key in cover
        )
        self._prefixes = {}

    def _add(self, owner: int, language: str, pattern: CompiledPattern) -> None:
        best = _best(pattern.covers)
        number = len(self._slots)
        self._slots.append(
            _Slot(owner, language, pattern, tuple(c for c in pattern.covers if c is not best))
        )
        if best is None:
            self._always.setdefault(language, []).append(number)
        for key in best or ():
            self._by_key.setdefault(language, {}).setdefault(key, []).append(number)

    def keys(self, text: str) -> frozenset[str]:
        """The word prefixes (3 to 12 characters, lowercase) of a text that a cover uses."""
        words = set(_TOKEN_RE.findall(text.lower()))
        cache = self._prefixes
        new = words.difference(cache)
        if new:
            if len(cache) > WORD_CACHE_LIMIT:
                cache.clear()
                new = words
            known = self._known
            for word in new:
                prefixes = (word[:n] for n in range(MIN_KEY, min(len(word), MAX_KEY) + 1))
                cache[word] = tuple(p for p in prefixes if p in known)
        return frozenset().union(*map(cache.__getitem__, words))

    def hits(
        self, text: str, keys: frozenset[str], languages: Iterable[str]
    ) -> dict[int, list[PatternMatch]]:
        found: set[int] = set()
        for language in languages:
            found.update(self._always.get(language, ()))
            index = self._by_key.get(language)
            if index:
                for key in keys & index.keys():
                    found.update(index[key])
        out: dict[int, list[PatternMatch]] = {}
        for number in sorted(found):
            slot = self._slots[number]
            if slot.rest and any(map(keys.isdisjoint, slot.rest)):
                continue  # a cover the text does not meet
            m = slot.pattern.regex.search(text)
            if m:
                match = PatternMatch(slot.language, slot.pattern.source, snippet(m, text))
                out.setdefault(slot.owner, []).append(match)
        return out
