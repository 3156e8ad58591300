"""The reading plan: tiers, earned places, builds-on order, per-paper pass plans, code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mentalmap.analysis import analyze
from mentalmap.analysis.reading import (
    FOUNDATIONS,
    READING_COLUMNS,
    RECENT,
    SURVEYS,
    TECHNIQUES,
    TWEAKS,
    reading_plan,
    to_markdown,
)
from mentalmap.analysis.reading_graph import citation_links, reading_order
from mentalmap.errors import AnalysisError

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data_required() -> Path:
    """``../shared/data``; a test of real data fails (never skips) when it is missing."""
    assert SHARED.is_dir(), f"{SHARED} is missing: the real-data tests need it"
    return SHARED


ROWS = [  # id, role, year, in-map cites, relevance, in_scope, parent, code
    ("S1", "survey", 2024, 3, 0.9, True, None, ""),
    ("Sold", "survey", 2012, 9, 0.9, True, None, ""),
    ("Sout", "survey", 2024, 9, 0.01, False, None, ""),
    ("F1", "foundational", 2010, 40, 0.6, True, None, ""),
    ("F2", "foundational", 2011, 40, 0.6, True, None, ""),
    ("T1", "technique", 2015, 30, 0.9, True, None, "https://github.com/a/t1"),
    ("T2", "technique", 2016, 20, 0.8, True, None, ""),
    ("T3", "technique", 2017, 1, 0.9, True, None, ""),
    ("X", "technique", 2016, 90, 0.02, False, None, ""),
    ("W1", "tweak", 2018, 2, 0.7, True, "T1", ""),
    ("R1", "frontier", 2024, 3, 0.8, True, None, ""),
    ("R2", "frontier", 2024, 3, 0.8, True, None, ""),
] + [(f"o{i}", "other", 2012 + i % 10, 2, 0.3, True, None, "") for i in range(12)]
EDGES = [("T1", "F1"), ("T2", "T1"), ("T2", "F1"), ("W1", "T1"), ("R1", "T2"), ("S1", "T1"),
         ("S1", "T2"), ("T3", "F1")] + [(f"o{i}", "F2") for i in range(12)]  # fmt: skip


def small_field() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ids = [r[0] for r in ROWS]
    table = pd.DataFrame(
        {
            "title": [f"{pid}Net: a method {pid}" for pid in ids],
            "role": [r[1] for r in ROWS],
            "year": pd.array([r[2] for r in ROWS], dtype="Int64"),
            "in_map_citations": [r[3] for r in ROWS],
            "rescaled_pagerank": [float(r[3]) for r in ROWS],
            "relevance": [r[4] for r in ROWS],
            "in_scope": [r[5] for r in ROWS],
            "parent": [r[6] for r in ROWS],
            "has_code": [bool(r[7]) for r in ROWS],
            "code_url": [r[7] for r in ROWS],
            "cluster_label": "parsing, trees, grammar",
        },
        index=pd.Index(ids, name="paperId"),
    )
    papers = pd.DataFrame(
        {
            "paperId": ids,
            "abstract": [
                f"Parsing is hard. We propose {pid}, which parses {i} trees."
                for i, pid in enumerate(ids)
            ],
            "tldr": [
                {"text": "T1 parses everything in linear time."} if p == "T1" else None for p in ids
            ],
            "isSeed": [p == "T1" for p in ids],
        }
    ).set_index("paperId")
    return table, papers, pd.DataFrame(EDGES, columns=["citing", "cited"])


def test_the_exposure_tier_takes_only_papers_that_earn_a_place() -> None:
    table, papers, edges = small_field()
    plan = reading_plan(table, papers, edges=edges)
    assert list(plan.items.columns) == list(READING_COLUMNS)
    got = dict(zip(plan.items["paperId"], plan.items["section"]))
    assert got == {"S1": SURVEYS, "F1": FOUNDATIONS, "T1": TECHNIQUES, "T2": TECHNIQUES,
                   "R1": RECENT}  # fmt: skip
    # Sold is too old, Sout and X are outside the sub-area, F2 is no technique's ancestor,
    # T3 is cited once, R2 builds on nothing of the tier; no round-robin fills the places.
    assert any("tier is short" in n for n in plan.notes)
    assert any("1 of 5 papers of this tier have public code" in n for n in plan.notes)


def test_what_a_paper_builds_on_comes_first_and_surveys_open_the_plan() -> None:
    table, papers, edges = small_field()
    order = reading_plan(table, papers, edges=edges).items["paperId"].tolist()
    assert order == ["S1", "F1", "T1", "T2", "R1"]
    row = reading_plan(table, papers, edges=edges).items.set_index("paperId").loc["T2"]
    assert "T1Net" in row["builds_on"] and "F1Net" in row["builds_on"]


def test_the_depth_tier_holds_the_exposure_tier_and_the_tweaks() -> None:
    table, papers, edges = small_field()
    exposure = set(reading_plan(table, papers, edges=edges).items["paperId"])
    depth = reading_plan(table, papers, tier="depth", edges=edges).items
    assert exposure <= set(depth["paperId"])
    assert depth.set_index("paperId").loc["W1", "section"] == TWEAKS
    ids = depth["paperId"].tolist()
    assert ids.index("T1") < ids.index("W1")  # a tweak after the paper it changes


def test_every_pass_plan_names_its_paper() -> None:
    table, papers, edges = small_field()
    items = reading_plan(table, papers, tier="depth", edges=edges).items.set_index("paperId")
    assert items["passes"].is_unique
    t1 = items.loc["T1"]
    assert "T1 parses everything in linear time." in t1["passes"]  # the TLDR is the claim
    assert t1["deep_dive"].startswith("yes") and "https://github.com/a/t1" in t1["deep_dive"]
    assert "https://github.com/a/t1" in t1["hands_on"] and "W1Net" in t1["hands_on"]
    assert "We propose T2" in items.loc["T2", "passes"]  # the abstract's claim sentence
    assert "T1Net" in items.loc["T2", "passes"]  # the earlier technique it is measured against
    w1 = items.loc["W1"]
    assert w1["deep_dive"].startswith("no") and "T1Net" in w1["deep_dive"]
    assert "comparison with its parent T1Net" in w1["passes"]


def test_thin_papers_are_listed_only_with_a_reason() -> None:
    table, papers, edges = small_field()
    papers.loc[papers.index == "T3", "isSeed"] = True  # a seed cited once is kept...
    items = reading_plan(table, papers, edges=edges).items.set_index("paperId")
    assert "it is a seed" in items.loc["T3", "why"]  # ...and the tier says why
    assert (items["in_map_citations"] >= 2).sum() == len(items) - 1


def test_no_recent_survey_is_said_and_code_wins_ties() -> None:
    table, papers, edges = small_field()
    table.loc["S1", "role"] = "other"
    plan = reading_plan(table, papers, edges=edges)
    assert any(n.startswith("No survey of the last 5 years (2020-2024)") for n in plan.notes)
    # ten equal techniques, five with code, eight places: every one with code is in
    extra = table.loc[["T2"] * 10].copy()
    extra.index = pd.Index([f"E{i}" for i in range(10)], name="paperId")
    extra["has_code"] = [i % 2 == 1 for i in range(10)]
    extra["code_url"] = np.where(extra["has_code"], "https://github.com/e/e", "")
    big = pd.concat([table, extra])
    more = pd.concat([edges, pd.DataFrame({"citing": extra.index, "cited": "F1"})])
    items = reading_plan(big, papers, edges=more).items
    chosen = set(items["paperId"])
    assert {f"E{i}" for i in range(1, 10, 2)} <= chosen
    only = reading_plan(big, papers, edges=more, has_code=True).items
    assert only["has_code"].all() and len(only) >= 5


def test_a_tier_without_foundations_says_so_and_how_to_find_them() -> None:
    table, papers, edges = small_field()
    assert not any(
        "names no foundation" in n for n in reading_plan(table, papers, edges=edges).notes
    )
    table.loc[["F1", "F2"], "role"] = "other"
    notes = reading_plan(table, papers, edges=edges).notes
    assert any(n.startswith("This tier names no foundation: the map holds no foundational") and
               "--direction references" in n for n in notes)  # fmt: skip
    # Why, and where to start instead: the most-cited earlier work the techniques build on.
    (why,) = [n for n in notes if "names no foundation" in n]
    assert "build on: 'F1Net: a method F1' (other, cited by 40, in this tier)" in why
    assert "F2Net" not in why  # cited 40 times too, but by no technique of the tier
    table.loc["F2", "role"] = "foundational"  # in the map, but no technique of the tier cites it
    notes = reading_plan(table, papers, edges=edges).notes
    assert any(
        "holds 1 foundational paper(s) of the sub-area, but no technique" in n for n in notes
    )


def test_tier_sizes_are_checked() -> None:
    table, papers, edges = small_field()
    with pytest.raises(AnalysisError, match="at most 20"):
        reading_plan(table, papers, 30, edges=edges)
    with pytest.raises(AnalysisError, match="tier must be"):
        reading_plan(table, papers, tier="huge")
    with pytest.raises(AnalysisError, match="5-50"):
        reading_plan(table, papers, 4)


def test_markdown_keeps_s2_text_inert() -> None:
    table, papers, edges = small_field()
    table.loc["T1", "title"] = "<script>x</script> [click](http://evil) *bold*"
    plan = reading_plan(table, papers, edges=edges)
    text = to_markdown(plan.items, plan.notes)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[click\\](http" in text and "\\*bold\\*" in text
    assert "*Foundations* · **F1Net" in text and text.startswith("# Reading list")


def test_a_foundation_outside_the_sub_area_is_named_in_a_note_not_listed() -> None:
    table, papers, edges = small_field()
    outside = table.loc[["F1", "F1"]].copy()
    outside.index = pd.Index(["FX", "FY"], name="paperId")
    outside["title"] = ["FXNet <b>[x](http://evil)</b> `rm -rf`", "FYNet: one citer"]
    outside["in_scope"], outside["relevance"] = False, 0.05
    table = pd.concat([table, outside])
    edges = pd.concat(
        [edges, pd.DataFrame({"citing": ["T1", "T2", "T1"], "cited": ["FX", "FX", "FY"]})]
    )
    plan = reading_plan(table, papers, edges=edges)
    # Two techniques of the tier cite FX directly: named, but no reading-list item.
    assert "FX" not in set(plan.items["paperId"]) and plan.rests_on == ["FX"]
    assert set(plan.items.loc[plan.items["section"] == FOUNDATIONS, "paperId"]) == {"F1"}
    (note,) = [n for n in plan.notes if n.startswith("Also rests on")]
    assert "FXNet" in note and "outside this sub-area" in note and "FYNet" not in note
    text = to_markdown(plan.items, plan.notes)
    (line,) = [x for x in text.splitlines() if x.startswith("> Also rests on")]
    assert "&lt;b&gt;\\[x\\](http://evil)" in line and "`" not in line  # inert, no code span
    assert "`mentalmap crawl" in text or "--code-links" in text  # our commands stay code


def test_reading_order_reads_a_citation_cycle_as_one_unit() -> None:
    # A and B cite each other; Z (an earlier block and year) cites A; C stands alone.
    ids = ["Z", "A", "B", "C"]
    t = pd.DataFrame(
        {"year": [2010, 2016, 2016, 2018], "merit": [0.9, 0.5, 0.4, 0.8], "parent": None,
         "is_seed": False},
        index=pd.Index(ids, name="paperId"),
    )  # fmt: skip
    edges = pd.DataFrame({"citing": ["A", "B", "Z"], "cited": ["B", "A", "A"]})
    graph = citation_links(t, edges)
    sections = {"Z": FOUNDATIONS, "A": TECHNIQUES, "B": TECHNIQUES, "C": TECHNIQUES}
    order = [p for p, _ in reading_order(t, graph, sections)]
    assert order == ["A", "B", "Z", "C"]  # Z after what it cites; A, B one after the other
    shuffled = dict(reversed(list(sections.items())))
    assert [p for p, _ in reading_order(t, graph, shuffled)] == order


def test_markdown_names_each_section_once_when_the_order_interleaves_them() -> None:
    table, papers, edges = small_field()
    items = reading_plan(table, papers, edges=edges).items  # S1, F1, T1, T2, R1
    items = items.set_index("paperId").loc[["S1", "T1", "F1", "T2", "R1"]].reset_index()
    items["order"] = range(1, 6)  # a foundation read between two techniques
    text = to_markdown(items[list(READING_COLUMNS)])
    assert text.count("## ") == 1 and "## Reading order" in text
    assert "Foundations (3); Techniques (2, 4); Recent work (5)" in text
    steps = [x for x in text.splitlines() if x[:1].isdigit()]
    assert [x.split(".")[0] for x in steps] == ["1", "2", "3", "4", "5"]
    assert steps[2].startswith("3. *Foundations* · **F1Net")


def test_on_ml_arxiv_6k_seeded_with_maml(shared_data_required) -> None:
    from landmarks import ml_arxiv_frames

    papers, edges = ml_arxiv_frames(shared_data_required / "ml-arxiv-6k")
    seed = papers.index[papers["title"].str.startswith("Model-Agnostic Meta-Learning")]
    table = analyze(papers, edges, seed.tolist())
    plan = reading_plan(table, papers.assign(isSeed=papers.index.isin(seed)), edges=edges)
    ids = plan.items["paperId"].tolist()
    assert 5 <= len(ids) <= 20
    assert table.loc[ids, "in_scope"].mean() >= 0.8
    assert (plan.items["in_map_citations"] < 2).sum() <= 2
    assert plan.items["passes"].is_unique
    assert seed[0] in ids
