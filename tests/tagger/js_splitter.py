"""Run checker-engine.js's splitter (on the vendored markdown-it) in Node, many texts at once."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from policykb.checker import browser_data
from policykb.paragraphs import split_blocks

NODE = shutil.which("node")
ENGINE = (
    Path(__file__).resolve().parents[2] / "policykb" / "sphinxext" / "static" / "checker-engine.js"
)

SPLIT_JS = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const engine = require(process.argv[1]);
process.stdout.write(JSON.stringify(input.texts.map((t) => engine.splitBlocks(t, input.entities))));
"""


def js_blocks(texts: list[str]) -> list[list[dict]]:
    payload = {"texts": texts, "entities": browser_data()["entities"]}
    done = subprocess.run(
        [NODE, "-e", SPLIT_JS, str(ENGINE)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def python_blocks(text: str) -> list[dict]:
    return [{"text": b.text, "line": b.line, "kind": b.kind} for b in split_blocks(text)]


def mismatches(texts: list[str]) -> list[tuple[int, list[dict], list[dict]]]:
    """(index, Python's blocks, JavaScript's blocks) for each text they split differently."""
    return [
        (i, python_blocks(text), got)
        for i, (text, got) in enumerate(zip(texts, js_blocks(texts), strict=True))
        if python_blocks(text) != got
    ]
