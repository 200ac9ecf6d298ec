"""Node for the parity tests: run a script with a JSON payload on stdin, and the taxonomy's
patterns as the page compiles them (`new RegExp(pattern, "iu")`)."""

from __future__ import annotations

import json
import shutil
import subprocess

NODE = shutil.which("node")

PATTERNS_JS = """
const data = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(data.patterns.map(p => {
  try { const re = new RegExp(p, "iu"); return data.texts.map(t => re.test(t)); }
  catch (e) { return String(e); }
})));
"""


def run_node(script: str, payload: dict, *args: str):
    """What `script` (run with `node -e`, given `args`) writes as JSON for `payload`."""
    done = subprocess.run(
        [NODE, "-e", script, *args],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def js_pattern_matches(patterns: list[str], texts: list[str]) -> list:
    """For each JavaScript pattern, whether it matches each text (or its compile error)."""
    return run_node(PATTERNS_JS, {"patterns": patterns, "texts": texts})
