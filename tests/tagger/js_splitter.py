"""Run checker-engine.js's splitter (on the vendored markdown-it) in Node, many texts at once."""

from __future__ import annotations

from pathlib import Path

from node import run_node

from policykb.analysis.blocks import split_blocks
from policykb.analysis.checker import browser_data

ENGINE = Path(__file__).resolve().parents[2] / "policykb" / "site" / "static" / "checker-engine.js"

SPLIT_JS = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const engine = require(process.argv[1]);
process.stdout.write(JSON.stringify(input.texts.map((t) => engine.splitBlocks(t, input.entities))));
"""


def js_blocks(texts: list[str]) -> list[list[dict]]:
    payload = {"texts": texts, "entities": browser_data()["entities"]}
    return run_node(SPLIT_JS, payload, str(ENGINE))


def python_blocks(text: str) -> list[dict]:
    return [{"text": b.text, "line": b.line, "kind": b.kind} for b in split_blocks(text)]


def mismatches(texts: list[str]) -> list[tuple[int, list[dict], list[dict]]]:
    """(index, Python's blocks, JavaScript's blocks) for each text they split differently."""
    return [
        (i, python_blocks(text), got)
        for i, (text, got) in enumerate(zip(texts, js_blocks(texts), strict=True))
        if python_blocks(text) != got
    ]
