"""The analysis table, roles, reading list, code links and evaluation on small maps."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

import mentalmap.analysis as analysis
from mentalmap.analysis import (
    ROLES,
    TABLE_COLUMNS,
    analyze,
    baseline_roles,
    citation_matrix,
    clusters,
    evaluate_roles,
    find_code_url,
    pagerank,
)
from mentalmap.errors import AnalysisError

from planted import evaluate_field


def test_public_api_is_complete():
    exported = {
        n for n in dir(analysis)
        if not n.startswith("_") and not inspect.ismodule(getattr(analysis, n))
    }  # fmt: skip
    assert exported == set(analysis.__all__)


def lineage_map() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A hand-made map: one foundation F (2010) cited by everything, and for substance by the
    papers that came after the technique; technique T (2015) whose method three tweaks use and
    name; a survey; two recent papers; twenty-four ordinary papers."""
    years = {"F": 2010, "T": 2015, "S": 2019}
    titles = {"F": "Learning Everything by Gradient Descent",
              "T": "TechNet: A New Approach to Parsing", "S": "A survey of parsing"}  # fmt: skip
    edges = [("T", "F")]
    for i in range(24):
        pid = f"o{i}"
        years[pid] = 2011 + i % 8
        titles[pid] = f"An Empirical Study {i}"
        edges += [(pid, "F")]
        if years[pid] > 2015:
            edges += [(pid, "T")]
        if i:
            edges += [(pid, f"o{i - 1}")] if years[f"o{i - 1}"] < years[pid] else []
    for i in range(3):
        pid = f"w{i}"
        years[pid] = 2016 + i
        titles[pid] = f"TechNet with Trick {i}"
        edges += [(pid, "T"), (pid, "F")] + [(pid, f"w{j}") for j in range(i)]
    for i in range(2):
        pid = f"r{i}"
        years[pid] = 2021
        titles[pid] = f"Recent Result {i}"
        edges += [(pid, "T"), (pid, "F"), (pid, "o3")]
    edges += [("S", p) for p in years if p != "S" and years[p] < 2019]
    papers = pd.DataFrame(
        {
            "paperId": list(years),
            "year": pd.array(list(years.values()), dtype="Int64"),
            "title": [titles[p] for p in years],
            "abstract": [
                "Code: https://github.com/acme/technet." if p == "T" else None for p in years
            ],
            "citationCount": [100 if p == "F" else 5 for p in years],
        }
    ).set_index("paperId")
    frame = pd.DataFrame(edges, columns=["citing", "cited"]).drop_duplicates()
    builds = (frame["cited"] == "T") & frame["citing"].str.startswith("w")
    # the foundation is central to the ordinary papers that came after the technique
    rests_on_f = (frame["cited"] == "F") & frame["citing"].map(
        lambda p: p.startswith("o") and years[p] > 2015
    )
    frame["isInfluential"] = (builds | rests_on_f).to_numpy()
    frame["intents"] = [["methodology"] if b else ["background"] for b in builds]
    return papers, frame


def test_analyze_table_contract_and_roles():
    papers, edges = lineage_map()
    t = analyze(papers, edges)
    assert list(t.columns) == list(TABLE_COLUMNS)
    assert t.index.name == "paperId" and set(t.index) == set(papers.index)
    assert t["importance"].is_monotonic_decreasing
    assert t["importance"].between(0, 1).all() and t["confidence"].between(0, 1).all()
    assert set(t["role"]) <= set(ROLES)
    assert t.at["F", "role"] == "foundational"
    assert t.at["F", "reason"].startswith("cited by ") and "% of the map" in t.at["F", "reason"]
    assert t.at["T", "role"] == "technique"
    assert t.at["S", "role"] == "survey"
    for w in ("w0", "w1", "w2"):
        assert t.at[w, "role"] == "tweak" and t.at[w, "parent"] == "T"
    assert t.at["r0", "role"] == "frontier" and pd.isna(t.at["r0", "parent"])
    assert t.at["T", "has_code"] and t.at["T", "code_url"] == "https://github.com/acme/technet"
    assert t["parent"].isna().sum() == len(t) - 3


def test_analyze_handles_na_years_isolated_papers_and_cycles():
    years = pd.array([2020, None, 2021, 2022, None], dtype="Int64")
    papers = pd.DataFrame({"paperId": list("abcde"), "year": years}).set_index("paperId")
    edges = pd.DataFrame({"citing": ["b", "a", "c", "d"], "cited": ["a", "b", "a", "c"]})
    t = analyze(papers, edges)
    assert len(t) == 5 and t["pagerank"].sum() == pytest.approx(1.0)
    assert t.at["e", "in_map_citations"] == 0


def _papers(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns).set_index("paperId")


