"""The frontier is the map's last two years: a paper three years old with no role is "other"."""

from __future__ import annotations

from test_roles_rules import two_communities

from mentalmap.analysis import analyze


def test_the_frontier_is_the_last_two_years_of_the_map_and_no_more() -> None:
    papers, edges = two_communities()
    t = analyze(papers, edges)
    latest = int(t["year"].max())
    assert (t.loc[t["year"] == latest - 1, "role"] == "frontier").any()
    older = t[t["year"] == latest - 2]
    assert len(older) and (older["role"] != "frontier").all()
    assert (older["role"] == "other").any()
