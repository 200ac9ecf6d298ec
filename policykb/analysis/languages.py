"""Which languages a text is written in: one detector for the tagger, the corpus and the page.

Short, frequent function words tell the languages of the taxonomy's patterns apart in a
few sentences; only the words that belong to a single language count. Hiragana and
katakana are written only in Japanese. checker-engine.js (`detectLanguages`) counts the
same words (`policykb.analysis.checker.browser_data` gives it the lists), so the page picks the
languages that `policykb check` picks.

- `detect_languages(text)`: every language with a real share of the function words, most
  frequent first, then Japanese when the text has at least `MIN_KANA` kana; the tagger
  runs the patterns of these languages.
- `detect_language(text)`: the main one, or None: the corpus's `detected_language`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

SAMPLE = 200_000  # characters of a text that are looked at
MIN_COUNT = 3  # function words a language needs before it counts
MIN_SHARE = 0.25  # of the most frequent language's count
MIN_KANA = 20  # a few sentences' worth


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to is are you your for with that this be not on or"),
    "nl": _words("de het een en van is zijn je uw niet op voor met dat die wij"),
    "de": _words("der die das und ist sind nicht mit für auf ein eine zu wir ihr sie"),
    "fr": _words("le la les et est sont des du une vous pour avec pas sur nous ne"),
    "es": _words("el la los las y es son del una para con por que no se su de en un"),
    "it": _words("il lo la gli le e è sono del della una per con non che si di in un"),
    "pt": _words("não são você também está uma dos ao pelo pela pelos seu sua em os"),
    "sv": _words("och att det som är inte för med på av vi ni till om har den"),
}
# Only words that belong to a single language tell languages apart.
STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(
        w for w in words if not any(w in other for o, other in _FUNCTION_WORDS.items() if o != lang)
    )
    for lang, words in _FUNCTION_WORDS.items()
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")


def function_word_counts(text: str, candidates: Iterable[str] = STOPWORDS) -> dict[str, int]:
    words = Counter(_WORD_RE.findall(text[:SAMPLE].lower()))
    return {lang: sum(words[w] for w in STOPWORDS[lang]) for lang in candidates}


def kana_count(text: str) -> int:
    return len(_KANA_RE.findall(text[:SAMPLE]))


def detect_languages(text: str, candidates: Iterable[str] = STOPWORDS) -> list[str]:
    """Languages with a real share of the text's function words, most frequent first;
    then Japanese when the text has at least `MIN_KANA` kana."""
    counts = function_word_counts(text, candidates)
    best = max(counts.values(), default=0)
    found = []
    if best >= MIN_COUNT:
        found = sorted(
            (lang for lang, n in counts.items() if n >= MIN_COUNT and n >= MIN_SHARE * best),
            key=lambda lang: (-counts[lang], lang),
        )
    if kana_count(text) >= MIN_KANA:
        found.append("ja")
    return found


def detect_language(text: str) -> str | None:
    """The text's main language (ISO 639-1), None when it cannot tell: Japanese when it
    has more kana than the most frequent language has function words, else that one."""
    counts = function_word_counts(text)
    best = max(counts.values(), default=0)
    kana = kana_count(text)
    if kana >= MIN_KANA and kana >= best:
        return "ja"
    if best < MIN_COUNT:
        return None
    return min(counts, key=lambda lang: (-counts[lang], lang))
