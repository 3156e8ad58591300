"""One paper's compact record for the map page, and the plain values it is made of.

Data from S2 and users arrive as frames with every flavour of missing value; the page gets only
trimmed text, integers and http(s) links (a ``javascript:`` URL never becomes a link), so the
script can put them in the DOM as text without checking again.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from mentalmap.analysis.roles import ROLES
from mentalmap.reading_log import PASSES

#: Abstracts are cut here to keep 5,000 papers under a few megabytes.
ABSTRACT_CHARS = 600
MAX_AUTHORS = 12
#: A reading-log note is shown whole in the side panel, up to this length.
NOTE_CHARS = 2000
#: Analysis columns the side panel shows with a line saying what each means (see map.js
#: SIGNAL_TEXT): the CD index (record key ``cd``) and the age-rescaled PageRank R(p) (``rp``).
SIGNALS = ("cd_index", "rescaled_pagerank")
_HTTP_RE = re.compile(r"^https?://", re.IGNORECASE)


def clean(value: Any) -> Any:
    """None for every flavour of missing (None, NaN, NA, empty string)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def short_text(value: Any, limit: int | None = None) -> str | None:
    """``value`` as one line of text, cut to ``limit`` characters with an ellipsis."""
    value = clean(value)
    if value is None:
        return None
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def integer(value: Any) -> int | None:
    """``value`` as an int, None when missing or not a number."""
    value = clean(value)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def http_url(value: Any) -> str | None:
    """Only http(s) links survive: a ``javascript:`` URL in the data must never become a link."""
    value = clean(value)
    if isinstance(value, dict):
        value = value.get("url")
    if isinstance(value, str) and _HTTP_RE.match(value.strip()):
        return value.strip()
    return None


def _authors(value: Any) -> str | None:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes, dict)):
        return short_text(value)
    names = []
    for author in value:
        name = author.get("name") if isinstance(author, dict) else author
        name = short_text(name)
        if name:
            names.append(name)
    if not names:
        return None
    shown = ", ".join(names[:MAX_AUTHORS])
    return shown + (" et al." if len(names) > MAX_AUTHORS else "")


def _external(value: Any, key: str) -> str | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict):
        for k, v in value.items():
            if k.lower() == key.lower():
                return short_text(v)
    return None


def _number(value: Any) -> float | None:
    """A finite float, or None (a CD index with no citing paper is NaN)."""
    try:
        number = float(clean(value))
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _bool(value: Any) -> bool:
    value = clean(value)
    return bool(value) if value is not None else False


def reading_rows(reading: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The reading list in order, as plain values (``n`` is its number on the map's badges)."""
    if reading is None or not len(reading) or "paperId" not in reading.columns:
        return []
    ordered = reading.sort_values("order") if "order" in reading.columns else reading
    rows = []
    for n, row in enumerate(ordered.to_dict("records"), start=1):
        rows.append(
            {
                "id": str(row["paperId"]),
                "n": integer(row.get("order")) or n,
                "section": short_text(row.get("section"), 80),
                "why": short_text(row.get("why"), 300),
                "passes": short_text(row.get("passes"), 200),
                "code": http_url(row.get("code_url")),
            }
        )
    return rows


def log_rows(log: pd.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """The reading log per paperId: its entries shallowest pass first (unknown passes dropped).

    ``log`` is :func:`mentalmap.reading_log.read_log`'s frame (``paperId, pass, note, readAt``).
    """
    if log is None or not len(log) or not {"paperId", "pass"} <= set(log.columns):
        return {}
    by_paper: dict[str, dict[str, dict[str, Any]]] = {}
    for row in log.to_dict("records"):
        pid, pass_ = short_text(row.get("paperId")), short_text(row.get("pass"))
        if pid is None or pass_ not in PASSES:
            continue
        read_at = short_text(row.get("readAt"))
        entry = {"pass": pass_, "note": short_text(row.get("note"), NOTE_CHARS)}
        entry["at"] = read_at[:10] if read_at else None
        by_paper.setdefault(pid, {})[pass_] = {k: v for k, v in entry.items() if v is not None}
    return {pid: [entries[p] for p in PASSES if p in entries] for pid, entries in by_paper.items()}


def paper_record(p: dict[str, Any], t: dict[str, Any], extra_code: str | None) -> dict[str, Any]:
    """One paper's compact record (keys documented at the top of ``assets/map.js``)."""
    ext = p.get("externalIds")
    code = http_url(t.get("code_url")) or extra_code
    confidence = clean(t.get("confidence"))
    cd, rp = (_number(t.get(column)) for column in SIGNALS)
    rec = {
        "i": p["paperId"],
        "t": short_text(p.get("title"), 400) or p["paperId"],
        "y": integer(p.get("year")),
        "v": short_text(p.get("venue"), 120),
        "a": _authors(p.get("authors")),
        "c": integer(p.get("citationCount")),
        "rc": integer(p.get("referenceCount")),
        "ic": integer(p.get("influentialCitationCount")),
        "m": integer(t.get("in_map_citations")) or 0,
        "r": ROLES.index(t["role"]) if t["role"] in ROLES else ROLES.index("other"),
        "why": short_text(t.get("reason"), 300),
        "cf": round(float(confidence), 2) if confidence is not None else None,
        "im": round(float(t["importance"]), 4),
        "cd": round(cd, 2) if cd is not None else None,
        "rp": round(rp, 1) if rp is not None else None,
        "ab": short_text(p.get("abstract"), ABSTRACT_CHARS),
        "tl": short_text(p.get("tldr"), 400),
        "doi": _external(ext, "DOI"),
        "ax": _external(ext, "ArXiv"),
        "pdf": http_url(p.get("openAccessPdf")),
        "code": code,
        "hc": 1 if (_bool(t.get("has_code")) or code) else None,
    }
    return {k: v for k, v in rec.items() if v is not None}
