"""Extract: a sub-area of an ingested warehouse written as the crawl's store."""

from __future__ import annotations

import gzip
import json
import sqlite3

import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.datasets.extract import ExtractSettings, extract
from mentalmap.datasets.ingest import ingest
from mentalmap.datasets.synthetic_release import alias_sha, write_release
from mentalmap.errors import DatasetsError, WarehouseError
from mentalmap.graph import load_edges, load_papers, load_seeds
from mentalmap.synthetic import generate_field


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("extract")
    field = generate_field(1500, seed=11)
    write_release(field, root / "rel", shards=2)
    ingest(root / "rel", root / "w")
    return field, root / "w", root


def _seed(field):
    truth = field.truth
    return truth.index[truth.role == "technique"][0]


def test_the_store_is_closed_and_has_whole_corpus_counts(built, tmp_path):
    field, w, _ = built
    seed = _seed(field)
    report = extract(w, tmp_path / "s.sqlite", ExtractSettings(seeds=(seed,), max_papers=300))
    assert report.seeds == [seed] and report.papers == 300
    papers = load_papers(tmp_path / "s.sqlite")
    assert len(papers) == 300 and set(papers.depth) == {0, 1, 2}
    assert load_seeds(tmp_path / "s.sqlite") == [seed]
    # every citation of the field between two extracted papers is in the store (closure)
    ids = field.paper_ids
    inside = set(papers.index)
    citing, cited = field.edge_arrays()
    expected = {
        (ids[a], ids[b]) for a, b in zip(citing, cited) if ids[a] in inside and ids[b] in inside
    }
    edges = load_edges(tmp_path / "s.sqlite")
    assert set(zip(edges.citing, edges.cited)) == expected
    assert report.edges == len(expected)
    # counts are S2's whole-corpus ones, not the in-map degree
    frame = field.papers_frame(text=False)
    assert (papers.citationCount == frame.loc[papers.index].citationCount).all()
    assert papers.referencesCrawled.all() and papers.citationsCrawled.all()
    row = papers.loc[seed]
    assert row.externalIds["CorpusId"] == int(frame.loc[seed].corpusId)
    assert row.fieldsOfStudy == ["Computer Science"] and row.abstract


def test_depth_one_holds_the_papers_most_tied_to_the_seed(built, tmp_path):
    field, w, _ = built
    seed = _seed(field)
    extract(w, tmp_path / "s.sqlite", ExtractSettings(seeds=(seed,), depth=1, max_papers=20))
    papers = load_papers(tmp_path / "s.sqlite")
    ids = list(field.paper_ids)
    row = ids.index(seed)
    citing, cited = field.edge_arrays()
    neighbours = {ids[b] for b in cited[citing == row]} | {ids[a] for a in citing[cited == row]}
    assert len(neighbours) > 19
    assert set(papers.index) - {seed} <= neighbours  # hop 1 is the seed's own neighbours
    assert len(papers) == 20


def test_merged_shas_become_aliases_and_resolve_as_seeds(built, tmp_path):
    field, w, _ = built
    primary = field.paper_ids[19]  # every 20th paper has a merged duplicate
    extract(w, tmp_path / "s.sqlite", ExtractSettings(seeds=(alias_sha(primary),), depth=0))
    with sqlite3.connect(tmp_path / "s.sqlite") as conn:
        assert conn.execute("SELECT * FROM aliases").fetchall() == [(alias_sha(primary), primary)]
    assert load_seeds(tmp_path / "s.sqlite") == [primary]


def test_filters_keep_seeds_and_drop_the_rest(built, tmp_path):
    field, w, _ = built
    seed = _seed(field)
    extract(w, tmp_path / "s.sqlite", ExtractSettings(seeds=(seed,), since=2020, max_papers=200))
    papers = load_papers(tmp_path / "s.sqlite")
    others = papers[papers.index != seed]
    assert len(others) and (others.year >= 2020).all()
    with pytest.raises(DatasetsError, match="nothing to extract"):
        extract(
            w,
            tmp_path / "f.sqlite",
            ExtractSettings(query="attention", fields_of_study=("Biology",)),
        )


def test_query_seeds_are_the_most_cited_title_matches(built, tmp_path):
    field, w, _ = built
    report = extract(
        w, tmp_path / "q.sqlite", ExtractSettings(query="graph", query_seeds=3, depth=0)
    )
    frame = field.papers_frame(text=False)
    hits = frame[frame.title.str.lower().str.contains("graph")]
    top = hits.sort_values(["citationCount", "corpusId"], ascending=[False, True]).index[:3]
    assert report.seeds == list(top)


