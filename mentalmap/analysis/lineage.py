"""Which cited technique a paper builds on, and how sure the map is of it (the "X" of "X with Y").

A link i -> j gathers independent cues, each a source of its own: S2's ``methodology`` intent
(Cohan et al. 2019), S2's ``isInfluential`` ("the cited work is used or extended", Valenzuela et
al. 2015), the citing abstract naming a method the cited paper introduced, and siblings (other
references of i that also cite j: the lineage cited together). Titles, when they name the method,
add evidence but are never needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from mentalmap.analysis.evidence import binomial_z, in_head, usable_flag
from mentalmap.analysis.matrix import CitationMatrix
from mentalmap.errors import AnalysisError

#: Word shapes of method names: two capitals or a capital and a digit ("GraphFormer", "BERT",
#: "LLaMA", "ResNet-50", "GPT-3"); ordinary words and sentence starts do not match.
NAME_SHAPE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
#: Every name has two capitals in one part or a capital and a digit, so a text without this
#: has none: one scan skips most titles and abstracts before the word-by-word test.
_MAY_NAME = re.compile(r"[A-Z][A-Za-z0-9-]*[A-Z0-9]|[0-9][A-Za-z0-9-]*[A-Z]")
SIBLING_WEIGHT = 0.5


@lru_cache(maxsize=1 << 17)  # a field's titles and abstracts repeat the same words
def _is_name(token: str) -> bool:
    if len(token) < 3 or token.islower():  # most words of an abstract: no capital at all
        return False
    digits = any(c.isdigit() for c in token)
    # a capital inside a part: "ResNet", "WGAN-GP"; Title-Case compounds ("Few-Shot",
    # "Actor-Critic") are headline words, not names
    inner = any(sum(c.isupper() for c in part) >= 2 for part in token.split("-"))
    caps = any(c.isupper() for c in token)
    return (inner or (caps and digits)) and not token.isdigit()


def name_tokens(text: object) -> frozenset[str]:
    """The method-name-shaped words of a text."""
    if not isinstance(text, str) or not _MAY_NAME.search(text):
        return frozenset()
    return frozenset(t for t in set(NAME_SHAPE.findall(text)) if _is_name(t))


def sibling_share(
    m: CitationMatrix,
    max_work: int = 30_000_000,
    cited: np.ndarray | None = None,
    weight: np.ndarray | None = None,
    through: str = "references",
) -> np.ndarray:
    """Per edge i -> j: share of i's other references that also cite j, in row chunks.

    ``cited`` (bool per paper): compute it only for edges to those papers (0 elsewhere), which
    is all that a parent search among candidates needs and far less work on a big map.
    ``weight`` (per edge, aligned with ``A.data``): count a sibling k only by the weight of its
    own edge k -> j (1 for a use of j's method, 0 else), which makes it a lineage sibling.
    ``through="citers"``: the siblings are i's citers instead (papers citing i that also cite
    j: i co-cited with j, Small 1973), the share of i's citers.
    """
    if through not in ("references", "citers"):
        raise AnalysisError(f"through must be 'references' or 'citers', got {through!r}")
    a = m.A
    left = a if through == "references" else m.AT
    out = np.zeros(a.nnz)
    if a.nnz == 0:
        return out
    if cited is None:
        sub, where = a, None
    else:
        cols = np.flatnonzero(cited)
        sub = a[:, cols].tocsr()  # columns kept in order, so entries stay in A's order
        sub.sort_indices()
        where = np.flatnonzero(np.asarray(cited, dtype=bool)[a.indices])
    sub_w = sub
    if weight is not None:  # the same pattern, the k -> j edges valued by their weight
        w = np.asarray(weight, dtype=float)
        sub_w = sub.copy()
        sub_w.data = np.nan_to_num(w if where is None else w[where], nan=0.0)
    work = left @ np.diff(sub.indptr).astype(float)  # products of (left @ sub) per row
    cuts = np.flatnonzero(np.diff(np.cumsum(work) // max_work)) + 1
    bounds = np.concatenate(([0], cuts, [m.n]))
    vals = np.zeros(sub.nnz)
    for s, e in zip(bounds[:-1], bounds[1:], strict=False):
        lo, hi = sub.indptr[s], sub.indptr[e]
        if hi == lo:
            continue
        block = sub[s:e]
        two = (left[s:e] @ sub_w).multiply(block)  # paths i - k -> j, only where i cites j
        aligned = (two + block).tocsr()  # same pattern as block (two is inside it), values + 1
        aligned.sort_indices()
        vals[lo:hi] = aligned.data - 1.0
    pool = np.diff(a.indptr) - 1 if through == "references" else m.in_degree
    denom = np.maximum(pool, 1)[np.repeat(np.arange(m.n), np.diff(sub.indptr))]
    if where is None:
        return vals / denom
    out[where] = vals / denom
    return out


def sibling_support(
    m: CitationMatrix,
    cited: np.ndarray,
    use: np.ndarray | None,
    level: float,
    cluster: np.ndarray | None = None,
) -> np.ndarray:
    """Per edge i -> j (j in ``cited``): how many of two routes hold (0, 1 or 2) — more of i's
    other references cite j than chance would give (a variant cites the other work of its
    parent's lineage), and more of its citers do (later work of that lineage cites the
    variant with the parent). Each route is an independent cue.

    Chance is j's share of the papers published after it that cite it (with ``use``, an edge
    flag such as the methodology intent, only those that use it), among the papers of j's
    sub-topic (``cluster``) where given, as most of its citers are of its sub-topic: a
    binomial test (z >= ``level``), so a popular technique, which many references cite anyway,
    needs more siblings than a narrow one.
    """
    rows, cols = m.edge_rows, m.A.indices
    group = np.zeros(m.n, dtype=np.int64) if cluster is None else np.asarray(cluster, np.int64)
    rate = _use_rate(m, use, group)
    support = np.zeros(m.A.nnz)
    for through, pool in (("references", m.out_degree - 1), ("citers", m.in_degree)):
        share = sibling_share(m, cited=cited, weight=use, through=through)
        e = np.flatnonzero(share > 0)  # only an edge with a sibling can pass: test those
        trials = np.maximum(pool, 0)[rows[e]]
        z = binomial_z(share[e] * np.maximum(trials, 1), trials, rate[cols[e]])
        support[e] += z >= level
    return support


def _use_rate(m: CitationMatrix, use: np.ndarray | None, group: np.ndarray) -> np.ndarray:
    """Per paper j: share of the papers of j's group published after j that cite (use) j."""
    rows, cols = m.edge_rows, m.A.indices
    same = group[rows] == group[cols]
    flag = same if use is None else np.nan_to_num(use, nan=0.0) * same
    hits = np.bincount(cols, weights=flag, minlength=m.n)
    # papers of j's group published after j: ranks of (group, time) on one sorted axis
    t = np.nan_to_num(m.pub_time, nan=np.inf)
    tr = np.unique(t, return_inverse=True)[1].astype(np.int64)
    span = int(tr.max(initial=0)) + 2
    key = group.astype(np.int64) * span + tr
    ordered = np.sort(key)
    after = np.searchsorted(ordered, key, side="right")
    end = np.searchsorted(ordered, (group.astype(np.int64) + 1) * span, side="left")
    later = (end - after).astype(float)
    rate = np.divide(hits, later, out=np.zeros(m.n), where=later > 0)
    return np.minimum(rate, 1.0)


