"""The identifiers and links of a field's papers, from its arrays: publication dates, arXiv ids,
DOIs, open-access PDF links and author lists (as S2 would give them)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mentalmap.synthetic import text


def publication_dates(t: np.ndarray) -> np.ndarray:
    """``YYYY-MM-DD`` of each fractional publication time."""
    year = np.floor(t).astype(np.int64)
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    days_in_year = 365 + ((year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0)))
    day = np.minimum(np.floor((t - year) * days_in_year), days_in_year - 1).astype(np.int64)
    return np.datetime_as_string(jan1 + day.astype("timedelta64[D]")).astype(object)


def arxiv_ids(t: np.ndarray, corpus_id: np.ndarray, on_arxiv: np.ndarray) -> np.ndarray:
    """``YYMM.NNNNN`` from the publication date (``YYMM.NNNN`` before 2015, as arXiv did);
    None for papers not on arXiv."""
    year = np.floor(t).astype(np.int64)
    month = np.minimum(np.floor((t - year) * 12).astype(np.int64), 11) + 1
    ym = year * 100 + month
    first = np.searchsorted(ym, ym)  # rows are in date order, so a month is one block
    num = np.arange(len(t)) - first + 1 + (corpus_id % 50)
    out = np.empty(len(t), dtype=object)
    for i in np.flatnonzero(on_arxiv).tolist():
        y, m, k = int(year[i]), int(month[i]), int(num[i])
        out[i] = (
            f"{y % 100:02d}{m:02d}.{k % 100000:05d}"
            if y >= 2015
            else (f"{y % 100:02d}{m:02d}.{k % 10000:04d}")
        )
    return out


def external_ids(corpus_id: np.ndarray, doi: np.ndarray, arxiv: np.ndarray) -> list[dict[str, Any]]:
    """S2's ``externalIds`` of each paper: its CorpusId, arXiv id and DOI where it has them."""
    out = []
    for i, (cid, has_doi) in enumerate(zip(corpus_id.tolist(), doi.tolist(), strict=True)):
        ext: dict[str, Any] = {"CorpusId": cid}
        if arxiv[i] is not None:
            ext["ArXiv"] = arxiv[i]
        if has_doi:
            ext["DOI"] = f"10.5555/mentalmap.{cid}"
        out.append(ext)
    return out


def pdf_urls(arxiv: np.ndarray, open_access: np.ndarray) -> list[str | None]:
    """The arXiv PDF link of each open-access paper."""
    return [
        f"https://arxiv.org/pdf/{arxiv[i]}" if oa else None
        for i, oa in enumerate(open_access.tolist())
    ]


def author_records(ptr: np.ndarray, ids: np.ndarray) -> list[list[dict[str, str]]]:
    """Each paper's ``authors`` (``authorId``, ``name``) from the CSR author lists."""
    starts, picks = ptr.tolist(), ids.tolist()
    return [
        [{"authorId": str(3_000_000 + x), "name": text.author_name(x)} for x in picks[s:e]]
        for s, e in zip(starts[:-1], starts[1:], strict=True)
    ]


def author_lists(
    topic: np.ndarray, k_topics: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Author lists as CSR (``ptr``, ``ids``): 1-12 distinct authors from the topic's own pool,
    with a few prolific authors (index ∝ u², so low indices recur)."""
    n = len(topic)
    per_topic = np.bincount(topic, minlength=k_topics)
    pool = np.maximum(10, (0.8 * per_topic).astype(np.int64))
    offset = np.r_[0, np.cumsum(pool)[:-1]]
    n_auth = 1 + np.minimum(rng.poisson(3.0, n), 11)
    owner = np.repeat(np.arange(n), n_auth)
    local = np.floor(pool[topic[owner]] * rng.random(len(owner)) ** 2).astype(np.int64)
    ids = offset[topic[owner]] + local
    key = np.unique(owner.astype(np.int64) << 32 | ids)  # drop repeats within a paper
    owner, ids = key >> 32, key & 0xFFFFFFFF
    ptr = np.r_[0, np.cumsum(np.bincount(owner, minlength=n))]
    return ptr.astype(np.int64), ids.astype(np.int32)
