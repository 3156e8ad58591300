"""Read back the plain tables the CLI prints when stdout is not a terminal."""

from __future__ import annotations

import re


def plain_rows(text: str, first_header: str) -> list[dict[str, str]]:
    """The rows of the plain table whose header starts with ``first_header``, as dicts.

    Columns are cut where the dashes under the header are, so empty cells stay empty.
    """
    lines = text.splitlines()
    start = next(
        i for i, line in enumerate(lines[:-1])
        if line.lstrip().startswith(first_header) and set(lines[i + 1]) <= {"-", " "}
    )  # fmt: skip
    spans = [m.span() for m in re.finditer(r"-+", lines[start + 1])]
    spans[-1] = (spans[-1][0], None)  # the last column runs to the end of its line
    names = [lines[start][a:b].strip() for a, b in spans]
    rows = []
    for line in lines[start + 2 :]:
        if not line.strip() or line.startswith(("Note:", "Error:")):
            break
        rows.append({n: line[a:b].strip() for n, (a, b) in zip(names, spans)})
    return rows
