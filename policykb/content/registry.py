"""The registry: one `content/sources/<id>.yaml` per tracked document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policykb.content import paths
from policykb.content.errors import Problem, ProblemError
from policykb.content.models import RegistryEntry
from policykb.content.yamlfile import parse_yaml, read_text, validate_model

DEFAULT_SOURCES_DIR = paths.sources_dir()
MAX_ENTRY_BYTES = 64 * 1024  # a registry file is well under 2 KB


def load_entry(path: Path, within: Path | None = None) -> RegistryEntry:
    """Load and validate one registry file; its id must equal its file name.

    Only a regular file of at most MAX_ENTRY_BYTES is read; with `within` (the registry
    folder), a symbolic link that leads outside it is refused."""
    doc = parse_yaml(read_text(path, limit=MAX_ENTRY_BYTES, within=within), str(path))
    entry = validate_model(RegistryEntry, doc)
    if entry.id != path.stem:
        raise ProblemError(
            [
                Problem(
                    str(path),
                    doc.line_of(("id",)),
                    f"id '{entry.id}' differs from the file name '{path.stem}'",
                )
            ]
        )
    return entry


@dataclass
class Registry:
    entries: dict[str, RegistryEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


def load_registry(directory: Path = DEFAULT_SOURCES_DIR) -> Registry:
    """Every valid entry, sorted by id, plus every problem found along the way."""
    registry = Registry()
    if not directory.is_dir():
        registry.problems.append(Problem(str(directory), 0, "registry directory not found"))
        return registry
    paths = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    for path in sorted(paths):
        try:
            entry = load_entry(path, within=directory)
        except ProblemError as exc:
            registry.problems.extend(exc.problems)
            continue
        if entry.id in registry.entries:
            registry.problems.append(Problem(str(path), 1, f"duplicate id '{entry.id}'"))
            continue
        registry.entries[entry.id] = entry
    return registry
