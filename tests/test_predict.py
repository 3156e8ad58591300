"""Predict the next step: the field as of a year, stored guesses, and the reveal."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.errors import AnalysisError, UnknownPaper
from mentalmap.predict import (
    GUESS_COLUMNS,
    REVEAL_COLUMNS,
    SCORE_COLUMNS,
    as_of,
    growth_after,
    read_guesses,
    read_picks,
    read_scores,
    record_guess,
    record_picks,
    record_score,
    reveal,
    summarize_as_of,
)
from mentalmap.store import Store


@pytest.fixture
def tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    """a, b (2010) ← c (2012); after 2012: d cites a, b, c; e cites a; s (a survey) cites all."""
    papers = pd.DataFrame(
        {
            "paperId": ["a", "b", "c", "d", "e", "s", "u"],
            "title": ["A", "B", "C", "D", "E", "A survey of letters", "Undated"],
            "year": pd.array([2010, 2010, 2012, 2014, 2013, 2015, None], dtype="Int64"),
            "citationCount": [50, 20, 10, 5, 3, 100, 0],
            "publicationTypes": [[], [], [], [], [], ["Review"], []],
        }
    ).set_index("paperId")
    edges = pd.DataFrame(
        {
            "citing": ["c", "c", "d", "d", "d", "e", "s", "s", "s", "u"],
            "cited": ["a", "b", "a", "b", "c", "a", "a", "b", "c", "a"],
        }
    )
    return papers, edges


def test_as_of_keeps_papers_up_to_the_year_and_edges_among_them(tiny) -> None:
    papers, edges = tiny
    then_papers, then_edges = as_of(papers, edges, 2012)
    assert then_papers.index.tolist() == ["a", "b", "c"]  # the undated paper is left out
    assert then_edges[["citing", "cited"]].values.tolist() == [["c", "a"], ["c", "b"]]


def test_reveal_ranks_papers_of_then_by_citations_gained_later(tiny) -> None:
    papers, edges = tiny
    out = reveal(papers, edges, 2012, top=3).revealed
    assert list(out.columns) == list(REVEAL_COLUMNS)
    # later papers d, e, s cite a (3), b (2), c (2); u is undated and cannot count
    assert out["paperId"].tolist() == ["a", "b", "c"]
    assert out["gained"].tolist() == [3, 2, 2]
    assert (out["year"] <= 2012).all()


def test_lineages_started_come_from_the_table(tiny) -> None:
    papers, edges = tiny
    table = pd.DataFrame(
        {"parent": [None, None, "b", "c", "c", None, None], "role": "tweak",
         "cluster_label": "x"},
        index=pd.Index(papers.index, name="paperId"),
    )  # fmt: skip
    growth = growth_after(papers, edges, 2012, table).set_index("paperId")
    assert (
        growth.loc["c", "lineages"] == 2 and growth.loc["b", "lineages"] == 0
    )  # c's child is 2012
    # b and c gained as much; c started two lineages after 2012, so it ranks first
    assert growth.index.tolist() == ["a", "c", "b"]


def test_picks_are_scored_beside_the_citerank_baseline(tiny, tmp_path) -> None:
    papers, edges = tiny
    result = reveal(papers, edges, 2012, top=1, picks=["b", "a"])
    assert (result.hits, result.score) == (1, 0.5)
    assert len(result.baseline_picks) == 2 and 0.0 <= result.baseline <= 1.0
    assert np.isnan(reveal(papers, edges, 2012, top=1).score)  # nothing picked, nothing scored
    with Store.open(tmp_path / "s.sqlite") as store, store.transaction() as conn:
        for pid, year in zip(papers.index, papers["year"]):
            conn.execute(
                "INSERT INTO papers (paperId, title, year, depth) VALUES (?, ?, ?, 0)",
                (pid, pid.upper(), None if pd.isna(year) else int(year)),
            )
    with Store.open(tmp_path / "s.sqlite") as store:
        assert record_picks(store, 2012, ["b", "a"]) == ["b", "a"]
        with pytest.raises(UnknownPaper, match="not a paper of the map as of 2012"):
            record_picks(store, 2012, ["d"])
        assert read_picks(store, 2012) == ["b", "a"]
        record_score(store, reveal(papers, edges, 2012, None, 1, read_picks(store, 2012)))
        scores = read_scores(store)
        assert list(scores.columns) == list(SCORE_COLUMNS)
        assert scores[["asOf", "picks", "hits", "score"]].values.tolist() == [[2012, 2, 1, 0.5]]


def test_reveal_and_summary_refuse_years_outside_the_map(tiny) -> None:
    papers, edges = tiny
    with pytest.raises(AnalysisError, match="no paper from 2009 or before"):
        reveal(papers, edges, 2009)
    with pytest.raises(AnalysisError, match="nothing in the map was published after 2015"):
        reveal(papers, edges, 2015)
    with pytest.raises(AnalysisError, match="starts in 2010"):
        summarize_as_of(papers, edges, 2009)


def test_summary_counts_and_top_papers_per_topic(tiny) -> None:
    papers, edges = tiny
    summary = summarize_as_of(papers, edges, 2012, per_topic=2)
    assert (summary.papers, summary.edges, summary.first_year) == (3, 2, 2010)
    assert summary.top["paperId"].tolist() == ["a", "b"]
    assert summary.top["in_map_citations"].tolist() == [1, 1]


def test_guesses_are_stored_per_year(tmp_path) -> None:
    t0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    with Store.open(tmp_path / "s.sqlite") as store:
        record_guess(store, 2015, "graphs go molecular", now=t0)
        record_guess(store, 2018, "diffusion wins", now=t0 + dt.timedelta(days=1))
        record_guess(store, 2015, "and then audio", now=t0 + dt.timedelta(days=2))
        with pytest.raises(AnalysisError, match="empty"):
            record_guess(store, 2015, "  ")
    with Store.open(tmp_path / "s.sqlite") as store:
        mine = read_guesses(store, 2015)
        assert list(mine.columns) == list(GUESS_COLUMNS)
        assert mine["guess"].tolist() == ["graphs go molecular", "and then audio"]
        assert len(read_guesses(store)) == 3


# --- the demo field ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def field():
    import mentalmap.synthetic as synthetic

    return synthetic.generate_field(600, seed=7)


@pytest.fixture(scope="module")
def field_db(tmp_path_factory, field):
    """The demo field written into a store row by row (as a finished crawl leaves it)."""
    path = tmp_path_factory.mktemp("predict") / "field.sqlite"
    records, citations = field.to_s2_records()
    with Store.open(path) as store, store.transaction():
        for record in records:
            store.put_paper(record, depth=1)
        store.put_edges(
            (c["citing"], c["cited"], c["isInfluential"], c["intents"], None)
            for c in citations
            if c["cited"]
        )
    return path


def test_reveal_on_the_demo_field(field) -> None:
    from mentalmap.analysis import analyze

    papers, edges = field.papers_frame(), field.edges_frame()
    table = analyze(papers, edges)
    out = reveal(papers, edges, 2015, table, top=15).revealed
    assert len(out) == 15 and (out["year"] <= 2015).all()
    later = set(papers.index[papers["year"] > 2015])
    for pid, gained in zip(out["paperId"], out["gained"]):
        assert gained == len(set(edges.loc[edges["cited"] == pid, "citing"]) & later)
    assert out["gained"].is_monotonic_decreasing
    assert set(out["topic"]) <= set(table["cluster_label"])


def test_cli_summary_guess_then_reveal(field_db, tmp_path) -> None:
    runner = CliRunner()
    db = str(field_db)
    summary = runner.invoke(
        main, ["predict", "--db", db, "--as-of", "2015", "--guess", "graphs go molecular"]
    )
    assert summary.exit_code == 0, summary.output
    assert summary.output.startswith("As of 2015: ")
    assert "Recorded 0 pick(s) for 2015" in summary.output
    with Store.open(field_db) as store:
        old = store.conn.execute("SELECT paperId FROM papers WHERE year <= 2012 LIMIT 2").fetchall()
    picks = [x for row in old for x in ("--pick", row[0])]
    picked = runner.invoke(main, ["predict", "--db", db, "--as-of", "2015", *picks])
    assert picked.exit_code == 0 and "Recorded 2 pick(s) for 2015" in picked.output
    # Rows written without crawl lists: no paper counts as expanded, and the CLI says so.
    assert "Note: the references of only 0 of these papers were crawled" in summary.output
    out = tmp_path / "then.html"
    revealed = runner.invoke(
        main,
        ["predict", "--db", db, "--as-of", "2015", "--reveal", "--top", "5", "--out", str(out)],
    )
    assert revealed.exit_code == 0, revealed.output
    assert revealed.output.startswith("After 2015: the 5 papers of then that grew most")
    assert "Your picks: " in revealed.output and "by CiteRank as of 2015" in revealed.output
    assert "Your guesses as of 2015:" in revealed.output
    assert "graphs go molecular" in revealed.output
    assert out.stat().st_size > 1000


def test_cli_errors(field_db, tmp_path) -> None:
    runner = CliRunner()
    db = str(field_db)
    both = runner.invoke(
        main, ["predict", "--db", db, "--as-of", "2015", "--reveal", "--guess", "x"]
    )
    assert both.exit_code == 2 and "make the --pick / --pick-topic / --guess first" in both.output
    early = runner.invoke(main, ["predict", "--db", db, "--as-of", "1990"])
    assert early.exit_code == 1 and early.output.startswith("Error: the map holds no paper")
    late = runner.invoke(main, ["predict", "--db", db, "--as-of", "2030", "--reveal"])
    assert late.exit_code == 1 and "pick an earlier --as-of" in late.output
    missing = runner.invoke(
        main, ["predict", "--db", str(tmp_path / "x.sqlite"), "--as-of", "2015"]
    )
    assert missing.exit_code == 1 and "no store at" in missing.output
    assert (
        "mentalmap predict --as-of 2018 --reveal"
        in runner.invoke(main, ["predict", "--help"]).output
    )


def test_cli_pick_topics_then_reveal_scores_them(field_db) -> None:
    runner = CliRunner()
    db = str(field_db)
    summary = runner.invoke(main, ["predict", "--db", db, "--as-of", "2016"])
    topics = [
        line.rsplit(" — ", 1)[0] for line in summary.output.splitlines() if " papers" in line
        and " — " in line
    ]  # fmt: skip
    assert len(topics) >= 2, summary.output
    bad = runner.invoke(main, ["predict", "--db", db, "--as-of", "2016", "--pick-topic", "zzz"])
    assert bad.exit_code == 1 and "not a sub-topic of the map as of 2016: 'zzz'" in bad.output
    picked = runner.invoke(
        main, ["predict", "--db", db, "--as-of", "2016", "--pick-topic", topics[0].upper()]
    )
    assert picked.exit_code == 0 and "Recorded 1 pick(s) for 2016" in picked.output
    revealed = runner.invoke(main, ["predict", "--db", db, "--as-of", "2016", "--reveal"])
    assert revealed.exit_code == 0, revealed.output
    assert "Sub-topics of 2016 by citation growth after it" in revealed.output
    assert " *  " in revealed.output and topics[0] in revealed.output
    assert "Your sub-topics: " in revealed.output
    assert "among the 1 fastest-growing" in revealed.output
    assert "gaining share in the 3 years up to 2016" in revealed.output
    with Store.open(field_db) as store:
        kinds = read_scores(store).query("asOf == 2016")["kind"].tolist()
    assert kinds == ["topics"]  # no paper picks for 2016: only the sub-topics were scored
