"""Imports point one way, stage by stage (docs/decisions.md, "A package per pipeline stage").

Every module of `policykb/` and `crawler/` is parsed with `ast`; each import, wherever it
stands (imports inside functions too), must name a module of its own stage or of an
earlier one:

    content  →  analysis  →  ingest  →  site | crawler | evaluation  →  commands  →  cli

The three stages on one level never import one another. Third-party stacks stay with the
stage that needs them: Sphinx and docutils in `site`, Scrapy in `crawler` (and the `crawl`
command that starts it), scikit-learn in `evaluation`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Stage name -> (rank, module prefix). A module may import its own stage and lower ranks.
STAGES = {
    "content": (0, "policykb.content"),
    "analysis": (1, "policykb.analysis"),
    "ingest": (2, "policykb.ingest"),
    "site": (3, "policykb.site"),
    "crawler": (3, "crawler"),
    "evaluation": (3, "policykb.evaluation"),
    "commands": (4, "policykb.commands"),
    "cli": (5, "policykb.cli"),
    "main": (6, "policykb.__main__"),
}
# Third-party top-level packages -> the stages allowed to import them.
LIBRARIES = {
    "sphinx": {"site"},
    "docutils": {"site"},
    "scrapy": {"crawler", "commands"},
    "twisted": {"crawler", "commands"},
    "sklearn": {"evaluation"},
}


def stage_of(module: str) -> str | None:
    """The stage of a dotted module name; None for `policykb` itself (its version only)
    and for modules outside the project."""
    for name, (_, prefix) in STAGES.items():
        if module == prefix or module.startswith(prefix + "."):
            return name
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in `source`, relative imports resolved; for
    `from X import a`, both X and X.a (a may be a submodule)."""
    found = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """What is wrong with the imports of `module` (its `source`), one line each."""
    own = stage_of(module)
    if own is None:
        return [] if module == "policykb" else [f"{module}: belongs to no stage"]
    rank = STAGES[own][0]
    problems: dict[tuple[int, str], str] = {}  # one per import statement and what it reaches
    for line, name in imported_modules(source, module, is_package):
        top = name.split(".")[0]
        if top in LIBRARIES and own not in LIBRARIES[top]:
            allowed = ", ".join(sorted(LIBRARIES[top]))
            problems.setdefault((line, top), f"{module}:{line}: imports {name} ({allowed} only)")
        other = stage_of(name)
        if other is not None and other != own and STAGES[other][0] >= rank:
            message = f"{module}:{line}: {own} imports {name}, of a later stage ({other})"
            problems.setdefault((line, other), message)
    return list(problems.values())


def project_modules() -> list[Path]:
    return sorted([*(REPO / "policykb").rglob("*.py"), *(REPO / "crawler").rglob("*.py")])


def test_every_module_imports_only_its_own_or_an_earlier_stage():
    problems = []
    for path in project_modules():
        source = path.read_text(encoding="utf-8")
        problems += violations(source, module_name(path), path.name == "__init__.py")
    assert problems == []


def test_every_module_belongs_to_a_stage():
    top = {p.name for p in (REPO / "policykb").iterdir() if not p.name.startswith((".", "_"))}
    top.discard("py.typed")
    assert top == {
        "cli.py",
        "commands",
        "content",
        "analysis",
        "ingest",
        "site",
        "evaluation",
        "data",  # package data files (model weights, labels): no modules
    }
    assert not list((REPO / "policykb" / "data").rglob("*.py"))


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("policykb.content.corpus", "from policykb.analysis.tagger import tag_markdown", 1),
        ("policykb.content.corpus", "def f():\n    import policykb.ingest.dedupe", 1),
        ("policykb.analysis.tagger", "from policykb.ingest import text", 1),
        ("policykb.site.data", "from policykb.evaluation import crossval", 1),
        ("policykb.ingest.record", "from ..site import export", 1),
        ("policykb.analysis.model", "from sklearn.linear_model import LogisticRegression", 1),
        ("crawler.replay", "from policykb.commands import crawl", 1),
        ("policykb.ingest.record", "from policykb.analysis.annotate import annotate_document", 0),
        ("policykb.site.data", "from . import state\nfrom policykb import __version__", 0),
        ("policykb.commands.crawl", "from crawler.spiders.sources import SourcesSpider", 0),
    ],
)
def test_the_check_finds_an_import_from_a_later_stage(module, source, expected):
    assert len(violations(source, module, is_package=False)) == expected
