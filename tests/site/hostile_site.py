"""A site built from hostile registry entries and corpus files (shared by the hostile tests).

Every payload carries the marker class `pkb-pwned` or a handler attribute: if any of them
became markup, the page would hold an element that `INJECTED` selects, or open a dialog.
"""

from __future__ import annotations

from pathlib import Path

PAYLOADS = [
    "<img src=x onerror=alert(1) class=pkb-pwned>",
    '"><script>alert(2)</script><b class="pkb-pwned">',
    "' onmouseover='alert(3)' data-pwned='",
    "</title><script>alert(4)</script><svg class=pkb-pwned onload=alert(5)>",
    "{{ 7 * 7 }} {% raw %} {eval-rst} `x`",
]
# Anything a payload would create if it were not shown as text (besides a script that
# calls alert, which `injected_scripts` finds).
INJECTED = ".pkb-pwned, [onerror], [onload], [onmouseover], [data-pwned]"
INJECTED_SCRIPTS_JS = (
    "Array.from(document.scripts).filter(s => s.textContent.includes('alert(')).length"
)


def injected_scripts(tree) -> list:
    return [s for s in tree.iter("script") if "alert(" in (s.text or "")]


ENTRY = """\
id: {id}
title: {title}
organization: {organization}
sector: company
country: US
language: en
doc_type: policy
url: https://hostile.example/{id}
summary: {summary}
notes: {notes}
"""
FRONT = """\
final_url: https://hostile.example/{id}
retrieved: 2026-03-0{n}T10:00:00Z
content_sha256: "{digest}"
archive: {{file: fixture.warc.gz, record_id: "<urn:uuid:00000000-0000-0000-0000-00000000000{n}>"}}
word_count: 40
versions:
  - {{retrieved: 2026-03-0{n}T10:00:00Z, content_sha256: "{digest}"}}
"""
BODY = """\
# Staff posting rules {payload}

Staff keep confidential client information off social media. {payload}

- Ask the communications team before opening an account. {payload}
- Unescaped, as if the corpus writer had failed: <script>alert(6)</script> <img src=x onerror=alert(7) class=pkb-pwned>

```{{raw}} html
<script>alert(8)</script><b class="pkb-pwned">fence</b>
```
"""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_ids() -> list[str]:
    return [f"hostile-entry-{n}" for n in range(1, len(PAYLOADS) + 1)]


def write_hostile_data(sources: Path, corpus: Path) -> list[str]:
    """Registry entries and corpus files whose every text field is a payload."""
    sources.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    ids = hostile_ids()
    for n, (doc_id, payload) in enumerate(zip(ids, PAYLOADS, strict=True), start=1):
        entry = ENTRY.format(
            id=doc_id,
            title=_quoted(f"Policy {payload}"),
            organization=_quoted(f"Org {n} {payload}"),
            summary=_quoted(f"Summary {payload}"),
            notes=_quoted(f"Notes {payload}"),
        )
        (sources / f"{doc_id}.yaml").write_text(entry, encoding="utf-8")
        digest = f"{n}" * 64
        front = entry + FRONT.format(id=doc_id, n=n, digest=digest)
        (corpus / f"{doc_id}.md").write_text(
            f"---\n{front}---\n\n{BODY.format(payload=payload)}", encoding="utf-8"
        )
    return ids
