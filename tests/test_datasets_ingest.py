"""Ingest of bulk shards into Parquet: the real samples, a synthetic release, resume, bad shards."""

from __future__ import annotations

import gzip
import json
import shutil

import duckdb
import pytest

from mentalmap.datasets.ingest import STATE_FILE, ingest
from mentalmap.datasets.synthetic_release import write_release
from mentalmap.errors import CorruptShard, DatasetNotInRelease
from mentalmap.synthetic import generate_field


def _sql(query):
    return duckdb.sql(query).fetchall()


def test_real_samples_ingest_with_their_quirks(shared_data, tmp_path):
    samples = shared_data / "s2-datasets-samples"
    result = ingest(samples, tmp_path / "w")
    assert result.rows == {
        d: 100 for d in ("papers", "citations", "abstracts", "tldrs", "paper-ids")
    }
    w = tmp_path / "w"
    # string corpus ids read as integers; unmatched references kept with a null cited id
    (n, matched, typ), = _sql(
        f"SELECT count(*), count(citedcorpusid), typeof(any_value(citingcorpusid)) "
        f"FROM '{w}/citations/*.parquet'"
    )  # fmt: skip
    assert (n, matched, typ) == (100, 83, "BIGINT")
    with gzip.open(samples / "citations" / "citations-sample.jsonl.gz") as handle:
        first = json.loads(handle.readline())
    assert _sql(f"SELECT citingcorpusid FROM '{w}/citations/*.parquet' LIMIT 1") == [
        (int(first["citingcorpusid"]),)
    ]
    # papers: the sha comes from the url; externalids.CorpusId stays the string S2 wrote
    rows = _sql(f"SELECT corpusid, paperid, url, externalids.CorpusId FROM '{w}/papers/*.parquet'")
    assert len(rows) == 100
    assert all(url.endswith("/" + sha) and len(sha) == 40 for _, sha, url, _ in rows)
    assert all(ext == str(cid) for cid, _, _, ext in rows)
    assert _sql(f"SELECT count(*) FROM '{w}/papers/*.parquet' WHERE publicationtypes IS NULL") == [
        (91,)
    ]


@pytest.fixture()
def release(tmp_path):
    field = generate_field(300, seed=2)
    write_release(field, tmp_path / "rel", shards=3, datasets=["papers", "citations"])
    return field, tmp_path / "rel"


def test_synthetic_release_row_counts(release, tmp_path):
    field, rel = release
    result = ingest(rel, tmp_path / "w")
    assert result.rows["papers"] == len(field)
    w = tmp_path / "w"
    assert _sql(
        f"SELECT count(*) FROM '{w}/citations/*.parquet' WHERE citedcorpusid IS NOT NULL"
    ) == [(field.n_edges,)]
    assert len(list((w / "papers").glob("*.parquet"))) == 3
    assert not list(w.rglob(".*.tmp"))


def test_interrupted_ingest_restarts_at_the_next_shard(release, tmp_path):
    _, rel = release
    w = tmp_path / "w"
    seen = []

    def stop_after_two(p):
        seen.append(p.shard)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(rel, w, progress=stop_after_two)
    state = json.loads((w / STATE_FILE).read_text())
    assert sorted(state["shards"]) == ["papers/20250107_0", "papers/20250107_1"]
    again = ingest(rel, w)
    assert again.skipped == ["papers/20250107_0", "papers/20250107_1"]
    assert again.ingested == ["papers/20250107_2"] + [f"citations/20250107_{i}" for i in range(3)]


def test_a_corrupt_shard_is_named_and_the_others_are_kept(release, tmp_path):
    field, rel = release
    bad = rel / "citations" / "20250107_1"
    good_bytes = bad.read_bytes()
    bad.write_bytes(good_bytes[: len(good_bytes) // 2])  # truncated mid-stream
    w = tmp_path / "w"
    with pytest.raises(CorruptShard, match="20250107_1") as info:
        ingest(rel, w)
    assert info.value.shards == [str(bad)]
    assert "\n" not in str(info.value)
    assert sorted(p.name for p in (w / "citations").glob("*.parquet")) == [
        "20250107_0.parquet", "20250107_2.parquet",
    ]  # fmt: skip
    assert len(list((w / "papers").glob("*.parquet"))) == 3
    bad.write_bytes(good_bytes)  # downloaded again
    again = ingest(rel, w)
    assert again.ingested == ["citations/20250107_1"]
    assert _sql(
        f"SELECT count(*) FROM '{w}/citations/*.parquet' WHERE citedcorpusid IS NOT NULL"
    ) == [(field.n_edges,)]


def test_a_shard_of_another_dataset_is_refused(release, tmp_path):
    _, rel = release
    shutil.copy(rel / "papers" / "20250107_0", rel / "citations" / "20250107_9")
    with pytest.raises(CorruptShard, match="holds a 'papers' shard, not 'citations'"):
        ingest(rel, tmp_path / "w")


def test_a_bad_line_inside_a_shard_is_corrupt(release, tmp_path):
    _, rel = release
    path = rel / "papers" / "20250107_0"
    lines = gzip.decompress(path.read_bytes()).split(b"\n")
    lines[5] = b'{"corpusid": "not a number", "url": "x", "title": "t"'
    path.write_bytes(gzip.compress(b"\n".join(lines)))
    with pytest.raises(CorruptShard, match="papers/20250107_0 is corrupt"):
        ingest(rel, tmp_path / "w")


def test_a_missing_dataset_is_named(release, tmp_path):
    _, rel = release
    with pytest.raises(DatasetNotInRelease, match="no 'abstracts' shards"):
        ingest(rel, tmp_path / "w", ["abstracts"])
    with pytest.raises(DatasetNotInRelease, match="datasets download"):
        ingest(tmp_path / "empty", tmp_path / "w")


def test_a_full_disk_stops_with_one_line_and_the_next_run_goes_on(release, tmp_path, monkeypatch):
    import importlib

    from mentalmap.errors import DatasetsError

    ingest_module = importlib.import_module("mentalmap.datasets.ingest")  # the package's
    # ``ingest`` attribute is the function
    real_connect = ingest_module.connect
    copies = []

    class FullAfterOne:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if sql.startswith("COPY"):
                copies.append(sql)
                if len(copies) > 1:
                    raise duckdb.IOException("IO Error: No space left on device")
            return self.con.execute(sql, *args)

        def close(self):
            self.con.close()

    monkeypatch.setattr(ingest_module, "connect", lambda *a: FullAfterOne(real_connect(*a)))
    w = tmp_path / "w"
    with pytest.raises(DatasetsError, match="disk full while writing .*20250107_1.parquet") as info:
        ingest(release[1], w)
    assert not isinstance(info.value, CorruptShard) and "\n" not in str(info.value)
    assert sorted(json.loads((w / STATE_FILE).read_text())["shards"]) == ["papers/20250107_0"]
    assert not list(w.rglob(".*.tmp"))
    monkeypatch.setattr(ingest_module, "connect", real_connect)
    again = ingest(release[1], w)
    assert again.skipped == ["papers/20250107_0"] and len(again.ingested) == 5
