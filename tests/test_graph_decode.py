"""Decoding the store's JSON text columns into the frames (one parse per column, issue 19)."""

from __future__ import annotations

import pandas as pd
import pytest

from mentalmap.errors import CorruptStore
from mentalmap.graph import edge_frame


def test_edge_rows_decode_flags_intents_and_contexts_row_by_row() -> None:
    rows = pd.DataFrame(
        {
            "citing": ["a", "b", "c", "d"],
            "cited": ["b", "c", "a", "a"],
            "isInfluential": [1, None, 0, None],
            "intents": ['["methodology"]', None, "[]", '["background", "result"]'],
            "contexts": [None, None, '["a \\"quoted\\" span, with a comma"]', None],
        }
    )
    frame = edge_frame(rows)
    assert frame["isInfluential"].tolist() == [True, None, False, None]
    assert [type(v) for v in frame["isInfluential"]] == [bool, type(None), bool, type(None)]
    assert frame["intents"].tolist() == [["methodology"], [], [], ["background", "result"]]
    assert frame["contexts"].tolist() == [None, None, ['a "quoted" span, with a comma'], None]
    empty = frame["intents"]
    assert empty[1] is not empty[2]  # no list shared between rows


def test_edge_rows_without_any_json_give_none_and_empty_lists() -> None:
    rows = pd.DataFrame(
        {"citing": ["a"], "cited": ["b"], "isInfluential": [None], "intents": [None],
         "contexts": [None]}
    )  # fmt: skip
    frame = edge_frame(rows)
    assert frame.iloc[0].tolist() == ["a", "b", None, [], None]


def test_a_stored_value_that_is_no_single_json_text_is_not_split_across_rows() -> None:
    # Joined into one array, "1, 2" would parse as two values and shift every later row.
    rows = pd.DataFrame(
        {"citing": ["a", "b"], "cited": ["b", "a"], "isInfluential": [None, None],
         "intents": ['["methodology"], ["result"]', '["background"]'], "contexts": [None, None]}
    )  # fmt: skip
    with pytest.raises(CorruptStore, match="intents column holds a value that is not JSON"):
        edge_frame(rows)
    rows.loc[0, "intents"] = '["methodology"'  # cut short
    with pytest.raises(CorruptStore, match="intents column"):
        edge_frame(rows)
