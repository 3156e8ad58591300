"""The reading plan as Markdown, with every text from S2 made inert."""

from __future__ import annotations

import pandas as pd

from mentalmap.safe_text import markdown_link
from mentalmap.safe_text import markdown_text as _md


def to_markdown(reading: pd.DataFrame, notes: list[str] | None = None) -> str:
    """The plan as Markdown: a heading per run of one section, an item per paper, then notes."""
    lines: list[str] = ["# Reading list", ""]
    for note in notes or []:
        lines.append(f"> {note}")  # our own text: commands in backticks stay code
    if notes:
        lines.append("")
    previous = None
    for r in reading.itertuples(index=False):
        if r.section != previous:
            lines += [f"## {_md(r.section)}", ""]
            previous = r.section
        year = "" if pd.isna(r.year) else f" ({r.year})"
        link = markdown_link(r.code_url) if r.has_code else ""
        code = f" — {link}" if link else ""
        lines.append(f"{r.order}. **{_md(r.title)}**{year} — {r.role}{code}")
        lines.append(f"   - why: {_md(r.why)}")
        for key in ("builds_on", "passes", "deep_dive", "hands_on"):
            value = getattr(r, key, "")
            if isinstance(value, str) and value:
                label = key.replace("_", " ")
                lines.append(f"   - {label}: {_md(value)}")
        lines.append("")
    return "\n".join(lines)