def test_missing_seeds_are_reported_and_a_store_is_never_overwritten(built, tmp_path):
    field, w, _ = built
    report = extract(
        w, tmp_path / "s.sqlite", ExtractSettings(seeds=("CorpusId:1", _seed(field)), depth=0)
    )
    assert report.missing == ["CorpusId:1"]
    with pytest.raises(DatasetsError, match="already exists"):
        extract(w, tmp_path / "s.sqlite", ExtractSettings(seeds=(_seed(field),)))
    with pytest.raises(DatasetsError, match="no seed id was found"):
        extract(w, tmp_path / "n.sqlite", ExtractSettings(seeds=("CorpusId:1",)))
    assert not (tmp_path / "n.sqlite").exists()
    with pytest.raises(WarehouseError, match="no warehouse"):
        extract(tmp_path / "nowhere", tmp_path / "n.sqlite", ExtractSettings(seeds=("1",)))


def test_a_full_disk_while_writing_the_store_leaves_no_store(built, tmp_path, monkeypatch):
    from mentalmap.store import Store

    field, w, _ = built
    db = tmp_path / "s.sqlite"

    def full(self, rows):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "put_edges", full)
        with pytest.raises(
            DatasetsError, match="cannot write .*s.sqlite: database or disk is full"
        ):
            extract(w, db, ExtractSettings(seeds=(_seed(field),), max_papers=50))
    assert not db.exists() and list(tmp_path.iterdir()) == []  # no half store, no temp file
    report = extract(w, db, ExtractSettings(seeds=(_seed(field),), max_papers=50))
    assert report.papers == 50 and len(load_papers(db)) == 50


def test_commands_work_on_the_extracted_store(built, tmp_path):
    field, w, _ = built
    db = tmp_path / "s.sqlite"
    extract(w, db, ExtractSettings(seeds=(_seed(field),), max_papers=200))
    runner = CliRunner()
    result = runner.invoke(main, ["rank", "--db", str(db), "--limit", "5"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["map", "--db", str(db), "--out", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.html").stat().st_size > 10_000


def test_a_real_sample_paper_as_the_store_keeps_it(shared_data, tmp_path):
    samples = shared_data / "s2-datasets-samples"
    ingest(samples, tmp_path / "w")
    with gzip.open(samples / "papers" / "papers-sample.jsonl.gz", "rt") as handle:
        first = json.loads(handle.readline())
    doi = first["externalids"]["DOI"]
    report = extract(
        tmp_path / "w", tmp_path / "s.sqlite", ExtractSettings(seeds=(f"DOI:{doi.lower()}",))
    )
    assert report.per_depth == {0: 1}  # the samples are random rows: no citation touches them
    (paper,) = load_papers(tmp_path / "s.sqlite").itertuples()
    assert paper.Index == first["url"].rsplit("/", 1)[1]
    assert paper.externalIds == {
        **{k: v for k, v in first["externalids"].items() if v is not None},
        "CorpusId": first["corpusid"],
    }
    assert paper.authors == first["authors"] and paper.title == first["title"]
    assert paper.fieldsOfStudy == ["Education", "Psychology"]
    assert paper.citationCount == first["citationcount"]


def test_the_extract_picks_what_the_crawl_picks(built, tmp_path):
    """Same seed, depth and budget: the bulk extract and an API crawl of the same field (fake
    S2) choose (nearly) the same papers — one definition of "the sub-area"."""
    from mentalmap.crawl.crawler import crawl
    from mentalmap.crawl.settings import CrawlSettings
    from mentalmap.fake_s2 import CorpusSource
    from mentalmap.store import Store

    field, w, _ = built
    seed = _seed(field)
    source = CorpusSource(field.to_corpus())
    for budget, least in ((100, 100), (300, 290)):
        extract(
            w, tmp_path / f"e{budget}.sqlite", ExtractSettings(seeds=(seed,), max_papers=budget)
        )
        with Store.open(tmp_path / f"c{budget}.sqlite") as store:
            crawl(store, source, [seed], CrawlSettings(max_papers=budget, details_calls=0))
        ours = set(load_papers(tmp_path / f"e{budget}.sqlite").index)
        crawled = set(load_papers(tmp_path / f"c{budget}.sqlite").index)
        assert len(ours) == len(crawled) == budget
        assert len(ours & crawled) >= least, budget
