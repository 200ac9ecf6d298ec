"""Data models: registry entries and corpus front matter.

The models are the single description of both formats (DESIGN.md, "Registry entry" and
"Corpus document"). Unknown keys are errors everywhere.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, TypeAdapter

Sector = Literal[
    "company",
    "government",
    "education",
    "healthcare",
    "military",
    "media",
    "nonprofit",
    "legal-guidance",
    "template",
]
DocType = Literal[
    "policy", "guidelines", "handbook-page", "legal-memo", "legal-decision", "template"
]
Audience = Literal["work", "personal", "both"]
Status = Literal["active", "archived", "withdrawn"]

SECTORS: tuple[str, ...] = Sector.__args__
DOC_TYPES: tuple[str, ...] = DocType.__args__

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^(?:[A-Z]{2}|international)$")
# BCP 47, the common subset: language, optional script, optional region.
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")

_http_url = TypeAdapter(HttpUrl)

# Field limits: far above any real entry (the longest title today is 148 characters), low
# enough that one hostile file cannot turn a page into megabytes.
MAX_ID = 100
MAX_LINE = 500  # title, organization
MAX_PROSE = 5000  # summary, notes
MAX_URL = 2048
MAX_SELECTOR = 500
MAX_SELECTORS = 20
MAX_TOPICS = 50
# C0 and C1 control characters, DEL, and the non-characters XML 1.0 forbids.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_PROSE_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _short(value: str, limit: int = 60) -> str:
    """A value quoted for a message, cut to `limit` characters."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _no_controls(regex: re.Pattern[str]):
    def check(value: str) -> str:
        if match := regex.search(value):
            raise ValueError(f"contains a control character (U+{ord(match.group()):04X})")
        return value

    return AfterValidator(check)


def _check_url(value: str) -> str:
    """Accept an absolute http(s) URL and keep it exactly as written."""
    _http_url.validate_python(value)
    if not value.startswith(("http://", "https://")) or any(c.isspace() for c in value):
        raise ValueError("must be an absolute http:// or https:// URL without spaces")
    return value


def _pattern(regex: re.Pattern[str], what: str):
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"{_short(value)} is not {what}")
        return value

    return AfterValidator(check)


Url = Annotated[str, Field(max_length=MAX_URL), AfterValidator(_check_url)]
Slug = Annotated[
    str,
    Field(max_length=MAX_ID),
    _pattern(SLUG_RE, "a kebab-case id (a-z, 0-9 and single hyphens)"),
]
Country = Annotated[str, _pattern(COUNTRY_RE, "an ISO 3166-1 alpha-2 code or 'international'")]
Language = Annotated[str, _pattern(LANGUAGE_RE, "a BCP 47 language tag such as 'en' or 'pt-BR'")]
Sha256 = Annotated[str, _pattern(SHA256_RE, "a lowercase hex SHA-256 digest")]
Text = Annotated[str, Field(min_length=1)]
# Registry text: one line (title, organization) or prose (summary, notes), bounded.
Line = Annotated[str, Field(min_length=1, max_length=MAX_LINE), _no_controls(_CONTROL_RE)]
Prose = Annotated[str, Field(min_length=1, max_length=MAX_PROSE), _no_controls(_PROSE_CONTROL_RE)]


def _check_css(value: str) -> str:
    """A CSS selector that the crawler's selector engine (cssselect) can use."""
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(value)
    except SelectorError as exc:
        raise ValueError(f"{_short(value)} is not a valid CSS selector ({exc})") from None
    except RecursionError:  # cssselect parses nested :not(:is(...)) recursively
        raise ValueError(f"{_short(value)} is nested too deeply") from None
    return value


Css = Annotated[str, Field(min_length=1, max_length=MAX_SELECTOR), AfterValidator(_check_css)]
Selectors = Css | Annotated[list[Css], Field(max_length=MAX_SELECTORS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class RegistryEntry(_Strict):
    """One tracked document: `content/sources/<id>.yaml`."""

    id: Slug
    title: Line
    organization: Line
    sector: Sector
    country: Country
    language: Language
    doc_type: DocType
    url: Url
    select: Selectors | None = None
    remove: Selectors | None = None
    audience: Audience | None = None
    summary: Prose | None = None
    topics: list[Slug] = Field(default_factory=list, max_length=MAX_TOPICS)
    notes: Prose | None = None
    status: Status = "active"

    def selector_list(self, field: Literal["select", "remove"]) -> list[str]:
        value = getattr(self, field)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)


class ArchiveRef(_Strict):
    """Where a corpus document's snapshot lives: WARC file name and record id."""

    file: Text
    record_id: Text


class Version(_Strict):
    retrieved: datetime
    content_sha256: Sha256


class FlagRef(_Strict):
    """An NLRB rule that matched a paragraph of the document."""

    rule: Slug
    paragraph: int = Field(ge=0)


class CorpusFrontMatter(RegistryEntry):
    """Front matter of `content/corpus/<id>.md`: every registry fact plus the capture facts."""

    final_url: Url
    retrieved: datetime
    content_sha256: Sha256
    archive: ArchiveRef
    word_count: int = Field(ge=0)
    detected_language: str | None = None
    duplicate_of: Slug | None = None
    tips: list[Annotated[int, Field(ge=1, le=10)]] = Field(default_factory=list)
    nlrb_flags: list[FlagRef] = Field(default_factory=list)
    versions: list[Version] = Field(default_factory=list)
