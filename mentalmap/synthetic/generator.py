"""The growth model: papers appear year by year and cite earlier papers.

A paper i attracts a new citation with probability proportional to

    Π_i(t) = η_i · (c_i + m) · P_i(t − t_i),   P_i(a) = exp(−(ln a − μ_i)² / 2σ_i²) / (a σ_i)

— fitness η_i, preferential attachment on the citations c_i it already has (m is the initial
attractiveness), and lognormal ageing — as in Wang, Song & Barabási (2013), "Quantifying
long-term scientific impact", Science 342:127-132. Most references stay inside the citing paper's
sub-topic. Papers are processed in batches of publication order: for a batch, the attractiveness
of every earlier paper is computed once, turned into one global and one per-topic cumulative sum,
and all references of the batch are drawn at once with ``np.searchsorted``. A batch never cites
itself, so every citation points back in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mentalmap.errors import SyntheticError
from mentalmap.synthetic import text
from mentalmap.synthetic.field import Field
from mentalmap.synthetic.metadata import dress_field
from mentalmap.synthetic.roles import (
    FOUNDATIONAL,
    SURVEY,
    TECHNIQUE,
    TWEAK,
    assign_roles,
    label_edges,
    tweak_edges,
)
from mentalmap.vocabulary import FRONTIER_YEARS, frontier_start

MIN_PAPERS = 200
MAX_PAPERS = 2_000_000
#: Title styles of `generate_field`: only ``patterned`` lets titles betray a role.
TITLE_STYLES = ("neutral", "random", "patterned")


@dataclass(frozen=True)
class GrowthParams:
    """Every knob of the model, with its default and the reason for it."""

    #: Yearly growth of the number of papers (ML output grows ~10-20% a year).
    growth_rate: float = 0.12
    #: Share of a paper's in-field references that stay in its own sub-topic.
    within_topic: float = 0.8
    #: Share of a reference list that points inside the field (the rest: other fields).
    in_field_share: float = 0.65
    #: Median reference-list length in the last year; lognormal spread; yearly log inflation.
    ref_median: float = 28.0
    ref_sigma: float = 0.55
    ref_inflation: float = 0.015
    ref_max: int = 200
    #: Lognormal ageing: ln-years location and scale (citations peak ~1.5 years after release).
    ageing_mu: float = 1.1
    ageing_sigma: float = 0.9
    #: Foundations age slowly: (shift of μ, σ); techniques peak later than ordinary papers.
    foundational_ageing: tuple[float, float] = (1.5, 1.3)
    technique_ageing_shift: float = 0.5
    #: WSB's m: how attractive a paper with no citations yet is.
    initial_attractiveness: float = 8.0
    #: Spread of the lognormal fitness η.
    fitness_sigma: float = 0.45
    #: Fitness multipliers per role and the extra pull of foundations on other sub-topics.
    fitness_boost: dict[str, float] = field(
        default_factory=lambda: {"foundational": 4.0, "technique": 2.0, "tweak": 0.4, "survey": 1.5}
    )
    cross_topic_boost: float = 2.0
    #: Role shares (of all papers); the frontier is every other paper of the last years.
    shares: dict[str, float] = field(
        default_factory=lambda: {
            "foundational": 0.01,
            "technique": 0.04,
            "tweak": 0.20,
            "survey": 0.015,
        }
    )
    frontier_years: int = FRONTIER_YEARS
    #: A survey cites 80-200 papers of its topic from its last ``survey_window`` years.
    survey_window: float = 5.0
    survey_refs: tuple[int, int] = (80, 200)
    #: References S2 could not match to a paper (``citedPaper`` null), as a share of
    #: ``referenceCount``; about 3% of the citation records a field gives.
    unmatched_share: float = 0.02
    #: How many draws per wanted reference (duplicates are dropped, the rest trimmed).
    oversample: float = 1.35
    #: Share of abstracts with a GitHub link: techniques and tweaks, other papers.
    code_share_lineage: float = 0.25
    code_share_other: float = 0.05
    #: Share of abstracts announcing a released dataset.
    dataset_share: float = 0.06


def default_topics(n_papers: int) -> int:
    """Number of sub-topics for a field of this size: 3 at 200 papers, 20 at a million."""
    return int(np.clip(round(1.5 * np.log2(n_papers / 100)), 3, len(text.TOPICS)))


def generate_field(
    n_papers: int = 2000,
    seed: int = 0,
    start_year: int = 2005,
    end_year: int = 2025,
    n_topics: int | None = None,
    params: GrowthParams | None = None,
    titles: str = "neutral",
) -> Field:
    """Grow a synthetic research field with planted roles; the same arguments give the same field.

    Parameters
    ----------
    n_papers : int
        Number of papers, 200 to 2,000,000 (a million takes about a minute).
    seed : int
        Non-negative seed of every random choice.
    start_year, end_year : int
        First and last publication year (at least five years apart).
    n_topics : int, optional
        Number of sub-topics (1-24); default grows with ``n_papers`` (see `default_topics`).
    params : GrowthParams, optional
        Model knobs; the defaults are documented on `GrowthParams`.
    titles : {"neutral", "random", "patterned"}
        ``neutral``: no role cue in titles, venues, publication types or repository names, so
        roles can only be read from the graph; ``patterned``: each role has its own title
        forms ("X with Y" for tweaks, "A survey of ..."), the fields of the first release;
        ``random``: patterned titles shuffled across papers (cues that lie).

    Returns
    -------
    Field
        Papers, citations and the planted ground truth (``field.truth``).
    """
    p = params or GrowthParams()
    _check(n_papers, seed, start_year, end_year, n_topics)
    if titles not in TITLE_STYLES:
        raise SyntheticError(f"titles must be one of {', '.join(TITLE_STYLES)}, got {titles!r}")
    k_topics = default_topics(n_papers) if n_topics is None else n_topics
    # the eighth stream only re-draws repeated titles: spawned last, it leaves the first seven
    # (and so every other draw of a field) as they were before titles were made unique
    r_time, r_roles, r_refs, r_cite, r_edges, r_meta, r_text, r_titles = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)
    )
    n = n_papers
    time = _publication_times(n, start_year, end_year, p.growth_rate, r_time)
    topic = _assign_topics(time, k_topics, start_year, end_year, r_time)
    frontier_from = frontier_start(end_year, p.frontier_years)
    role, parent = assign_roles(time, topic, p.shares, frontier_from, r_roles)

    fitness = r_roles.lognormal(0.0, p.fitness_sigma, n)
    for name, code in (("foundational", FOUNDATIONAL), ("technique", TECHNIQUE),
                       ("tweak", TWEAK), ("survey", SURVEY)):  # fmt: skip
        fitness[role == code] *= p.fitness_boost.get(name, 1.0)
    mu = p.ageing_mu + r_roles.normal(0.0, 0.25, n)
    sigma = np.full(n, p.ageing_sigma)
    mu[role == FOUNDATIONAL] += p.foundational_ageing[0]  # foundations stay in use for years
    sigma[role == FOUNDATIONAL] = p.foundational_ageing[1]
    mu[role == TECHNIQUE] += p.technique_ageing_shift

    f_citing, f_cited, _ = tweak_edges(parent, r_refs)
    ref_total, k_in = _reference_lengths(time, role, end_year, p, r_refs)
    forced_per_paper = np.bincount(f_citing, minlength=n)
    k_in = np.maximum(k_in - forced_per_paper, 0)
    citing, cited = _cite(
        time, topic, role, fitness, mu, sigma, k_in, (f_citing, f_cited), k_topics, p, r_cite
    )
    intent, influential = label_edges(citing, cited, role, parent, r_edges)

    out_deg = np.bincount(citing, minlength=n)
    in_deg = np.bincount(cited, minlength=n)
    ref_count = np.maximum(ref_total, out_deg)
    unmatched = np.minimum(r_meta.binomial(ref_count, p.unmatched_share), ref_count - out_deg)
    outside = r_meta.poisson(in_deg * r_meta.uniform(0.1, 0.8, n) + 0.5)
    infl_in = np.bincount(cited[influential], minlength=n)
    return dress_field(
        seed=seed,
        start_year=start_year,
        end_year=end_year,
        topics=list(text.TOPIC_NAMES[:k_topics]),
        time=time,
        topic=topic,
        role=role,
        parent=parent,
        fitness=fitness,
        citing=citing,
        cited=cited,
        intent=intent,
        influential=influential,
        reference_count=ref_count,
        citation_count=in_deg + outside,
        influential_count=infl_in + r_meta.binomial(outside, 0.05),
        unmatched=unmatched,
        params=p,
        rng=r_text,
        fresh=r_titles,
        title_style=titles,
    )


def _check(n: int, seed: int, start: int, end: int, n_topics: int | None) -> None:
    if not isinstance(n, (int, np.integer)) or not MIN_PAPERS <= n <= MAX_PAPERS:
        raise SyntheticError(
            f"n_papers must be an int from {MIN_PAPERS} to {MAX_PAPERS}, got {n!r}"
        )
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SyntheticError(f"seed must be a non-negative int, got {seed!r}")
    if end - start < 5:
        raise SyntheticError(f"end_year must be at least 5 years after start_year ({start}-{end})")
    if n_topics is not None and not 1 <= n_topics <= min(len(text.TOPICS), n // 20):
        raise SyntheticError(
            f"n_topics must be from 1 to {min(len(text.TOPICS), n // 20)} for {n} papers, "
            f"got {n_topics!r}"
        )


def _publication_times(
    n: int, start: int, end: int, growth: float, rng: np.random.Generator
) -> np.ndarray:
    """Sorted fractional years; yearly volume grows exponentially (largest-remainder split)."""
    years = np.arange(start, end + 1)
    w = np.exp(growth * (years - start))
    exact = n * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(counts - exact)[: n - counts.sum()]] += 1
    return np.sort(np.repeat(years, counts) + rng.random(n))


def _assign_topics(
    time: np.ndarray, k: int, start: int, end: int, rng: np.random.Generator
) -> np.ndarray:
    """Topic of each paper. Half the topics exist from the start; the others emerge later and
    all grow at their own rate, so the field has established and booming sub-areas."""
    birth = np.full(k, start)
    late = np.arange(k) >= (k + 1) // 2
    birth[late] = start + np.floor(rng.uniform(0, 0.6, late.sum()) * (end - start)).astype(int)
    base = rng.dirichlet(np.full(k, 3.0)) * k
    rate = rng.uniform(0.0, 0.2, k)
    year = np.floor(time).astype(int)
    topic = np.empty(len(time), dtype=np.int16)
    for y in np.unique(year):
        sel = np.flatnonzero(year == y)
        w = np.where(y >= birth, base * np.exp(rate * (y - birth)), 0.0)
        topic[sel] = rng.choice(k, len(sel), p=w / w.sum())
    return topic


def _reference_lengths(
    time: np.ndarray, role: np.ndarray, end: int, p: GrowthParams, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Total reference-list length (lognormal, clipped to [1, ref_max], slowly inflating) and
    how many of those point inside the field. Surveys cite 80-200 field papers and more outside.
    """
    n = len(time)
    loc = np.log(p.ref_median) - p.ref_inflation * (end + 1 - time)
    total = np.clip(np.rint(np.exp(loc + p.ref_sigma * rng.standard_normal(n))), 1, p.ref_max)
    total = total.astype(np.int64)
    k_in = rng.binomial(total, p.in_field_share)
    s = role == SURVEY
    lo, hi = p.survey_refs
    k_in[s] = rng.integers(lo, hi + 1, s.sum())
    total[s] = k_in[s] + rng.binomial(k_in[s], 0.3)
    return total, k_in


