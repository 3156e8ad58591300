"""Planted roles: which papers are foundations, techniques, tweaks, surveys or the frontier.

Roles are drawn before any citation exists, and then shape how papers cite and are cited
(fitness, ageing, forced tweak → parent links), so the ground truth is a cause of the graph
rather than a label read off it afterwards.
"""

from __future__ import annotations

import numpy as np

OTHER, FOUNDATIONAL, TECHNIQUE, TWEAK, SURVEY, FRONTIER = range(6)
#: Role names in code order (``ROLES[code]``), as in the analysis table's ``role`` column.
ROLES: tuple[str, ...] = ("other", "foundational", "technique", "tweak", "survey", "frontier")

#: Intent codes of an edge (``INTENTS[code]``); code 0 is "not known", as S2 leaves many edges.
INTENTS: tuple[tuple[str, ...], ...] = ((), ("background",), ("methodology",), ("result",))
UNKNOWN, BACKGROUND, METHODOLOGY, RESULT = range(4)


def assign_roles(
    time: np.ndarray,
    topic: np.ndarray,
    shares: dict[str, float],
    frontier_from: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Role code and parent index (-1 when none) of every paper.

    ``time`` is sorted (index order is publication order). Foundational papers come from the
    earliest fifth of the field; techniques from before the frontier so they can gather
    followers; tweaks from papers that have an earlier technique in their own topic; surveys
    from after the field's first five years; the frontier is every other paper published at or
    after ``frontier_from``.
    """
    n = len(time)
    role = np.full(n, OTHER, dtype=np.int8)
    idx = np.arange(n)

    def pick(mask: np.ndarray, share: float) -> np.ndarray:
        pool = idx[mask & (role == OTHER)]
        k = min(len(pool), max(1, round(share * n)))
        return np.sort(rng.choice(pool, k, replace=False)) if k else pool[:0]

    role[pick(idx < max(n // 5, 1), shares["foundational"])] = FOUNDATIONAL
    role[pick(time >= time[0] + 5, shares["survey"])] = SURVEY
    role[pick((time < frontier_from - 0.5) & (idx >= n // 100), shares["technique"])] = TECHNIQUE

    parent = np.full(n, -1, dtype=np.int32)
    # A tweak needs a technique of its own topic published at least a quarter-year before it.
    first_tech = np.full(int(topic.max()) + 1, np.inf)
    tech = idx[role == TECHNIQUE]
    np.minimum.at(first_tech, topic[tech], time[tech])
    eligible = time >= first_tech[topic] + 0.25
    tweaks = pick(eligible, shares["tweak"])
    role[tweaks] = TWEAK
    parent[tweaks] = _choose_parents(tweaks, tech, time, topic, rng)
    role[(role == OTHER) & (time >= frontier_from)] = FRONTIER
    return role, parent


def _choose_parents(
    tweaks: np.ndarray,
    tech: np.ndarray,
    time: np.ndarray,
    topic: np.ndarray,
    rng: np.random.Generator,
    tau: float = 2.5,
) -> np.ndarray:
    """Each tweak's technique: same topic, earlier, weight ∝ exp(-Δt / tau) (recent ideas).

    Vectorised per topic: for a tweak at time t the weights exp((t_j - t0) / tau) of earlier
    techniques only differ from exp(-(t - t_j) / tau) by a constant, so one cumulative sum and a
    ``searchsorted`` per tweak pick the parent.
    """
    out = np.full(len(tweaks), -1, dtype=np.int32)
    t0 = time[0]
    for k in np.unique(topic[tweaks]):
        tk = tech[topic[tech] == k]
        sel = np.flatnonzero(topic[tweaks] == k)
        cum = np.cumsum(np.exp((time[tk] - t0) / tau))
        n_before = np.searchsorted(time[tk], time[tweaks[sel]] - 0.25, side="right")
        u = rng.random(len(sel)) * cum[n_before - 1]
        pos = np.minimum(np.searchsorted(cum, u, side="right"), n_before - 1)
        out[sel] = tk[pos]
    return out


def tweak_edges(
    parent: np.ndarray, rng: np.random.Generator, max_siblings: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forced edges of a lineage: each tweak cites its parent and up to four earlier siblings.

    Returns ``(citing, cited, is_parent_edge)``.
    """
    tw = np.flatnonzero(parent >= 0)  # ascending index = publication order
    tw = tw[np.argsort(parent[tw], kind="stable")]
    par = parent[tw]
    start = np.r_[0, np.flatnonzero(np.diff(par)) + 1]
    rank = np.arange(len(tw)) - np.repeat(start, np.diff(np.r_[start, len(tw)]))
    want = rng.integers(1, max_siblings + 1, len(tw))
    citing = [tw]
    cited = [par.astype(np.int64)]
    for d in range(1, max_siblings + 1):
        m = (rank >= d) & (want >= d)
        pos = np.flatnonzero(m)
        citing.append(tw[pos])
        cited.append(tw[pos - d])
    is_parent = np.zeros(sum(len(c) for c in citing), dtype=bool)
    is_parent[: len(tw)] = True
    return np.concatenate(citing), np.concatenate(cited), is_parent


def label_edges(
    citing: np.ndarray,
    cited: np.ndarray,
    role: np.ndarray,
    parent: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Intent code and ``isInfluential`` of each edge, as S2's classifiers would roughly give.

    A tweak's citation of its parent is ``methodology`` and influential; citations of techniques
    are often ``methodology``; most others are ``background``, some ``result``; surveys cite for
    background; about 8% of the other edges have no intent at all.
    """
    m = len(citing)
    r_cited = role[cited]
    r_citing = role[citing]
    to_parent = parent[citing] == cited
    u = rng.random(m)
    # Per cited role: P(methodology), P(result); background takes the rest.
    p_meth = np.select(
        [r_cited == TECHNIQUE, r_cited == TWEAK, r_cited == FOUNDATIONAL], [0.5, 0.35, 0.25], 0.08
    )
    p_res = np.where(r_cited == TECHNIQUE, 0.1, 0.12)
    intent = np.where(
        u < p_meth, METHODOLOGY, np.where(u < p_meth + p_res, RESULT, BACKGROUND)
    ).astype(np.int8)
    intent[r_citing == SURVEY] = BACKGROUND
    intent[rng.random(m) < 0.08] = UNKNOWN
    intent[to_parent] = METHODOLOGY
    p_inf = np.select(
        [intent == METHODOLOGY, r_cited == FOUNDATIONAL, r_citing == SURVEY],
        [0.35, 0.12, 0.02],
        0.05,
    )
    influential = rng.random(m) < p_inf
    influential[to_parent] = True
    return intent, influential
