"""The synthetic bulk release has the exact record format of S2's real sample shards."""

from __future__ import annotations

import gzip
import json

import pytest

from mentalmap.datasets.formats import DATASETS, check_shard
from mentalmap.datasets.synthetic_release import write_release
from mentalmap.errors import CorruptShard, DatasetsError
from mentalmap.synthetic import generate_field


def _rows(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _types(value):
    """The JSON shape of a value, nulls left out (both sides have some)."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_types(value[0])] if value else []
    return type(value).__name__


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    field = generate_field(400, seed=5)
    folder = tmp_path_factory.mktemp("release")
    return field, folder, write_release(field, folder, shards=2)


@pytest.mark.parametrize("dataset", DATASETS)
def test_keys_and_value_types_match_the_real_sample(shared_data, release, dataset):
    sample = _rows(shared_data / "s2-datasets-samples" / dataset / f"{dataset}-sample.jsonl.gz")
    ours = [r for p in release[2][dataset] for r in _rows(p)]
    assert ours, dataset
    assert {tuple(r) for r in ours} == {tuple(sample[0])}  # same keys, same order, every row
    real: dict = {}
    for row in sample:
        _merge(real, _types(row))
    mine: dict = {}
    for row in ours:
        _merge(mine, _types(row))
    _assert_same_shapes(mine, real, dataset)


def _merge(into: dict, shape: dict) -> None:
    """Union of the shapes seen over many rows (a key null in one row is filled in another)."""
    for key, value in shape.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif into.get(key) in (None, []):
            into[key] = value


def _assert_same_shapes(mine, real, where: str) -> None:
    if isinstance(mine, dict) and isinstance(real, dict):
        for key in set(mine) & set(real):
            _assert_same_shapes(mine[key], real[key], f"{where}.{key}")
    elif isinstance(mine, list) and isinstance(real, list):
        if mine and real:
            _assert_same_shapes(mine[0], real[0], f"{where}[]")
    else:
        assert mine == real, where


def test_the_format_quirks_of_the_real_shards(release):
    field, _, written = release
    papers = [r for p in written["papers"] for r in _rows(p)]
    citations = [r for p in written["citations"] for r in _rows(p)]
    assert len(papers) == len(field)
    assert all(isinstance(p["externalids"]["CorpusId"], str) for p in papers)
    assert all(set(p["externalids"]) == {"ACL", "DBLP", "ArXiv", "MAG", "CorpusId", "PubMed",
                                         "DOI", "PubMedCentral"} for p in papers)  # fmt: skip
    assert {p["url"].rsplit("/", 1)[1] for p in papers} == set(field.paper_ids)
    assert all(isinstance(c["citingcorpusid"], str) for c in citations)
    unmatched = [c for c in citations if c["citedcorpusid"] is None]
    assert len(citations) - len(unmatched) == field.n_edges
    assert unmatched, "unmatched references (null citedcorpusid) are part of the format"
    assert any(c["intents"] is None for c in citations)
    ids = [r for p in written["paper-ids"] for r in _rows(p)]
    assert sum(r["primary"] for r in ids) == len(field) < len(ids)  # merged duplicates too
    # shards are gzip with no extension, as S2's file links name them
    assert written["papers"][0].name == "20250107_0"


def test_same_field_same_bytes(tmp_path):
    field = generate_field(200, seed=1)
    a = write_release(field, tmp_path / "a", shards=1, datasets=["papers", "citations"])
    b = write_release(field, tmp_path / "b", shards=1, datasets=["papers", "citations"])
    for name in a:
        data = a[name][0].read_bytes()
        assert data == b[name][0].read_bytes()
        # the gzip header holds no clock (MTIME 0) and no name flag (RFC 1952 §2.3.1)
        assert data[4:8] == b"\0\0\0\0" and not data[3] & 0x08


def test_bad_arguments_are_named(tmp_path):
    field = generate_field(200, seed=1)
    with pytest.raises(DatasetsError, match="embeddings"):
        write_release(field, tmp_path, datasets=["embeddings"])
    with pytest.raises(DatasetsError, match="not a date"):
        write_release(field, tmp_path, release_id="latest")


def test_check_shard_names_a_shard_of_another_dataset(release, tmp_path):
    _, _, written = release
    with pytest.raises(CorruptShard, match="holds a 'papers' shard, not 'citations'"):
        check_shard(written["papers"][0], "citations")
    junk = tmp_path / "20250107_0"
    junk.write_bytes(b"<html>Access Denied</html>")
    with pytest.raises(CorruptShard, match="not a readable gzip") as info:
        check_shard(junk, "papers")
    assert info.value.shards == [str(junk)]
