"""The registry and corpus loaders: whatever a file holds, the answer is an entry or a
`ProblemError` whose problems name that file and a line; never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_strategies import hostile_text, nasty
from hypothesis import given
from hypothesis import strategies as st

from policykb.content.corpus import load_corpus_document
from policykb.content.errors import ProblemError
from policykb.content.models import CorpusFrontMatter, RegistryEntry
from policykb.content.registry import load_entry, load_registry
from policykb.content.yamlfile import parse_yaml

KEYS = ["id", "title", "organization", "sector", "country", "language", "doc_type", "url",
        "select", "remove", "audience", "summary", "topics", "notes", "status", "colour", "<<"]  # fmt: skip
GOOD = {
    "id": "kea-point-rowing-club",
    "title": "Social media guidelines",
    "organization": "Kea Point Rowing Club",
    "sector": "nonprofit",
    "country": "NZ",
    "language": "en",
    "doc_type": "guidelines",
    "url": "https://kea.example/social-media",
}


@st.composite
def registry_text(draw) -> str:
    """A registry file: mostly well-formed, with hostile keys, values and lines mixed in."""
    pairs = dict(GOOD)
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6)):
        pairs[key] = draw(hostile_text)
    lines = [f"{k}: {v}" for k, v in pairs.items()]
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(hostile_text))
    if draw(st.booleans()):  # a duplicate key
        lines.append(f"{draw(st.sampled_from(KEYS))}: {draw(nasty)}")
    return "\n".join(lines) + "\n"


def check_problems(exc: ProblemError, path: Path) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.path == str(path)
        assert problem.line >= 1
        assert len(problem.message) < 2000  # never the whole of a huge value


@given(st.one_of(registry_text(), st.text(max_size=400), st.binary(max_size=400)))
def test_load_entry_gives_an_entry_or_problems(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kea-point-rowing-club.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            entry = load_entry(path, within=Path(folder))
        except ProblemError as exc:
            check_problems(exc, path)
        else:
            assert isinstance(entry, RegistryEntry) and entry.id == path.stem
        registry = load_registry(Path(folder))  # the folder view never raises either
        assert len(registry) + len({p.path for p in registry.problems}) == 1


@given(st.text(max_size=600))
def test_parse_yaml_gives_a_document_or_problems(text):
    try:
        parse_yaml(text, "fuzz.yaml", line_offset=1)
    except ProblemError as exc:
        for problem in exc.problems:
            assert problem.path == "fuzz.yaml" and problem.line >= 2


@given(registry_text(), st.text(max_size=300))
def test_load_corpus_document_gives_a_document_or_problems(front, body):
    extra = "final_url: https://kea.example/x\nretrieved: 2026-01-01T00:00:00Z\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kea-point-rowing-club.md"
        path.write_text(f"---\n{front}{extra}---\n{body}", encoding="utf-8", errors="surrogatepass")
        try:
            document = load_corpus_document(path, within=Path(folder))
        except ProblemError as exc:
            check_problems(exc, path)
        else:
            assert isinstance(document.front, CorpusFrontMatter)
