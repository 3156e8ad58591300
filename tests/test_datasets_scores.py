"""Whole-field scores from a warehouse equal the analyses' scores on the same graph."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest

from mentalmap.analysis.matrix import CitationMatrix
from mentalmap.analysis.pagerank import pagerank_scores
from mentalmap.datasets.ingest import ingest
from mentalmap.datasets.scores import SCORES_FILE, whole_field_scores
from mentalmap.datasets.synthetic_release import write_release
from mentalmap.errors import DatasetsError, WarehouseError
from mentalmap.synthetic import generate_field


def test_scores_match_the_field_graph(tmp_path):
    field = generate_field(800, seed=6)
    write_release(field, tmp_path / "rel", shards=2, datasets=["papers", "citations"])
    ingest(tmp_path / "rel", tmp_path / "w")
    result = whole_field_scores(tmp_path / "w")
    assert result.path == tmp_path / "w" / SCORES_FILE
    scores = pq.read_table(result.path).to_pandas().set_index("paperid")
    citing, cited = field.edge_arrays()
    matrix = CitationMatrix.from_arrays(field.paper_ids, field.years, citing, cited)
    expected = pagerank_scores(matrix, 0.5)
    ids = list(field.paper_ids)
    assert result.papers == len(field) and result.edges == matrix.A.nnz
    assert np.allclose(scores.loc[ids, "pagerank"].to_numpy(), expected, rtol=0, atol=1e-12)
    assert (scores.loc[ids, "citations"].to_numpy() == np.bincount(cited, minlength=len(ids))).all()
    assert abs(scores.pagerank.sum() - 1) < 1e-9
    frame = field.papers_frame(text=False)
    assert (scores.loc[ids, "s2_citationcount"] == frame.loc[ids, "citationCount"]).all()
    top = scores.sort_values("rescaled_pagerank", ascending=False)
    assert top.year.iloc[:20].nunique() > 3  # R(p) does not crown only the oldest papers


def test_duplicate_edges_across_shards_count_once(tmp_path):
    field = generate_field(300, seed=6)
    written = write_release(field, tmp_path / "rel", shards=1, datasets=["papers", "citations"])
    shard = written["citations"][0]
    (shard.parent / "20250107_copy").write_bytes(shard.read_bytes())
    ingest(tmp_path / "rel", tmp_path / "w")
    scores = pq.read_table(whole_field_scores(tmp_path / "w").path).to_pandas()
    assert scores.citations.sum() == field.n_edges


def test_a_full_disk_keeps_the_previous_scores(tmp_path, monkeypatch):
    import errno

    field = generate_field(300, seed=6)
    write_release(field, tmp_path / "rel", shards=1, datasets=["papers", "citations"])
    ingest(tmp_path / "rel", tmp_path / "w")
    path = whole_field_scores(tmp_path / "w").path
    before = path.read_bytes()

    def full(table, where, **options):
        with open(where, "wb") as handle:
            handle.write(b"PAR1")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    with pytest.raises(DatasetsError, match="cannot write .*scores.parquet: No space left"):
        whole_field_scores(tmp_path / "w")
    assert path.read_bytes() == before and sorted(p.name for p in path.parent.iterdir()) == [
        "scores.parquet"
    ]


def test_real_samples_score_without_edges(shared_data, tmp_path):
    ingest(shared_data / "s2-datasets-samples", tmp_path / "w", ["papers", "citations"])
    result = whole_field_scores(tmp_path / "w", tmp_path / "s.parquet")
    scores = pq.read_table(result.path).to_pandas()
    assert len(scores) == 100 and result.edges == 0  # the samples are random, unlinked rows
    assert np.allclose(scores.pagerank, 0.01)
    with pytest.raises(WarehouseError, match="no citations"):
        ingest(shared_data / "s2-datasets-samples", tmp_path / "w2", ["papers"])
        whole_field_scores(tmp_path / "w2")
