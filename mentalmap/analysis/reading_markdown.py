"""The reading plan as Markdown, with every text from S2 made inert."""

from __future__ import annotations

import pandas as pd

from mentalmap.analysis.reading_sections import SECTION_ORDER
from mentalmap.safe_text import markdown_link, markdown_note
from mentalmap.safe_text import markdown_text as _md


def to_markdown(reading: pd.DataFrame, notes: list[str] | None = None) -> str:
    """The plan as Markdown: notes, a line naming each section's steps, then one numbered list.

    The list is the reading order, each item labelled with its section, rather than a heading
    per section: the order puts a paper after what it cites, which can interleave sections (a
    foundation that cites a technique comes after it), and a newcomer reads top to bottom. A
    heading per section would either move papers ahead of what they build on or repeat itself
    ("## Foundations" twice); the sections line still shows where each section's papers are.
    """
    lines: list[str] = ["# Reading list", ""]
    for k, note in enumerate(notes or []):  # our own text: commands in backticks stay code
        lines += [">"] * (k > 0) + [f"> {markdown_note(note)}"]  # a paragraph per note
    if notes:
        lines.append("")
    if len(reading):
        lines += [f"Sections: {_sections(reading)}.", "", "## Reading order", ""]
    for r in reading.itertuples(index=False):
        year = "" if pd.isna(r.year) else f" ({r.year})"
        link = markdown_link(r.code_url) if r.has_code else ""
        code = f" — {link}" if link else ""
        lines.append(f"{r.order}. *{_md(r.section)}* · **{_md(r.title)}**{year} — {r.role}{code}")
        lines.append(f"   - why: {_md(r.why)}")
        for key in ("builds_on", "passes", "deep_dive", "hands_on"):
            value = getattr(r, key, "")
            if isinstance(value, str) and value:
                label = key.replace("_", " ")
                lines.append(f"   - {label}: {_md(value)}")
        lines.append("")
    return "\n".join(lines)


def _sections(reading: pd.DataFrame) -> str:
    """``Foundations (4-5, 9); Techniques (6-8, 10-16)``: each section once, with its steps."""
    known = [s for s in SECTION_ORDER if s in set(reading["section"])]
    rest = [s for s in dict.fromkeys(reading["section"]) if s not in known]
    parts = []
    for section in known + rest:
        steps = [int(o) for o in reading.loc[reading["section"] == section, "order"]]
        parts.append(f"{_md(section)} ({_runs(steps)})")
    return "; ".join(parts)


def _runs(steps: list[int]) -> str:
    """``[4, 5, 6, 9]`` as ``4-6, 9``."""
    runs: list[list[int]] = []
    for s in sorted(steps):
        if runs and s == runs[-1][-1] + 1:
            runs[-1].append(s)
        else:
            runs.append([s])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