NO_EDGES = pd.DataFrame({"citing": [], "cited": []})


@pytest.mark.parametrize(
    ("papers", "edges", "message"),
    [
        (_papers(paperId=[], year=[]), NO_EDGES, "empty"),
        (_papers(paperId=["a"]), NO_EDGES, "year"),
        (_papers(paperId=["a"], year=[2020]), pd.DataFrame({"citing": []}), "cited"),
        (_papers(paperId=["a", "a"], year=[2020, 2021]), NO_EDGES, "more than once"),
        (_papers(paperId=["a"], year=[2020]), pd.DataFrame({"citing": ["a"], "cited": ["zz"]}),
         "missing from the papers"),
        (pd.DataFrame({"paperId": ["a"], "year": [2020]}), NO_EDGES,
         r"indexed by paperId: call \.set_index\('paperId'\)"),
    ],
)  # fmt: skip
def test_wrong_input_raises_analysis_error(papers, edges, message):
    with pytest.raises(AnalysisError, match=message):
        analyze(papers, edges)
    with pytest.raises(AnalysisError):
        pagerank((papers, edges))


def test_clusters_are_reproducible_and_labelled():
    rng = np.random.default_rng(0)
    ids = [f"p{i}" for i in range(80)]
    edges = [(f"p{i}", f"p{j}") for i in range(80) for j in rng.choice(80, 4)
             if i != j and (i < 40) == (j < 40)]  # fmt: skip
    titles = pd.Series(
        [
            "graph neural message passing" if i < 40 else "diffusion image denoising"
            for i in range(80)
        ],
        index=ids,
    )
    papers = pd.DataFrame({"paperId": ids, "year": 2020}).set_index("paperId")
    m = citation_matrix(papers, pd.DataFrame(edges, columns=["citing", "cited"]).drop_duplicates())
    a, b = clusters(m, titles, seed=1), clusters(m, titles, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert a["cluster"].nunique() >= 2
    assert a.loc["p0", "cluster"] != a.loc["p79", "cluster"]
    assert "graph" in a.loc["p0", "cluster_label"] or "passing" in a.loc["p0", "cluster_label"]


def test_find_code_url():
    assert find_code_url("see https://github.com/a/b.") == "https://github.com/a/b"
    assert (
        find_code_url("weights at huggingface.co/org/model") == "https://huggingface.co/org/model"
    )
    assert find_code_url("https://gitlab.com/x/y, and more") == "https://gitlab.com/x/y"
    assert find_code_url("no link here") == "" and find_code_url(None) == ""


def test_evaluate_roles_on_small_synthetic_field_beats_citation_baseline():
    # Measured on neutral-title 600-paper fields, seeds 0-4: macro-F1 0.76-0.81 (seed 3: 0.786),
    # parent accuracy 0.85-0.94; citation baseline 0.26-0.37. Titles carry no role cue here.
    res = evaluate_field(600, seed=3)
    assert res["ours"]["macro_f1"] > 0.7
    assert res["ours"]["macro_f1"] > res["citations"]["macro_f1"] + 0.3
    assert res["ours"]["parent_accuracy"] > 0.75
    for role in ("foundational", "technique", "tweak", "survey"):
        assert res["ours"]["per_role"][role]["f1"] > 0.5, role


def test_evaluate_roles_figures():
    truth = pd.DataFrame({"role": ["foundational", "tweak", "other", "tweak"],
                          "parent": ["", "a", "", "a"]}, index=list("abcd"))  # fmt: skip
    table = pd.DataFrame({"role": ["foundational", "tweak", "tweak", "other"],
                          "parent": ["", "a", "a", ""], "importance": [1, 0.5, 0.2, 0.1]},
                         index=list("abcd"))  # fmt: skip
    res = evaluate_roles(table, truth)
    assert res["per_role"]["tweak"]["precision"] == 0.5
    assert res["per_role"]["tweak"]["recall"] == 0.5
    assert res["per_role"]["foundational"]["f1"] == 1.0
    assert res["precision_at_k_foundational"] == 1.0 and res["parent_accuracy"] == 1.0
    assert res["macro_f1"] == pytest.approx((1 + 0.5 + 0) / 3)


def test_baseline_is_handed_the_true_counts():
    # The baselines get the truth's own role counts (an oracle quota), not a share of the map.
    table = pd.DataFrame({"citationCount": [9, 1, 7, 5, np.nan, 8]}, index=list("abcdef"))
    role = baseline_roles(table, "citationCount", {"foundational": 2, "technique": 1, "tweak": 3})
    assert role.to_dict() == {"a": "foundational", "f": "foundational", "c": "technique",
                              "d": "other", "b": "other", "e": "other"}  # fmt: skip
