"""Which papers have code: links found in abstracts, plus an optional paper-to-repository file.

A newcomer learns a method fastest from a paper whose code they can run. Abstracts mention only
some repositories; Papers with Code's ``links-between-papers-and-code.json(.gz)`` export and
hand-made CSVs cover the rest. Both file forms are read into one table of (id kind, id value,
repository) and joined to the papers on arXiv id, DOI (case-insensitive), S2 paperId or CorpusId.

File forms (documented in docs/topic-to-plan.md):

* JSON array (optionally gzipped) of objects as Papers with Code exports them; ``repo_url`` is
  required, and the paper is found from ``paper_arxiv_id``, ``paper_url_abs`` / ``paper_url_pdf``
  / ``paper_url`` when they point at arxiv.org, or a ``doi`` / ``paper`` key. ``is_official``
  is optional. Entries naming no usable paper are skipped (the export has many).
* CSV with a header holding ``paper`` and ``repo_url`` (``is_official`` optional), where
  ``paper`` is any id form ``mentalmap.s2.ids.parse_paper_id`` accepts. A malformed row is an
  error with its line number: a hand-made file should not lose rows silently.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from mentalmap.analysis.code import code_links
from mentalmap.errors import AnalysisError, CodeLinksError, InvalidPaperId
from mentalmap.frames import text_column
from mentalmap.s2.ids import EXTERNAL_ID_KEYS, parse_paper_id

#: Columns of :func:`load_code_links`.
LINK_COLUMNS = ("kind", "value", "repo_url", "is_official")
_ARXIV_IN_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?$", re.I)


def load_code_links(path: str | Path) -> pd.DataFrame:
    """The links in a ``--code-links`` file as rows ``kind, value, repo_url, is_official``.

    ``kind`` is ``paperId``, ``CorpusId`` or an ``externalIds`` key (``ArXiv``, ``DOI``, …);
    ``value`` is normalised the way :func:`apply_code_links` looks it up (DOIs lower-cased,
    arXiv versions dropped).

    Raises
    ------
    CodeLinksError
        The file is missing, unreadable, of neither form, or a CSV row names no valid paper.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodeLinksError(f"cannot read the code links file {path}: {exc.strerror}") from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise CodeLinksError(f"{path} is a damaged gzip file: {exc}") from exc
    text = raw.decode("utf-8-sig", errors="replace")
    is_json = text.lstrip()[:1] in ("[", "{")
    rows = _json_rows(text, path) if is_json else _csv_rows(text, path)
    return pd.DataFrame(rows, columns=list(LINK_COLUMNS))


def apply_code_links(papers: pd.DataFrame, links_path: str | Path) -> pd.DataFrame:
    """A copy of ``papers`` whose ``has_code`` / ``code_url`` include the links file.

    A paper named in the file gets ``has_code`` True and the file's repository (an official one
    first) as ``code_url``; others keep the values they had (False / "" when the columns were
    absent: ``code_url`` is NA when no repository is known).
    """
    links = load_code_links(links_path)
    out = papers.copy()
    has = (
        out["has_code"].fillna(False).astype(bool)
        if "has_code" in out.columns
        else pd.Series(False, index=out.index)
    )
    urls = (
        out["code_url"].fillna("").astype(str)
        if "code_url" in out.columns
        else pd.Series("", index=out.index, dtype=object)
    )
    found = _match(out, links)
    hit = found != ""
    out["has_code"] = (has | hit).astype(bool)
    out["code_url"] = text_column(urls.where(~hit, found), out.index)
    return out


def annotate_code(papers: pd.DataFrame, links_path: str | Path | None = None) -> pd.DataFrame:
    """A copy of ``papers`` with ``has_code`` and ``code_url``: abstracts first, then the file.

    Abstract detection is ``mentalmap.analysis.code.code_links`` (existing columns win there);
    a links file, when given, adds papers and overrides the URL with its (official) repository.
    Passing the result to ``analysis.analyze`` carries the columns into the analysis table.
    """
    detected = code_links(papers)
    out = papers.copy()
    out["has_code"] = detected["has_code"].to_numpy()
    out["code_url"] = detected["code_url"]
    if links_path is not None:
        out = apply_code_links(out, links_path)
    return out


