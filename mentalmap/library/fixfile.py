"""The fix file: the entries that did not become seeds, as a plain list to correct and feed back.

It is a plain list (one id or title a line, ``#`` lines ignored), the format ``crawl --from``
reads, so fixing an entry means putting a DOI, an arXiv id or an S2 paperId on its line. Each
entry gets a comment saying where it came from, why it failed and what S2 offered. Text from the
library or from S2 is flattened to one line (no newline or control character can break the
format or reach the terminal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentalmap.errors import LibraryFileError
from mentalmap.library.entries import Entry, Library
from mentalmap.library.resolve import Resolution
from mentalmap.outputs import write_text_atomic
from mentalmap.safe_text import one_line


def fix_lines(library: Library, resolution: Resolution, command: str) -> list[str]:
    """The fix file's lines; ``command`` is how to feed it back."""
    lines = [
        f"# mentalmap: entries of {one_line(Path(library.path).name)} that did not become seeds.",
        "# Fix each one: put a DOI, an arXiv id or an S2 paperId on its line (or correct the",
        "# title), delete what you do not want, then feed the file back:",
        f"#   {command}",
        "# Lines that start with # are ignored.",
    ]
    for entry, why in library.rejected:
        lines += ["", f"# {one_line(entry.where())}: {one_line(why)}"]
        if entry.title:
            lines.append(one_line(entry.title))
    for match in resolution.unsure():
        entry = match.entry
        lines += ["", f"# {one_line(entry.where())}: {match.status}: {one_line(match.reason)}"]
        for paper in match.candidates:
            lines.append(f"#   S2 offers {_describe(paper)}")
        lines.append(_entry_line(entry))
    return lines


def _entry_line(entry: Entry) -> str:
    if entry.title:
        return one_line(entry.title)
    return one_line(entry.ids[0] if entry.ids else entry.label)


def _describe(paper: dict[str, Any]) -> str:
    bits = [str(paper.get("year") or "no year"), one_line(paper.get("venue")) or None]
    where = ", ".join(b for b in bits if b)
    return f"{paper.get('paperId')} ({where}): {one_line(paper.get('title'))[:120]}"


def write_fix_file(path: Path, lines: list[str]) -> Path:
    """Write ``lines`` to ``path`` whole or not at all (a temporary sibling renamed over it)."""
    return write_text_atomic(path, "\n".join(lines) + "\n", LibraryFileError)
