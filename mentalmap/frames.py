"""The one convention of the public frames (docs/api.md): every per-paper frame is indexed by
``paperId``, S2 fields keep S2's camelCase names, our signals are snake_case, and a missing
value is NA of the column's dtype (``pd.NA``, ``NaN``, ``NaT``), never ``""``.
"""

from __future__ import annotations

import pandas as pd

from mentalmap.errors import AnalysisError


def require_paper_index(frame: pd.DataFrame, what: str = "papers") -> None:
    """Raise :class:`AnalysisError`, with the fix, unless ``frame`` is indexed by paperId."""
    if frame.index.name == "paperId":
        return
    hint = ": call .set_index('paperId')" if "paperId" in frame.columns else ""
    raise AnalysisError(f"the {what} frame must be indexed by paperId{hint}")


def text_column(values: object, index: pd.Index) -> pd.Series:
    """Text cells as pandas' ``string`` dtype, ``""`` and None becoming ``pd.NA``."""
    column = pd.Series(values, index=index, dtype="string")
    return column.mask(column.eq("").fillna(False))


def publication_dates(values: pd.Series) -> pd.Series:
    """S2's ``YYYY-MM-DD`` strings as ``datetime64[us]`` (NaT when missing or malformed):
    microseconds reach year 9999, so a typo such as 2999 stays a date (nanoseconds stop in 2262)."""
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").astype("datetime64[us]")
