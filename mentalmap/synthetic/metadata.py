"""What the growth model does not decide about a field's papers: venues, publication types,
ids, authors, technique names, code and dataset links, titles.

``title_style`` (see `generate_field`): only ``patterned`` writes role cues into the titles,
venues, publication types and repository names; the others give every role the same odds of
each, so the roles must be read from the citation structure.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mentalmap.synthetic import text
from mentalmap.synthetic.field import ARRAY_NAMES, FORMAT_VERSION, Field
from mentalmap.synthetic.identifiers import author_lists
from mentalmap.synthetic.roles import SURVEY, TECHNIQUE, TWEAK


def dress_field(
    *,
    params: Any,
    rng: np.random.Generator,
    fresh: np.random.Generator,
    title_style: str,
    **g: Any,
) -> Field:
    """The `Field` of a grown citation graph (``g``: the generator's arrays and facts).

    ``fresh`` is the stream that only re-draws repeated titles (`text.unique_titles`)."""
    n = len(g["time"])
    patterned = title_style == "patterned"
    role, topic, parent = g["role"], g["topic"], g["parent"]
    venues, venue, pub_type = _venues(role, topic, len(g["topics"]), patterned, rng)
    arxiv = (rng.random(n) < 0.5) & (g["time"] >= 1991.7)
    doi = rng.random(n) < 0.6
    open_access = arxiv & (rng.random(n) < 0.85)
    corpus_id = 200_000_000 + rng.permutation(n).astype(np.int64) * 7 + rng.integers(0, 7)
    ptr, ids = author_lists(topic, len(g["topics"]), rng)
    names, code_url, dataset = _names_and_links(role, topic, parent, params, patterned, rng)
    task_pick = rng.integers(0, 1 << 30, n).astype(np.int32)
    method_pick = rng.integers(0, 1 << 30, n).astype(np.int32)
    titles = _titles(role, topic, names, parent, task_pick, method_pick, title_style, rng, fresh)
    meta = {
        "format": FORMAT_VERSION,
        "seed": int(g["seed"]),
        "start_year": int(g["start_year"]),
        "end_year": int(g["end_year"]),
        "topics": list(g["topics"]),
        "venues": venues,
        "text_seed": int(rng.integers(0, 2**63 - 1)),
        "titles": title_style,
    }
    arrays = {k: g[k] for k in ARRAY_NAMES if k in g}
    arrays.update(
        pub_type=pub_type, venue=venue.astype(np.int16), arxiv=arxiv, doi=doi,
        open_access=open_access, corpus_id=corpus_id, author_ptr=ptr, author_ids=ids,
        task_pick=task_pick, method_pick=method_pick,
    )  # fmt: skip
    texts = {"titles": titles, "names": names, "code_url": code_url, "dataset": dataset}
    return Field(meta, arrays, texts)


def _venues(
    role: np.ndarray, topic: np.ndarray, k_topics: int, patterned: bool, rng: np.random.Generator
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The venue list, each paper's venue index and publication-type code."""
    n = len(role)
    venues = list(dict.fromkeys(
        text.GENERAL_VENUES + text.SURVEY_VENUES
        + tuple(v for t in text.TOPICS[:k_topics] for v in t.venues)
    ))  # fmt: skip
    vidx = {v: i for i, v in enumerate(venues)}
    topic_venues = np.array([[vidx[v] for v in t.venues] for t in text.TOPICS[:k_topics]])
    general = np.array([vidx[v] for v in text.GENERAL_VENUES])
    survey_v = np.array([vidx[v] for v in text.SURVEY_VENUES])
    u = rng.random(n)
    venue = np.where(
        u < 0.5,
        topic_venues[topic, rng.integers(0, topic_venues.shape[1], n)],
        general[rng.integers(0, len(general), n)],
    )
    is_survey = role == SURVEY
    if patterned:
        venue[is_survey] = survey_v[rng.integers(0, len(survey_v), is_survey.sum())]
        pub_type = rng.choice(4, n, p=[0.08, 0.55, 0.365, 0.005]).astype(np.int8)
        pub_type[is_survey] = 3
    else:
        # as in S2: half the surveys in a survey venue, Review on most surveys and on some
        # other papers (S2 over-uses it)
        in_sv = is_survey & (rng.random(n) < 0.5)
        venue[in_sv] = survey_v[rng.integers(0, len(survey_v), in_sv.sum())]
        pub_type = rng.choice(4, n, p=[0.08, 0.52, 0.35, 0.05]).astype(np.int8)
        pub_type[is_survey & (rng.random(n) < 0.7)] = 3
    return venues, venue, pub_type


def _names_and_links(
    role: np.ndarray,
    topic: np.ndarray,
    parent: np.ndarray,
    params: Any,
    patterned: bool,
    rng: np.random.Generator,
) -> tuple[list[str], list[str], list[str]]:
    """Technique names, code repository links and released dataset names ("" when none)."""
    n = len(role)
    names = [""] * n
    tech = np.flatnonzero(role == TECHNIQUE)
    for i, name in zip(tech.tolist(), text.technique_names(topic[tech], rng), strict=True):
        names[i] = name
    lineage = (role == TECHNIQUE) | (role == TWEAK)
    share = np.where(lineage, params.code_share_lineage, params.code_share_other)
    has_code = rng.random(n) < share
    code_url = [""] * n
    coded = np.flatnonzero(has_code)
    repo = [
        names[i] if role[i] == TECHNIQUE
        else f"{names[parent[i]]}-{('plus', 'v2', 'ext', 'lab')[i % 4]}"
        if role[i] == TWEAK and patterned
        else f"{text.TOPICS[topic[i]].stems[0]}-{i}"
        for i in coded.tolist()
    ]  # fmt: skip
    for i, url in zip(coded.tolist(), text.code_urls(repo, rng), strict=True):
        code_url[i] = url
    dataset = [""] * n
    has_data = np.flatnonzero(rng.random(n) < params.dataset_share)
    for i, d in zip(has_data.tolist(), text.dataset_names(topic[has_data], rng), strict=True):
        dataset[i] = d
    return names, code_url, dataset


def _titles(
    role: np.ndarray,
    topic: np.ndarray,
    names: list[str],
    parent: np.ndarray,
    task_pick: np.ndarray,
    method_pick: np.ndarray,
    title_style: str,
    rng: np.random.Generator,
    fresh: np.random.Generator,
) -> list[str]:
    n = len(role)
    if title_style == "neutral":
        return text.neutral_titles(topic, names, task_pick, method_pick, rng, fresh)
    titles = text.make_titles(role, topic, names, parent, task_pick, method_pick, rng, fresh)
    if title_style == "random":  # the patterned titles, shuffled: cues that lie
        titles = [titles[i] for i in rng.permutation(n).tolist()]
    return titles
