"""Read YAML files so that every problem can be reported as `path:line: message`.

Hostile input is a problem like any other: a file is read only if it is a regular file
under its size limit; duplicate keys are errors; aliases may not expand past
`MAX_NODES` values (a "billion laughs" document) or refer to themselves; an impossible
date or an integer too long to convert is reported at its line.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from policykb.content.errors import FileRefused, Problem, ProblemError
from policykb.content.storage import read_bytes_limited

M = TypeVar("M", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (about ten times faster); one parse gives
# both the node tree (for line numbers) and the data.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_YAML_BYTES = 1024 * 1024  # taxonomy, rules, clauses: about 70 KB today
MAX_NODES = 100_000  # values in a document once its aliases are expanded


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, with constructors that report bad scalars at their line."""


def _scalar_error(node: yaml.Node, message: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _construct_timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise _scalar_error(node, f"invalid date {_short(node.value)} ({exc})") from None


def _construct_int(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except (ValueError, OverflowError):
        raise _scalar_error(node, f"number too long ({len(node.value):,} characters)") from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 60
_repr.maxlevel = 2


def _short(value: Any) -> str:
    """A bounded repr for messages: never the whole of a huge or deeply nested value."""
    return _repr.repr(value)


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
        if node is not None:
            problems = _check_tree(node, path, line_offset)
            if problems:
                raise ProblemError(problems)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        reason = exc.problem or exc.context or "malformed YAML"
        raise ProblemError([Problem(path, line, f"malformed YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise ProblemError([Problem(path, 1 + line_offset, f"malformed YAML: {exc}")]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # defence in depth
        message = f"malformed YAML: {type(exc).__name__}: {_short(str(exc))}"
        raise ProblemError([Problem(path, 1 + line_offset, message)]) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, node, line_offset)


def _check_tree(root: yaml.Node, path: str, line_offset: int) -> list[Problem]:
    """Duplicate keys, self-referring aliases and documents that expand past MAX_NODES.

    An alias is the same node object as its anchor, so the expanded size of each node is
    computed once (memo) and the walk stays linear in the size of the file."""
    problems: list[Problem] = []
    size: dict[int, int] = {}
    visiting: set[int] = set()

    def line(node: yaml.Node) -> int:
        return node.start_mark.line + 1 + line_offset

    def walk(node: yaml.Node) -> int:
        key = id(node)
        if key in size:
            return size[key]
        if key in visiting:
            raise ProblemError([Problem(path, line(node), "an alias refers to its own anchor")])
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if (
                    isinstance(key_node, yaml.ScalarNode)
                    and key_node.tag != "tag:yaml.org,2002:merge"
                ):
                    name = key_node.value
                    if name in seen:
                        problems.append(
                            Problem(
                                path,
                                line(key_node),
                                f"duplicate key {_short(name)} (first on line {seen[name]})",
                            )
                        )
                    else:
                        seen[name] = line(key_node)
                total += walk(key_node) + walk(value_node)
                if total > MAX_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += walk(item)
                if total > MAX_NODES:
                    break
        visiting.discard(key)
        if total > MAX_NODES:
            message = f"too many values: aliases expand this document past {MAX_NODES:,}"
            raise ProblemError([Problem(path, line(node), message)])
        size[key] = total
        return total

    walk(root)
    return problems


def read_text(path: Path, *, limit: int = MAX_YAML_BYTES, within: Path | None = None) -> str:
    """A UTF-8 text file; anything we will not read is a Problem on its line 1.

    Only regular files up to `limit` bytes are read (`read_bytes_limited`); with `within`,
    a symbolic link that leads outside that folder is refused too."""
    try:
        data = read_bytes_limited(path, limit, within=within)
    except FileRefused as exc:
        raise ProblemError([Problem(str(path), 1, exc.reason)]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProblemError([Problem(str(path), line, f"not UTF-8 text ({exc.reason})")]) from None


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
    loc, message = describe_error(err)
    return Problem(doc.path, doc.line_of(loc), message)


def describe_error(err: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    """(location, message) of one pydantic error, in the words `validate` prints."""
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
        message = f"{field}: {_short(err['input'])} is not allowed; expected {allowed}"
    elif err["type"] in {"string_too_long", "too_long"} and "max_length" in err.get("ctx", {}):
        unit = "characters" if err["type"] == "string_too_long" else "items"
        limit = err["ctx"]["max_length"]
        size = f"{len(err['input']):,} {unit}" if hasattr(err["input"], "__len__") else unit
        message = f"{field}: too long ({size}; the limit is {limit:,})"
    else:
        message = f"{field}: {err['msg'].removeprefix('Value error, ')}"
    return loc, message
