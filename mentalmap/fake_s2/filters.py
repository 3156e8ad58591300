"""The search filters (``year``, ``publicationDateOrYear``, ``venue``, ...) as one predicate over
a paper, and the words a query or a title is matched on (s2-api.md §6)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mentalmap.fake_s2.params import bad_params, int_param

_WORD = re.compile(r"[a-z0-9]+")


def _date_bounds(text: str, upper: bool) -> str:
    """Widen ``2019`` or ``2019-03`` to the first (or last) day it covers, as ``YYYY-MM-DD``."""
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[0]) != 4:
        raise ValueError(text)
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if upper else f"{parts[0]}-01-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-31" if upper else f"{parts[0]}-{parts[1]}-01"
    return text


def _date_range(text: str) -> tuple[str, str]:
    """``2019-03-05``, ``2019-03``, ``2016-03-05:2020-06-06``, ``1981-08-25:``, ``:2015-01``."""
    if ":" in text:
        lo, _, hi = text.partition(":")
        return (
            _date_bounds(lo, False) if lo else "0000-00-00",
            _date_bounds(hi, True) if hi else "9999-99-99",
        )
    return _date_bounds(text, False), _date_bounds(text, True)


def _paper_date(paper: Mapping[str, Any]) -> str | None:
    if paper.get("publicationDate"):
        return str(paper["publicationDate"])
    return f"{paper['year']:04d}-01-01" if isinstance(paper.get("year"), int) else None


def _csv(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def _year_range(year: str | int) -> tuple[int, int]:
    """``2019``, ``2016-2020``, ``2010-`` or ``-2015`` as inclusive bounds."""
    match = re.fullmatch(r"(\d{4})?(-)?(\d{4})?", str(year))
    if not match or not (match.group(1) or match.group(3)):
        raise bad_params(year=year)
    lo = int(match.group(1)) if match.group(1) else 0
    hi = int(match.group(3)) if match.group(3) else (9999 if match.group(2) else lo)
    return lo, hi


def search_filter(
    year: str | int | None = None,
    publicationDateOrYear: str | None = None,
    publicationTypes: str | Iterable[str] | None = None,
    openAccessPdf: str | bool | None = None,
    minCitationCount: str | int | None = None,
    venue: str | Iterable[str] | None = None,
    fieldsOfStudy: str | Iterable[str] | None = None,
) -> Callable[[Mapping[str, Any]], bool] | None:
    """The search filters as one predicate over a paper (None when nothing filters)."""
    tests: list[Callable[[Mapping[str, Any]], bool]] = []
    if year not in (None, ""):
        lo, hi = _year_range(year)
        tests.append(lambda p: isinstance(p.get("year"), int) and lo <= p["year"] <= hi)
    if publicationDateOrYear:
        try:
            start, end = _date_range(str(publicationDateOrYear))
        except ValueError:
            raise bad_params(publicationDateOrYear=publicationDateOrYear) from None
        tests.append(lambda p: (d := _paper_date(p)) is not None and start <= d <= end)
    if types := set(_csv(publicationTypes)):
        tests.append(lambda p: bool(types & set(p.get("publicationTypes") or ())))
    if openAccessPdf is not None and openAccessPdf is not False:
        tests.append(lambda p: bool(p.get("openAccessPdf")))
    if minCitationCount not in (None, ""):
        floor = int_param("minCitationCount", minCitationCount, 0)
        tests.append(lambda p: (p.get("citationCount") or 0) >= floor)
    if venues := {v.lower() for v in _csv(venue)}:
        tests.append(lambda p: str(p.get("venue") or "").lower() in venues)
    if fos := set(_csv(fieldsOfStudy)):
        tests.append(lambda p: bool(fos & set(p.get("fieldsOfStudy") or ())))
    if not tests:
        return None
    return lambda p: all(t(p) for t in tests)


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())
