"""Fictional documents and files for the tagger and checker tests (written for them)."""

from __future__ import annotations

import zlib
from pathlib import Path

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "data" / "realdocs"


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF showing `lines` in Helvetica (ASCII text only)."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = zlib.compress("\n".join(ops).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# A short fictional draft policy used by several tests.
DRAFT = """\
---
title: Draft social media policy of Quillfeather Bakeries
---

# Quillfeather Bakeries social media policy

We use social media to share our recipes and to hear from our customers.

The marketing team owns this policy and runs our official accounts. Questions about it go
to the marketing team.

## Your own accounts

What you post on your personal accounts in your own time is up to you.

Employees must not post anything that could damage the reputation of Quillfeather
Bakeries.

Employees must not share:

- salary details or staffing levels
- recipes that have not been published

Only the press office speaks to the media on behalf of the company.

Breaking this policy may lead to disciplinary action.
"""
