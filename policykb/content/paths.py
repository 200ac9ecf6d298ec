"""Where the project's files are: one answer for every module and command.

- **In a checkout** (this package imported from a folder that also holds `pyproject.toml`
  and `content/`, as `make`, `pip install -e .` and `python -m policykb` in the repository
  do): everything is that checkout's `content/` (and `data/`), whatever the working
  directory. The taxonomy and the NLRB rules are read from `content/`, so edits show at once.
- **Installed** (`pip install .`): the registry, the corpus, the clauses and the captures
  are the working directory's `content/` and `data/` (relative paths, as before); the
  taxonomy and the NLRB rules are the working directory's `content/` files when it has
  them, else the copies shipped in the package (`policykb/data/content/`, copied from
  `content/` when the wheel is built: see `setup.py`), read with `importlib.resources`.

Commands take `--taxonomy`, `--rules`, `--sources-dir`, ... to point elsewhere. Functions
resolve at call time; the `DEFAULT_*` constants of other modules are these values at import.
"""

from __future__ import annotations

import atexit
import contextlib
from functools import cache
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # policykb/

# Names relative to a project folder; the Sphinx extension's defaults use them too.
CONTENT = Path("content")
DATA = Path("data")
SOURCES = CONTENT / "sources"
CORPUS = CONTENT / "corpus"
CLAUSES = CONTENT / "clauses" / "clauses.yaml"
TAXONOMY = CONTENT / "taxonomy.yaml"
RULES = CONTENT / "nlrb" / "rules.yaml"
ARCHIVE = DATA / "archive"
CRAWL_REPORT = DATA / "crawl-report.json"

# Files of `content/` that the wheel carries (as `policykb/data/content/<name>`) because
# `policykb tag` and `check` need them anywhere. setup.py keeps the same list.
SHIPPED = ("taxonomy.yaml", "nlrb/rules.yaml")
PACKAGED_CONTENT = ("data", "content")  # inside the package


@cache
def repo_root() -> Path | None:
    """The checkout this package runs from, or None when it is installed."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / CONTENT).is_dir():
        return root
    return None


def project_dir() -> Path:
    """The checkout's root, else the working directory (as the relative path `.`)."""
    return repo_root() or Path()


def content_dir() -> Path:
    return project_dir() / CONTENT


def data_dir() -> Path:
    return project_dir() / DATA


def sources_dir() -> Path:
    return project_dir() / SOURCES


def corpus_dir() -> Path:
    return project_dir() / CORPUS


def clauses_path() -> Path:
    return project_dir() / CLAUSES


def archive_dir() -> Path:
    return project_dir() / ARCHIVE


def crawl_report() -> Path:
    return project_dir() / CRAWL_REPORT


def taxonomy_path() -> Path:
    """The taxonomy the tagger uses by default (see the module's docstring)."""
    return _content_file(TAXONOMY)


def rules_path() -> Path:
    """The NLRB rules the checker uses by default (see the module's docstring)."""
    return _content_file(RULES)


def shared_data_dir() -> Path:
    """`../shared/data` beside the checkout: real documents, read in place (development)."""
    return project_dir().absolute().parent / "shared" / "data"


def _content_file(relative: Path) -> Path:
    local = project_dir() / relative
    if repo_root() is not None or local.is_file():
        return local  # a checkout's content/ wins, even when the file is missing (say so)
    packaged = packaged_file(relative.relative_to(CONTENT).as_posix())
    return packaged if packaged is not None else local


_EXTRACTED = contextlib.ExitStack()
atexit.register(_EXTRACTED.close)


@cache
def packaged_file(name: str) -> Path | None:
    """A file shipped in `policykb/data/content/` (`name` like "nlrb/rules.yaml"), as a
    path on disk (extracted once if the package is zipped), or None if absent."""
    ref = resources.files("policykb")
    for part in (*PACKAGED_CONTENT, *name.split("/")):
        ref = ref / part
    if not ref.is_file():
        return None
    if isinstance(ref, Path):
        return ref
    return _EXTRACTED.enter_context(resources.as_file(ref))


def shown(path: Path) -> Path:
    """`path` as a user would type it: relative when it lies under the working directory."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except (ValueError, OSError):
        return path