def filter_has_code(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a papers frame, analysis table or reading list whose paper has code.

    A frame without ``has_code`` but with abstracts is annotated from them first.
    """
    if "has_code" not in frame.columns:
        if frame.index.name != "paperId":
            raise AnalysisError("no has_code column to filter on: call annotate_code first")
        frame = annotate_code(frame)
    return frame[frame["has_code"].fillna(False).astype(bool)]


# --- reading the two file forms ---------------------------------------------------------------
def _json_rows(text: str, path: Path) -> list[tuple[str, str, str, bool]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodeLinksError(f"{path} is not valid JSON: {exc}") from exc
    if isinstance(data, dict):  # tolerate {"links": [...]} or {"data": [...]}
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise CodeLinksError(f"{path} must hold a JSON array of paper-to-repository objects")
    rows = []
    for item in data:
        if not isinstance(item, dict):
            continue
        repo = str(item.get("repo_url") or "").strip()
        key = _json_key(item)
        if repo and key:
            rows.append((*key, repo, _truthy(item.get("is_official"))))
    return rows


def _json_key(item: dict[str, Any]) -> tuple[str, str] | None:
    arxiv = str(item.get("paper_arxiv_id") or "").strip()
    if arxiv:
        return _key_of(arxiv)
    for name in ("paper_url_abs", "paper_url_pdf", "paper_url"):
        match = _ARXIV_IN_URL.search(str(item.get(name) or "").strip())
        if match:
            return _key_of(match.group(1))
    for name in ("doi", "paper", "paper_id", "paperId"):
        if item.get(name):
            return _key_of(str(item[name]))
    return None


def _csv_rows(text: str, path: Path) -> list[tuple[str, str, str, bool]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    if "paper" not in header or "repo_url" not in header:
        raise CodeLinksError(
            f"{path}: a CSV of code links needs a header with the columns paper,repo_url "
            f"(found {','.join(header) or 'no header'})"
        )
    reader.fieldnames = header
    rows = []
    for line, item in enumerate(reader, start=2):
        paper = (item.get("paper") or "").strip()
        repo = (item.get("repo_url") or "").strip()
        if not paper and not repo:
            continue
        if not repo:
            raise CodeLinksError(f"{path} line {line}: no repo_url for {paper!r}")
        try:
            kind, value = _parsed_key(paper)
        except InvalidPaperId as exc:
            raise CodeLinksError(f"{path} line {line}: {exc}") from None
        rows.append((kind, value, repo, _truthy(item.get("is_official"))))
    return rows


def _key_of(raw: str) -> tuple[str, str] | None:
    """A JSON entry's id, or None when it is no id form we know (skipped, not an error)."""
    try:
        return _parsed_key(raw)
    except InvalidPaperId:
        return None


def _parsed_key(raw: str) -> tuple[str, str]:
    parsed = parse_paper_id(raw)
    prefix, sep, value = parsed.partition(":")
    if not sep:
        return "paperId", parsed
    if prefix == "CorpusId":
        return "CorpusId", value
    if prefix in EXTERNAL_ID_KEYS:
        return EXTERNAL_ID_KEYS[prefix], _normal(EXTERNAL_ID_KEYS[prefix], value)
    raise InvalidPaperId(
        f"{raw!r} cannot be matched offline: use an arXiv id, DOI, S2 paperId or CorpusId"
    )


def _normal(kind: str, value: str) -> str:
    value = str(value).strip()
    if kind == "DOI":
        return value.lower()
    if kind == "ArXiv":
        return re.sub(r"v\d+$", "", value)
    if kind == "PubMedCentral":
        return re.sub(r"^PMC", "", value, flags=re.IGNORECASE)
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "t")
    return bool(value)


def _match(papers: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """Per paper row, the linked repository ("" when none); official links win."""
    if links.empty:
        return pd.Series("", index=papers.index, dtype=object)
    best: dict[tuple[str, str], str] = {}
    ordered = links.sort_values("is_official", ascending=False, kind="stable")
    for kind, value, repo in ordered[["kind", "value", "repo_url"]].itertuples(index=False):
        best.setdefault((kind, value), repo)
    ids = papers.index.to_series()
    external = (
        papers["externalIds"] if "externalIds" in papers.columns else pd.Series(None, ids.index)
    )
    corpus = papers["corpusId"] if "corpusId" in papers.columns else pd.Series(None, ids.index)
    found = []
    for pid, ext, cid in zip(ids.to_numpy(), external.to_numpy(), corpus.to_numpy()):
        keys = [("paperId", str(pid))]
        if cid is not None and not pd.isna(cid):
            keys.append(("CorpusId", str(int(cid))))
        if isinstance(ext, dict):
            keys.extend(
                (kind, _normal(kind, ext[kind]))
                for kind in EXTERNAL_ID_KEYS.values()
                if ext.get(kind) not in (None, "")
            )
        found.append(next((best[k] for k in keys if k in best), ""))
    return pd.Series(found, index=papers.index, dtype=object)
