"""Predict which sub-topics grow: growth over share, the trend baseline, stored picks and scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mentalmap.errors import AnalysisError
from mentalmap.predict import SCORE_COLUMNS, read_scores, record_score
from mentalmap.predict_topics import (
    TOPIC_COLUMNS,
    read_topic_picks,
    record_topic_picks,
    reveal_topics,
    topic_growth,
)
from mentalmap.store import Store


@pytest.fixture
def two_topics() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """X (x1, x2, a) and Y (y1, y2, b) as of 2012; Y was gaining then (b, 2012, cites y1, y2),
    X is what the field turned to after (l1, l2 cite X five times; l3 cites Y once)."""
    ids = ["x1", "x2", "a", "y1", "y2", "b", "l1", "l2", "l3"]
    papers = pd.DataFrame(
        {
            "paperId": ids,
            "title": [p.upper() for p in ids],
            "year": pd.array([2008, 2008, 2009, 2008, 2008, 2012, 2014, 2015, 2016], "Int64"),
        }
    ).set_index("paperId")
    pairs = [
        ("a", "x1"), ("a", "x2"), ("a", "y1"), ("b", "y1"), ("b", "y2"),
        ("l1", "x1"), ("l1", "x2"), ("l1", "a"), ("l2", "x1"), ("l2", "a"), ("l3", "y1"),
    ]  # fmt: skip
    edges = pd.DataFrame(pairs, columns=["citing", "cited"])
    then = pd.DataFrame({"cluster_label": ["X", "X", "X", "Y", "Y", "Y"]}, index=ids[:6])
    return papers, edges, then


def test_growth_is_share_of_later_citations_over_share_then(two_topics) -> None:
    papers, edges, then = two_topics
    growth = topic_growth(papers, edges, 2012, then)
    assert list(growth.columns) == list(TOPIC_COLUMNS)
    assert growth["topic"].tolist() == ["X", "Y"]  # fastest-growing first
    x, y = growth.set_index("topic").loc["X"], growth.set_index("topic").loc["Y"]
    assert (x["papers"], x["cited_then"], x["gained"]) == (3, 2, 5)
    assert (y["papers"], y["cited_then"], y["gained"]) == (3, 3, 1)
    # +1-smoothed shares: X gained 6/8 of later citations against 3/7 of citations then.
    assert x["growth"] == pytest.approx((6 / 8) / (3 / 7), abs=1e-3)
    assert y["growth"] == pytest.approx((2 / 8) / (4 / 7), abs=1e-3)
    # The trend (citations of 2010-2012) pointed at Y: 3/4 of them against 4/7 then.
    assert y["trend"] == pytest.approx((3 / 4) / (4 / 7), abs=1e-3) and y["trend"] > x["trend"]


def test_picks_are_scored_beside_the_trend_baseline(two_topics) -> None:
    papers, edges, then = two_topics
    right = reveal_topics(papers, edges, 2012, then, ["X"])
    assert (right.top, right.hits, right.score) == (1, 1, 1.0)
    assert right.baseline_picks == ["Y"] and right.baseline == 0.0  # the trend was wrong here
    assert right.revealed.set_index("topic")["picked"].to_dict() == {"X": True, "Y": False}
    wrong = reveal_topics(papers, edges, 2012, then, ["Y", "Y"])
    assert (wrong.picks, wrong.hits, wrong.score) == (["Y"], 0, 0.0)
    unpicked = reveal_topics(papers, edges, 2012, then)
    assert np.isnan(unpicked.score) and unpicked.top == 2  # 3 by default, at most all topics
    with pytest.raises(AnalysisError, match="no sub-topics"):
        topic_growth(papers, edges, 2012, then.drop(columns="cluster_label"))
    with pytest.raises(AnalysisError, match="pick an earlier --as-of"):
        topic_growth(papers, edges, 2016, then)


def test_topic_picks_and_scores_are_kept_in_the_store(two_topics, tmp_path) -> None:
    papers, edges, then = two_topics
    with Store.open(tmp_path / "s.sqlite") as store:
        assert record_topic_picks(store, 2012, ["  x ", "X"], ["X", "Y"]) == ["X"]
        with pytest.raises(AnalysisError, match=r"not a sub-topic of the map as of 2012: 'Z'"):
            record_topic_picks(store, 2012, ["Z"], ["X", "Y"])
        assert read_topic_picks(store, 2012) == ["X"] and read_topic_picks(store, 2013) == []
        record_score(store, reveal_topics(papers, edges, 2012, then, read_topic_picks(store, 2012)))
        record_score(store, reveal_topics(papers, edges, 2012, then))  # no picks: not kept
        scores = read_scores(store)
    assert list(scores.columns) == list(SCORE_COLUMNS)
    kept = scores[["asOf", "kind", "picks", "hits", "score", "baseline", "top"]]
    assert kept.values.tolist() == [[2012, "topics", 1, 1, 1.0, 0.0, 1]]
