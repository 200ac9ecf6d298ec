"""Read YAML files so that every problem can be reported as `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from policykb.errors import Problem, ProblemError

M = TypeVar("M", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (about ten times faster); one parse gives
# both the node tree (for line numbers) and the data.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    path: str
    data: Any
    node: yaml.Node | None
    line_offset: int = 0

    def line_of(self, loc: tuple[Any, ...]) -> int:
        """The 1-based line of the value at `loc` (keys and list indexes), best effort."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        return line + self.line_offset


def _child(node: yaml.Node | None, part: Any) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return None, node.value[part]
    return None


def parse_yaml(text: str, path: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document; malformed YAML becomes a ProblemError with its line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        reason = exc.problem or exc.context or "malformed YAML"
        raise ProblemError([Problem(path, line, f"malformed YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise ProblemError([Problem(path, 1 + line_offset, f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, node, line_offset)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError([Problem(str(path), 1, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise ProblemError([Problem(str(path), 1, f"cannot read: {exc.strerror}")]) from None


def validate_model(model: type[M], doc: YamlDocument) -> M:
    """Validate `doc.data` against `model`; each error becomes a Problem with its line."""
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else type(doc.data).__name__
        raise ProblemError([Problem(doc.path, doc.line_of(()), f"expected a mapping, got {kind}")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem(doc, err) for err in exc.errors(include_url=False)]
        raise ProblemError(sorted(set(problems))) from None


def _problem(doc: YamlDocument, err: dict[str, Any]) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    # Drop union-branch names pydantic inserts, such as 'str' or 'list[str]'.
    loc = tuple(p for p in loc if p not in {"str", "list", "function-after"})
    field = ".".join(str(p) for p in loc) or "(document)"
    if err["type"] == "extra_forbidden":
        message = f"unknown key '{field}'"
    elif err["type"] == "missing":
        message = f"missing required key '{field}'"
    elif err["type"] == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        message = f"{field}: {err['input']!r} is not allowed; expected {allowed}"
    else:
        message = f"{field}: {err['msg'].removeprefix('Value error, ')}"
    return Problem(doc.path, doc.line_of(loc), message)
