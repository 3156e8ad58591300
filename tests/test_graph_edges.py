"""The edges frame: one row per (citing, cited) pair once aliases are folded in."""

from __future__ import annotations

from pathlib import Path

from mentalmap.graph import load_edges
from mentalmap.store import Store

A, B, OLD_A = "a" * 40, "b" * 40, "f" * 40


def test_an_alias_folded_in_with_other_flags_gives_one_edge_with_what_is_known(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store, store.transaction():
        for pid in (A, B):
            store.put_paper({"paperId": pid, "title": pid[:4], "year": 2020}, depth=0)
        store.put_alias(OLD_A, A)
        # the same citation read under the paper's two ids, flagged differently each time
        store.put_edges([(A, B, False, ["background"], None), (OLD_A, B, True, None, ["ctx"])])
    edges = load_edges(path)
    assert list(zip(edges.citing, edges.cited)) == [(A, B)]
    assert edges.iloc[0].isInfluential is True
    assert edges.iloc[0].intents == ["background"] and edges.iloc[0].contexts == ["ctx"]