@dataclass(frozen=True)
class Links:
    """Best parent per paper: index (-1 if none), evidence of that link, and what the map offers.

    ``available`` is the evidence the best link could reach with the data the map has on it
    (intents and influential flags where known, abstracts, siblings); ``direct`` says whether
    any cue beyond siblings exists on it (without one, no paper is called a tweak).
    """

    parent: np.ndarray
    evidence: np.ndarray
    available: np.ndarray
    direct: np.ndarray
    named: np.ndarray  # the citing text names the parent's method
    lineage: np.ndarray  # siblings support the link (references or citers of the lineage)


def _texts(papers: pd.DataFrame | None, m: CitationMatrix, column: str) -> list[frozenset[str]]:
    if papers is None or column not in papers.columns:
        return [frozenset()] * m.n
    col = papers[column].reindex(m.ids)
    return [name_tokens(v) for v in col.tolist()]


def _word_pairs(*texts: list[frozenset[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each list of per-paper word sets as (paper, word id) arrays over one shared vocabulary:
    the name matching below is then array joins, not a set operation per citation."""
    counts = [np.fromiter(map(len, t), dtype=np.int64, count=len(t)) for t in texts]
    flat = [w for t in texts for words in t for w in words]
    ids = pd.factorize(np.asarray(flat, dtype=object))[0] if flat else np.zeros(0, np.int64)
    out, at = [], 0
    for c in counts:
        size = int(c.sum())
        out.append((np.repeat(np.arange(len(c)), c), ids[at : at + size]))
        at += size
    return out


def introduced_words(
    source: tuple[np.ndarray, np.ndarray], time: np.ndarray, candidate: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(paper, word) pairs of the names each candidate introduced: its words (``source``, from
    :func:`_word_pairs`) no earlier paper of the map used; papers of unknown time come last."""
    paper, word = source
    t = np.nan_to_num(np.asarray(time, dtype=float), nan=np.inf)
    first = np.full(int(word.max(initial=-1)) + 1, np.inf)
    np.minimum.at(first, word, t[paper])
    keep = candidate[paper] & (first[word] >= t[paper])
    return paper[keep], word[keep]


def _names_cited(
    m: CitationMatrix,
    edges: np.ndarray,
    text: tuple[np.ndarray, np.ndarray],
    names: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Per edge of ``edges`` (positions in ``A``, ascending): does the citing paper's ``text``
    share a word with the ``names`` the cited paper introduced."""
    out = np.zeros(len(edges), dtype=bool)
    order = np.argsort(names[1], kind="stable")
    word, owner = names[1][order], names[0][order]
    start = np.searchsorted(word, text[1], side="left")
    count = np.searchsorted(word, text[1], side="right") - start
    total = int(count.sum())
    if total == 0 or len(edges) == 0:
        return out
    citing = np.repeat(text[0], count).astype(np.int64)
    offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    cited = owner[np.repeat(start, count) + offset]
    # A's entries are sorted by (row, column), so the edges' keys are sorted too
    keys = m.edge_rows[edges].astype(np.int64) * m.n + m.A.indices[edges]
    probe = citing * m.n + cited
    pos = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    out[pos[keys[pos] == probe]] = True
    return out


@dataclass(frozen=True)
class Mentions:
    """Per edge i -> j: does i's abstract / title name a method j introduced (``name_mentions``).

    ``introduced`` (per paper): j introduced a name; ``has_text`` (per paper): its abstract or
    title has a name-shaped word at all; ``abstracts``: the map has abstracts for most papers.
    """

    in_abstract: np.ndarray
    in_title: np.ndarray
    introduced: np.ndarray
    has_text: np.ndarray
    abstracts: bool


def name_mentions(m: CitationMatrix, papers: pd.DataFrame | None, cited: np.ndarray) -> Mentions:
    """Which citations of the papers in ``cited`` name a method the cited paper introduced.

    A name is a method-name-shaped word first seen in the cited paper's abstract or title
    (:func:`introduced_words`); edges to other papers are False.
    """
    rows, cols = m.edge_rows, m.A.indices
    in_abs = np.zeros(m.A.nnz, dtype=bool)
    in_title = np.zeros(m.A.nnz, dtype=bool)
    introduced = np.zeros(m.n, dtype=bool)
    has_text = np.zeros(m.n, dtype=bool)
    has_abstracts = (
        papers is not None
        and "abstract" in papers.columns
        and papers["abstract"].notna().mean() >= 0.5
    )
    edges = np.flatnonzero(np.asarray(cited, dtype=bool)[cols])
    if len(edges) and papers is not None and (has_abstracts or "title" in papers):
        abstracts, titles = _word_pairs(_texts(papers, m, "abstract"), _texts(papers, m, "title"))
        # where the map has abstracts, a name is introduced by an abstract: a title's word is
        # a weaker claim (a headline may borrow another paper's name) and may not block one
        candidate = np.zeros(m.n, dtype=bool)
        candidate[cols[edges]] = True
        names = introduced_words(abstracts if has_abstracts else titles, m.pub_time, candidate)
        # only a candidate that introduced a name and a citing paper with a text can match
        introduced[names[0]] = True
        has_text[abstracts[0]] = True
        has_text[titles[0]] = True
        edges = edges[introduced[cols[edges]] & has_text[rows[edges]]]
        in_abs[edges] = _names_cited(m, edges, abstracts, names)
        in_title[edges] = _names_cited(m, edges, titles, names)
    return Mentions(in_abs, in_title, introduced, has_text, has_abstracts)


def parent_links(
    m: CitationMatrix,
    standing: np.ndarray,
    sibling_share: np.ndarray,
    papers: pd.DataFrame | None = None,
    sibling_weight: float = SIBLING_WEIGHT,
    mentions: Mentions | None = None,
) -> Links:
    """For every paper: the cited candidate (``standing > 0``) its strongest link goes to.

    Link evidence = methodology intent + isInfluential + the citing abstract names a method the
    candidate introduced + ``sibling_weight`` per lineage route that holds (``sibling_share``,
    from :func:`sibling_support`); the title naming it adds one more. The candidate's
    ``standing`` breaks ties between equally supported links, and a candidate below standing 1
    (a foundation) is a parent only where the citing paper names it: nearly everything rests
    on a foundation, so its intents alone do not single out a variant.
    ``mentions``: :func:`name_mentions` over edges to at least the candidates, if computed.
    """
    rows, cols = m.edge_rows, m.A.indices
    ev = np.zeros(m.A.nnz)
    available = np.full(m.A.nnz, sibling_weight)
    direct = np.zeros(m.A.nnz, dtype=bool)
    head = in_head(m.in_degree, 1)
    for flag in (usable_flag(m.methodology, cols, head), usable_flag(m.influential, cols, head)):
        if flag is not None:
            known = np.isfinite(flag)
            ev += np.nan_to_num(flag, nan=0.0)
            available += known
            direct |= known
    ev += sibling_weight * sibling_share
    said = mentions if mentions is not None else name_mentions(m, papers, standing > 0)
    ev += said.in_abstract + said.in_title
    named = said.in_abstract | said.in_title
    if said.abstracts:
        available += 1.0
        direct[:] = True
    eligible = (standing[cols] >= 1) | ((standing[cols] > 0) & named)
    score = np.where(eligible, ev + 0.01 * standing[cols], -np.inf)
    best = np.full(m.n, -1, dtype=np.int64)
    best_ev = np.zeros(m.n)
    best_avail = np.full(m.n, sibling_weight)
    best_direct = np.zeros(m.n, dtype=bool)
    best_named = np.zeros(m.n, dtype=bool)
    best_lineage = np.zeros(m.n, dtype=bool)
    if m.A.nnz == 0:
        return Links(best, best_ev, best_avail, best_direct, best_named, best_lineage)
    lens = np.diff(m.A.indptr)
    has = lens > 0
    mx = np.maximum.reduceat(score, m.A.indptr[:-1][has])
    hit = np.flatnonzero((score >= np.repeat(mx, lens[has]) - 1e-12) & np.isfinite(score))
    first = np.unique(rows[hit], return_index=True)[1]
    e = hit[first]
    best[rows[e]] = cols[e]
    best_ev[rows[e]] = ev[e]
    best_named[rows[e]] = named[e]
    best_lineage[rows[e]] = sibling_share[e] > 0
    best_avail[rows[e]] = available[e]
    best_direct[rows[e]] = direct[e]
    return Links(best, best_ev, best_avail, best_direct, best_named, best_lineage)