def _cite(
    time: np.ndarray,
    topic: np.ndarray,
    role: np.ndarray,
    fitness: np.ndarray,
    mu: np.ndarray,
    sigma: np.ndarray,
    k_in: np.ndarray,
    forced: tuple[np.ndarray, np.ndarray],
    k_topics: int,
    p: GrowthParams,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw every in-field reference, batch by batch; returns (citing, cited), sorted, unique."""
    n = len(time)
    order = np.argsort(topic, kind="stable")  # by topic, then publication order
    seg_start = np.searchsorted(topic[order], np.arange(k_topics))
    time_by_topic = time[order]
    topic_count = np.zeros(k_topics, dtype=np.int64)
    counts = np.zeros(n)
    pull = np.where(role == FOUNDATIONAL, p.cross_topic_boost, 1.0)
    is_survey = role == SURVEY
    f_order = np.argsort(forced[0], kind="stable")
    f_citing, f_cited = forced[0][f_order], forced[1][f_order]
    wt = np.zeros(n)
    out_citing: list[np.ndarray] = []
    out_cited: list[np.ndarray] = []
    cap = max(2, n // 200)
    b0 = 0
    while b0 < n:
        b1 = min(n, b0 + int(np.clip(b0 // 20, 2, cap)))
        parts_citing: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        parts_cited: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        if b0 > 0:
            age = np.maximum(time[b0:b1].mean() - time[:b0], 1 / 52)
            la = np.log(age)
            w = (
                fitness[:b0]
                * (counts[:b0] + p.initial_attractiveness)
                * np.exp(-((la - mu[:b0]) ** 2) / (2 * sigma[:b0] ** 2))
                / (age * sigma[:b0])
            )
            cum_global = np.cumsum(w * pull[:b0])
            wt[:b0] = w
            cum_topic = np.cumsum(wt[order])
            batch = np.arange(b0, b1)
            regular = batch[~is_survey[b0:b1]]
            # Draw a third more than wanted, so duplicates can be dropped without shortening
            # the reference lists (a real list names each paper once).
            src = np.repeat(regular, np.ceil(k_in[regular] * p.oversample).astype(np.int64))
            k = topic[src]
            lo = seg_start[k]
            hi = lo + topic_count[k]
            local = (rng.random(len(src)) < p.within_topic) & (hi > lo)
            # within the citing paper's topic
            ls, llo, lhi = src[local], lo[local], hi[local]
            base = np.where(llo > 0, cum_topic[np.maximum(llo - 1, 0)], 0.0)
            u = base + rng.random(len(ls)) * (cum_topic[lhi - 1] - base)
            pos = np.clip(np.searchsorted(cum_topic, u, side="right"), llo, lhi - 1)
            parts_citing.append(ls)
            parts_cited.append(order[pos])
            # anywhere in the field
            gs = src[~local]
            u = rng.random(len(gs)) * cum_global[-1]
            parts_citing.append(gs)
            parts_cited.append(np.minimum(np.searchsorted(cum_global, u, side="right"), b0 - 1))
            for s in batch[is_survey[b0:b1]]:
                c = _survey_refs(s, topic, seg_start, topic_count, time_by_topic, order,
                                 cum_topic, k_in[s], p.survey_window, time, rng)  # fmt: skip
                parts_citing.append(np.full(len(c), s))
                parts_cited.append(c)
        f0, f1 = np.searchsorted(f_citing, [b0, b1])
        drawn = np.concatenate(parts_citing).astype(np.int64) * n + np.concatenate(parts_cited)
        forced_keys = f_citing[f0:f1].astype(np.int64) * n + f_cited[f0:f1]
        key = _trim(drawn, forced_keys, k_in, n, rng)
        new_cited = key % n
        out_citing.append((key // n).astype(np.int32))
        out_cited.append(new_cited.astype(np.int32))
        counts += np.bincount(new_cited, minlength=n)
        topic_count += np.bincount(topic[b0:b1], minlength=k_topics)
        b0 = b1
    return np.concatenate(out_citing), np.concatenate(out_cited)


def _trim(
    drawn: np.ndarray, forced: np.ndarray, k_in: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Distinct ``citing * n + cited`` keys: all forced ones plus at most ``k_in`` random drawn
    ones per citing paper (surveys, already distinct, are kept whole)."""
    keys, first = np.unique(np.concatenate([forced, drawn]), return_index=True)
    citing = keys // n
    priority = rng.random(len(keys))
    priority[first < len(forced)] = -1.0  # forced edges always survive
    order = np.lexsort((priority, citing))
    grp = citing[order]
    start = np.searchsorted(grp, grp)  # first row of each citing paper's group
    rank = np.arange(len(order)) - start
    keep = order[(rank < k_in[grp]) | (priority[order] < 0)]
    return np.sort(keys[keep])


def _survey_refs(
    s: int,
    topic: np.ndarray,
    seg_start: np.ndarray,
    topic_count: np.ndarray,
    time_by_topic: np.ndarray,
    order: np.ndarray,
    cum_topic: np.ndarray,
    target: int,
    window: float,
    time: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """A survey's field references: distinct, attractive papers of its topic's recent years."""
    k = topic[s]
    a, b = seg_start[k], seg_start[k] + topic_count[k]
    lo = a + np.searchsorted(time_by_topic[a:b], time[s] - window)
    if b - lo <= target:
        return order[lo:b]
    base = cum_topic[lo - 1] if lo > 0 else 0.0
    u = base + rng.random(3 * target) * (cum_topic[b - 1] - base)
    pos = np.clip(np.searchsorted(cum_topic, u, side="right"), lo, b - 1)
    _, first = np.unique(pos, return_index=True)
    return order[pos[np.sort(first)][:target]]
