"""Signals checked against numbers worked by hand, networkx and the pure-Python references."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from mentalmap.analysis import (
    CitationMatrix,
    cd_index,
    cd_nok,
    citation_matrix,
    citations_per_year,
    citerank,
    cocitation_with_seeds,
    coupling_with_seeds,
    derivative_score,
    disruption_counts,
    in_map_citations,
    influential_share,
    main_path,
    methodology_share,
    pagerank,
    prior_score,
    rescale_by_age,
    rescaled_citations,
    rescaled_pagerank,
)
from mentalmap.analysis.disruption import cd_from_counts, cd_index_python
from mentalmap.analysis.mainpath import spc_python
from mentalmap.analysis.pagerank import citerank_python, pagerank_python


def frames(years: dict[str, int | None], edges: list[tuple[str, str]], **cols):
    papers = pd.DataFrame(
        {"paperId": list(years), "year": pd.array(list(years.values()), dtype="Int64"), **cols}
    ).set_index("paperId")
    return papers, pd.DataFrame(edges, columns=["citing", "cited"])


# The fixture of russellfunk/cdindex tests.py: 11 papers, 13 citations, years 1992-1999.
CD_YEARS = {"0Z": 1992, "1Z": 1992, "2Z": 1993, "3Z": 1993, "4Z": 1995, "5Z": 1997,
            "6Z": 1998, "7Z": 1999, "8Z": 1999, "9Z": 1998, "10Z": 1997}  # fmt: skip
CD_EDGES = [("4Z", "2Z"), ("4Z", "0Z"), ("4Z", "1Z"), ("4Z", "3Z"), ("5Z", "2Z"), ("6Z", "2Z"),
            ("6Z", "4Z"), ("7Z", "4Z"), ("8Z", "4Z"), ("9Z", "4Z"), ("9Z", "1Z"), ("9Z", "3Z"),
            ("10Z", "4Z")]  # fmt: skip


@pytest.fixture()
def cd_graph():
    return citation_matrix(*frames(CD_YEARS, CD_EDGES))


@pytest.mark.parametrize("same_year", [False, True])
def test_cd_index_hand_checked_vector(cd_graph, same_year):
    # 4Z (1995) cites 0Z-3Z. Within 1996-2000: 7Z, 8Z, 10Z cite 4Z only (n_i = 3); 6Z cites 4Z
    # and 2Z, 9Z cites 4Z, 1Z and 3Z (n_j = 2); 5Z cites 2Z but not 4Z (n_k = 1).
    counts = disruption_counts(cd_graph, 5, same_year=same_year)
    assert counts.loc["4Z", ["n_i", "n_j", "n_k"]].tolist() == [3, 2, 1]
    assert cd_index(cd_graph, same_year=same_year)["4Z"] == pytest.approx(1 / 6)
    assert cd_nok(cd_graph, same_year=same_year)["4Z"] == pytest.approx(1 / 5)
    # 10Z (1997) cites 4Z only; 6Z, 7Z, 8Z, 9Z cite 4Z but not 10Z: n_k = 4, CD = 0.
    assert counts.loc["10Z", "n_k"] == 4
    assert cd_index(cd_graph, same_year=same_year)["10Z"] == 0.0


def test_cd_index_is_nan_without_references_not_plus_one(cd_graph):
    cd = cd_index(cd_graph)
    # 0Z and 2Z have no references: the +1 artefact of Holst et al. 2024 is blanked.
    assert math.isnan(cd["0Z"]) and math.isnan(cd["2Z"])
    # 7Z (1999): only 8Z, of the same year, cites its reference 4Z
    assert math.isnan(cd_index(cd_graph, same_year=False)["7Z"])
    assert cd["7Z"] == 0.0
    refs = {k: [b for a, b in CD_EDGES if a == k] for k in CD_YEARS}
    assert cd_index_python(refs, CD_YEARS, "0Z") == 1.0  # the plain definition gives +1
    assert cd_index_python(refs, CD_YEARS, "4Z") == pytest.approx(1 / 6)


def test_cd_index_nan_when_references_not_crawled():
    papers, edges = frames(CD_YEARS, CD_EDGES)
    papers["referencesCrawled"] = papers.index != "4Z"
    assert math.isnan(cd_index((papers, edges))["4Z"])


def test_cd_index_matches_python_reference_on_random_graph():
    rng = np.random.default_rng(3)
    n = 120
    years = {str(i): int(1990 + i // 8) for i in range(n)}
    edges = sorted({(str(i), str(j)) for i in range(n) for j in rng.choice(max(i, 1), 4) if j < i})
    m = citation_matrix(*frames(years, edges))
    fast = cd_index(m, same_year=False)
    refs = {k: [b for a, b in edges if a == k] for k in years}
    for k in years:
        if not refs[k]:
            assert math.isnan(fast[k])
            continue
        assert fast[k] == pytest.approx(cd_index_python(refs, years, k), nan_ok=True)


def test_pattern_is_a_bool_view_of_the_citation_matrix():
    m = citation_matrix(*frames({"a": 2000, "b": 2001, "c": 2002}, [("b", "a"), ("c", "a")]))
    assert m.pattern.dtype == bool and m.pattern.data.all()
    assert np.shares_memory(m.pattern.indices, m.A.indices)
    assert (m.pattern.toarray() == (m.A.toarray() != 0)).all()


def random_graph(n=60, seed=1):
    rng = np.random.default_rng(seed)
    years = {f"p{i}": 2000 + i // 6 for i in range(n)}
    edges = sorted({(f"p{i}", f"p{j}") for i in range(1, n) for j in rng.choice(i, 3)})
    edges += [("p3", "p10")]  # a citation to a later paper: a cycle-maker
    return years, edges


def test_pagerank_matches_networkx_and_reference():
    years, edges = random_graph()
    m = citation_matrix(*frames(years, edges))
    ours = pagerank(m, d=0.5, tol=1e-13)
    g = nx.DiGraph()
    g.add_nodes_from(years)
    g.add_edges_from(edges)
    theirs = nx.pagerank(g, alpha=0.5, tol=1e-13)
    ref = pagerank_python(years, edges, d=0.5, tol=1e-13)
    for k in years:
        assert ours[k] == pytest.approx(theirs[k], abs=1e-9)
        assert ours[k] == pytest.approx(ref[k], abs=1e-12)
    assert ours.sum() == pytest.approx(1.0)


def test_citerank_matches_reference_and_favours_recent_papers():
    years, edges = random_graph()
    m = citation_matrix(*frames(years, edges))
    ours = citerank(m)
    ref = citerank_python(years, edges, years)
    for k in years:
        assert ours[k] == pytest.approx(ref[k], abs=1e-12)
    # with no citations at all, traffic is just the recency prior: newest paper first
    lone = citerank(frames({"a": 2000, "b": 2010}, []))
    assert lone["b"] > lone["a"]
    assert lone["b"] / lone["a"] == pytest.approx(math.exp(10 / 2.6))


def test_rescale_window_and_year():
    x = np.arange(10.0)
    t = np.arange(10.0)
    z = rescale_by_age(x, t, window=3)
    # middle paper: window {3, 4, 5}, mean 4, population sd sqrt(2/3)
    assert z[4] == pytest.approx(0.0)
    assert z[5] == pytest.approx((5 - 5) / math.sqrt(2 / 3))
    assert z[0] == pytest.approx((0 - 1) / math.sqrt(2 / 3))  # window slides to {0, 1, 2}
    # same-year z-score: 30 papers a year, values 0/1 in 2000 and 10/30 in 2001
    vals = np.array([0.0, 1.0] * 15 + [10.0, 30.0] * 15)
    y = rescale_by_age(vals, np.repeat([2000.0, 2001.0], 30), method="year")
    assert y.tolist() == pytest.approx([-1.0, 1.0] * 30)
    # thin years (< 30 papers) pool their neighbours: here all four papers
    y = rescale_by_age(np.array([1.0, 3.0, 10.0, 20.0]), np.array([2000, 2000, 2001, 2001.0]),
                       method="year")  # fmt: skip
    assert y[0] == pytest.approx((1 - 8.5) / math.sqrt(55.25))


def test_rescaled_signals_remove_age_trend():
    years, edges = random_graph(200, seed=2)
    m = citation_matrix(*frames(years, edges))
    rc, rp = rescaled_citations(m), rescaled_pagerank(m)
    age = pd.Series(years).reindex(m.ids).to_numpy(dtype=float)
    raw = in_map_citations(m).to_numpy()
    assert np.corrcoef(age, raw)[0, 1] < -0.3  # old papers have more citations
    assert abs(np.corrcoef(age, rc.to_numpy())[0, 1]) < 0.2
    assert abs(np.corrcoef(age, rp.to_numpy())[0, 1]) < 0.2


def test_counts_prior_derivative_per_year():
    m = citation_matrix(*frames({"a": 2018, "b": 2019, "c": 2020, "d": None},
                                [("b", "a"), ("c", "a"), ("c", "b")]))  # fmt: skip
    assert in_map_citations(m).tolist() == [2, 1, 0, 0]
    assert prior_score(m)["a"] == pytest.approx(1.0)  # both citing papers cite a
    assert derivative_score(m)["c"] == pytest.approx(1.0)  # c cites both cited papers
    cpy = citations_per_year(m)
    assert cpy["a"] == pytest.approx(2 / 3) and math.isnan(cpy["d"])


def test_cocitation_and_coupling_with_seeds():
    # x and y both cite s (the seed) and a; z cites a and b; w cites s's references r1, r2.
    edges = [("x", "s"), ("x", "a"), ("y", "s"), ("y", "a"), ("z", "a"), ("z", "b"),
             ("s", "r1"), ("s", "r2"), ("w", "r1"), ("w", "r2"), ("v", "r1")]  # fmt: skip
    ids = sorted({p for e in edges for p in e})
    m = citation_matrix(*frames(dict.fromkeys(ids, 2020), edges))
    cc = cocitation_with_seeds(m, ["s"])
    assert cc["a"] == 2 and cc["b"] == 0 and cc["s"] == 0
    bc = coupling_with_seeds(m, ["s"])
    assert bc["w"] == 2 and bc["v"] == 1 and bc["s"] == 0


def test_influential_and_methodology_shares():
    papers, edges = frames({"a": 2020, "b": 2021, "c": 2021, "d": 2022},
                           [("b", "a"), ("c", "a"), ("d", "a"), ("d", "b")])  # fmt: skip
    edges["isInfluential"] = [True, False, None, None]
    edges["intents"] = [["methodology"], ["background"], [], None]
    m = citation_matrix(papers, edges)
    assert influential_share(m)["a"] == pytest.approx(0.5)  # the unknown flag is left out
    assert methodology_share(m)["a"] == pytest.approx(0.5)
    assert math.isnan(influential_share(m)["b"]) and math.isnan(methodology_share(m)["b"])


# Knowledge flows a, b -> c -> d, e -> f -> h, i; b -> g. As (citing, cited) pairs:
SPC_EDGES = [("c", "a"), ("c", "b"), ("d", "c"), ("e", "c"), ("f", "d"), ("f", "e"),
             ("g", "b"), ("h", "f"), ("i", "f")]  # fmt: skip
SPC_YEARS = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3, "f": 4, "g": 2, "h": 5, "i": 5}


def test_spc_worked_by_hand():
    # N-: a=b=1, c=2, d=e=2, f=4, h=i=4, g=1.  N+: h=i=g=1, f=2, d=e=2, c=4, a=4, b=5.
    spc = spc_python(SPC_EDGES)
    assert spc[("c", "a")] == 1 * 4 and spc[("c", "b")] == 1 * 4 and spc[("g", "b")] == 1
    assert spc[("d", "c")] == 2 * 2 and spc[("f", "d")] == 2 * 2 and spc[("h", "f")] == 4 * 1
    mp = main_path(frames(SPC_YEARS, SPC_EDGES), routes=1)
    # node spc = strongest incident link / strongest link (4): g's only link has SPC 1
    assert mp.nodes.loc["g", "spc"] == pytest.approx(1 / 4)
    assert mp.nodes.loc["c", "spc"] == pytest.approx(1.0)
    path = set(mp.edges)
    assert len(path) == 4 and ("h", "f") in path or ("i", "f") in path
    assert mp.nodes["on_main_path"].sum() == 5
    assert not mp.nodes.loc["g", "on_main_path"]


def test_main_path_survives_cycles_and_deep_graphs():
    # a citation cycle (x <-> y) is condensed; a later-year edge is dropped
    edges = [("x", "y"), ("y", "x"), ("z", "x"), ("old", "z")]
    mp = main_path(frames({"x": 2000, "y": 2000, "z": 2001, "old": 1990}, edges))
    assert mp.nodes.loc["x", "spc"] == mp.nodes.loc["y", "spc"]
    # a 3000-paper chain with doubling paths does not overflow
    n = 3000
    chain = [(f"p{i}", f"p{i - 1}") for i in range(1, n)]
    chain += [(f"p{i}", f"p{i - 2}") for i in range(2, n)]
    mp = main_path(frames({f"p{i}": i for i in range(n)}, chain))
    assert np.isfinite(mp.nodes["spc"]).all()
    assert mp.nodes["on_main_path"].sum() > n / 2


def test_cd_index_sampled_beyond_work_budget_keeps_n_i_n_j_exact():
    from mentalmap.synthetic import generate_field

    field = generate_field(1500, seed=5)
    citing, cited = field.edge_arrays()
    m = CitationMatrix.from_arrays(field.paper_ids, field.years.astype(float), citing, cited)
    exact = disruption_counts(m)
    approx = disruption_counts(m, max_work=exact["n_k"].sum() / 3)
    assert 0 < approx.attrs["sample_rate"] < 1 and exact.attrs["sample_rate"] == 1.0
    assert (approx["n_i"] == exact["n_i"]).all() and (approx["n_j"] == exact["n_j"]).all()
    a, b = cd_from_counts(exact)["cd_index"], cd_from_counts(approx)["cd_index"]
    both = a.notna() & b.notna()
    assert np.corrcoef(a[both], b[both])[0, 1] > 0.9


def test_cd_counts_of_a_focal_subset_equal_the_full_run_on_it():
    from mentalmap.synthetic import generate_field

    field = generate_field(1500, seed=6)
    citing, cited = field.edge_arrays()
    m = CitationMatrix.from_arrays(field.paper_ids, field.years.astype(float), citing, cited)
    full = disruption_counts(m)
    only = np.zeros(m.n, dtype=bool)
    only[np.random.default_rng(0).choice(m.n, 300, replace=False)] = True
    part = disruption_counts(m, only=only)
    assert (part["cd_defined"] == (full["cd_defined"] & only)).all()
    for c in ("n_i", "n_j", "n_k"):
        assert (part.loc[only, c] == full.loc[only, c]).all()
        assert (part.loc[~only, c] == 0).all()
    assert part.loc[only & full["cd_defined"].to_numpy(), "n_j"].sum() > 0


def test_cd_sampling_caps_only_the_costliest_papers():
    from mentalmap.synthetic import generate_field

    field = generate_field(1500, seed=7)
    citing, cited = field.edge_arrays()
    m = CitationMatrix.from_arrays(field.paper_ids, field.years.astype(float), citing, cited)
    exact = disruption_counts(m)
    approx = disruption_counts(m, max_work=exact["n_k"].sum())  # work counts n_k with repeats
    assert 0 < approx.attrs["sample_rate"] < 1
    assert 0 < approx.attrs["sampled_papers"] < int(exact["cd_defined"].sum())
    # every paper under the cap is exact; the sampled ones are the big unions
    same = (approx["n_k"] == exact["n_k"]) & exact["cd_defined"]
    assert same.sum() >= int(exact["cd_defined"].sum()) - approx.attrs["sampled_papers"]
    off = exact["cd_defined"] & ~same
    assert exact.loc[off, "n_k"].median() > exact.loc[same, "n_k"].median()
    rel = (approx.loc[off, "n_k"] - exact.loc[off, "n_k"]).abs() / exact.loc[off, "n_k"]
    assert rel.median() < 0.2


def test_row_argmax_is_scipys_argmax_without_its_row_loop():
    import scipy.sparse as sp

    from mentalmap.analysis.topics import _row_argmax

    rng = np.random.default_rng(0)
    for t in range(100):
        n, k = int(rng.integers(1, 40)), int(rng.integers(1, 10))
        mat = sp.random(n, k, density=rng.random(), random_state=t, format="csr")
        mat.data = np.ceil(mat.data * 3)  # ties: the lowest column wins, as in scipy
        if t % 2:
            mat = mat @ sp.identity(k, format="csr")  # a product: indices need not be sorted
        has = np.diff(mat.indptr) > 0
        got = _row_argmax(mat)
        assert (got[has] == np.asarray(mat.argmax(axis=1)).ravel()[has]).all()
        assert (got[~has] == -1).all()


@pytest.mark.parametrize("shape", ["wide", "deep"])
def test_generations_are_one_more_than_the_deepest_reference(shape):
    import scipy.sparse as sp

    from mentalmap.analysis.mainpath import _generations

    rng = np.random.default_rng(5)
    n = 400
    if shape == "wide":  # levels of many citations: the bincount branch
        pairs = {(i, int(j)) for i in range(1, n) for j in rng.choice(i, min(i, 6))}
    else:  # a chain with side links: levels of one or two citations, the sorting branch
        pairs = {(i, i - 1) for i in range(1, n)} | {(i, i - 3) for i in range(3, n, 7)}
    rows, cols = np.array(sorted(pairs)).T
    dag = sp.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    gen = _generations(dag)
    refs: dict[int, list[int]] = {}
    for a, b in pairs:
        refs.setdefault(a, []).append(b)
    for v in range(n):  # v > every paper it cites, so gen of references is final here
        assert gen[v] == (1 + max(gen[r] for r in refs[v]) if v in refs else 0)
