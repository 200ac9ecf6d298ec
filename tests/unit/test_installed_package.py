"""The package works outside a checkout (issue 9.2): `pip install .` into a fresh virtual
environment, then `policykb tag`, `check` and `validate --help` from a folder far from the
repository, with the taxonomy and NLRB rules the wheel carries.

The new environment sees this one's site-packages through a `.pth` line (so no dependency
is downloaded) and pip installs only policykb (`--no-deps`); pip builds the wheel with the
setuptools of pyproject.toml's build-system (from the package index, or this environment's
own when it is new enough). Skipped when pip cannot get a build backend (offline).
About 10-20 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# Not part of the package build; left out of the copy we build from.
SKIP_TOP = {".git", ".venv", "_build", "build", "dist", "data", "tests", "docs", "bench", "tools"}
SKIP_ANY = {"__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "node_modules"}
OFFLINE = re.compile(
    r"No matching distribution found for setuptools|Could not find a version that satisfies"
    r"|NewConnectionError|Network is unreachable|Temporary failure in name resolution",
)

DRAFT = """\
# Social media policy of the Harbour Lane Bakery (a fictional example)

Our social media team runs the bakery's official accounts and answers questions within a day.

Employees must not discuss their wages, salaries or benefits with anyone, including on
social media.

Never share your account password with anyone, and turn on two-factor authentication.
"""


def _ignore(directory: str, names: list[str]) -> set[str]:
    skipped = {n for n in names if n in SKIP_ANY or n.endswith(".egg-info")}
    if Path(directory) == REPO:
        skipped |= {n for n in names if n in SKIP_TOP}
    if Path(directory) == REPO / "content":
        skipped.add("corpus")  # gitignored full texts: large, and never packaged
    return skipped


def _setuptools_is_enough() -> bool:
    """Whether this environment's setuptools meets the build-system requirement."""
    try:
        import setuptools
    except ImportError:
        return False
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    need = re.search(r'requires = \["setuptools>=(\d+)', text)
    have = re.match(r"(\d+)", setuptools.__version__)
    return bool(need and have) and int(have[1]) >= int(need[1])


def _env() -> dict[str, str]:
    """The environment, without anything that would import this checkout instead."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    return env


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"
    shutil.copytree(REPO, source, ignore=_ignore, symlinks=True)

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, env=_env(),
    ).stdout.strip()  # fmt: skip
    # This environment's packages (pip, the dependencies), after the venv's own.
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    Path(purelib, "_policykb_test_parent.pth").write_text("\n".join(ours) + "\n", "utf-8")

    command = [str(python), "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q"]
    if _setuptools_is_enough():
        command.append("--no-build-isolation")  # offline: the backend is here already
    result = subprocess.run(
        [*command, str(source)], capture_output=True, text=True, env=_env(), timeout=300
    )
    if result.returncode != 0:
        if OFFLINE.search(result.stdout + result.stderr):
            pytest.skip(f"pip cannot get a build backend (offline?):\n{result.stderr[-800:]}")
        pytest.fail(f"pip install . failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return venv


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A folder outside the repository, with nothing but a draft in it."""
    work = tmp_path_factory.mktemp("elsewhere")
    (work / "draft.md").write_text(DRAFT, encoding="utf-8")
    return work


def policykb(venv: Path, work: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(venv / "bin" / "policykb"), *args],
        capture_output=True, text=True, cwd=work, env=_env(), timeout=120,
    )  # fmt: skip


def test_the_installed_package_is_used_with_its_own_data(venv, work):
    code = (
        "import policykb, policykb.content.paths as p; "
        "print(policykb.__file__); print(p.repo_root()); print(p.taxonomy_path()); "
        "print(p.rules_path())"
    )
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        capture_output=True, text=True, cwd=work, env=_env(), timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    module, root, taxonomy, rules = result.stdout.splitlines()
    assert Path(module).is_relative_to(venv), module
    assert root == "None"
    assert Path(taxonomy).is_relative_to(venv) and Path(taxonomy).name == "taxonomy.yaml"
    assert Path(rules).is_relative_to(venv) and Path(rules).parts[-2:] == ("nlrb", "rules.yaml")
    # The wheel's copies are content/'s files, byte for byte.
    assert Path(taxonomy).read_bytes() == (REPO / "content" / "taxonomy.yaml").read_bytes()
    assert Path(rules).read_bytes() == (REPO / "content" / "nlrb" / "rules.yaml").read_bytes()


def test_tag_outside_the_repository(venv, work):
    result = policykb(venv, work, "tag", "draft.md")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "draft.md: 3 paragraphs" in result.stdout
    topics = re.search(r"^topics: (.*)$", result.stdout, re.MULTILINE)
    assert topics, result.stdout
    assert {"official-accounts", "security"} <= set(topics[1].split(", "))
    assert "1. Build the policy as a team" in result.stdout


def test_check_outside_the_repository(venv, work):
    result = policykb(venv, work, "check", "draft.md")
    assert result.returncode == 0, result.stderr
    assert "The ten tips:" in result.stdout
    assert "Wording to review under US labour law (NLRB)" in result.stdout
    assert "Employees must not discuss their wages" in result.stdout

    result = policykb(venv, work, "check", "draft.md", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "wage-discussion-ban" in {flag["rule"] for flag in data["flags"]}
    assert "security" in data["topics"]


def test_a_missing_data_file_is_one_clear_line(venv, work):
    result = policykb(venv, work, "check", "draft.md", "--rules", "no-such-rules.yaml")
    assert result.returncode == 1
    assert result.stderr == "policykb check: no-such-rules.yaml: cannot read: no such file\n"
    assert result.stdout == ""


def test_validate_help_outside_the_repository(venv, work):
    result = policykb(venv, work, "validate", "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: policykb validate" in result.stdout
    for option in ("--sources-dir", "--corpus-dir", "--taxonomy", "--rules", "--clauses"):
        assert option in result.stdout
