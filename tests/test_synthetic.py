"""The synthetic field: growth-model properties, planted roles, frames, records and files."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pytest

import mentalmap.synthetic as synthetic
from mentalmap.errors import MentalmapError, SyntheticError
from mentalmap.source import PAPER_FIELDS
from mentalmap.synthetic import ROLES, Field, generate_field, load_example_field
from mentalmap.synthetic.__main__ import main

N = 3000
PAPER_COLUMNS = [
    "corpusId", "title", "abstract", "year", "publicationDate", "venue",
    "publicationTypes", "authors", "citationCount", "referenceCount", "influentialCitationCount",
    "fieldsOfStudy", "openAccessPdf", "tldr", "externalIds", "url", "depth", "isSeed",
    "referencesCrawled", "citationsCrawled",
]  # fmt: skip


@pytest.fixture(scope="module")
def field() -> Field:
    return generate_field(N, seed=3)


@pytest.fixture(scope="module")
def papers(field: Field) -> pd.DataFrame:
    return field.papers_frame()


@pytest.fixture(scope="module")
def edges(field: Field) -> pd.DataFrame:
    return field.edges_frame()


@pytest.fixture(scope="module")
def truth(field: Field) -> pd.DataFrame:
    return field.truth


@pytest.fixture(scope="module")
def degrees(field: Field) -> tuple[np.ndarray, np.ndarray]:
    citing, cited = field.edge_arrays()
    return np.bincount(citing, minlength=len(field)), np.bincount(cited, minlength=len(field))


# --- the growth model ------------------------------------------------------------------------
def test_citation_counts_are_heavy_tailed(degrees: tuple[np.ndarray, np.ndarray]) -> None:
    indeg = np.sort(degrees[1])[::-1]
    assert indeg[: N // 100].sum() > 0.10 * indeg.sum()  # top 1% hold more than 10%
    assert indeg[0] > 20 * np.median(indeg)
    # An exponential law with this mean would put e^-8 ≈ 0.03% of papers above 8× the mean;
    # a heavy tail puts well over ten times that there.
    assert np.mean(indeg > 8 * indeg.mean()) > 0.003


def test_reference_lists_have_realistic_lengths(
    papers: pd.DataFrame, truth: pd.DataFrame, degrees: tuple[np.ndarray, np.ndarray]
) -> None:
    refs = papers["referenceCount"].to_numpy()
    plain = (truth["role"] != "survey").to_numpy()
    assert refs[plain].min() >= 1 and refs[plain].max() <= 200
    assert 20 <= np.median(refs) <= 35
    assert (degrees[0] <= refs).all()
    assert degrees[0].max() <= 200


def test_citations_only_point_back_in_time(field: Field, papers: pd.DataFrame) -> None:
    citing, cited = field.edge_arrays()
    year = papers["year"].to_numpy(dtype=np.int64)
    date = papers["publicationDate"].to_numpy()
    assert (year[cited] <= year[citing]).all()
    assert (date[cited] <= date[citing]).all()
    assert (citing != cited).all()
    assert len(np.unique(citing.astype(np.int64) * len(field) + cited)) == len(citing)


def test_volume_grows_and_most_citations_stay_in_topic(
    field: Field, papers: pd.DataFrame, truth: pd.DataFrame
) -> None:
    per_year = papers["year"].value_counts().sort_index()
    assert per_year.iloc[-1] > 3 * per_year.iloc[0]
    topic = truth["topic"].to_numpy()
    citing, cited = field.edge_arrays()
    same = np.mean(topic[citing] == topic[cited])
    assert 0.65 <= same <= 0.95


def test_same_seed_same_field_and_other_seed_another() -> None:
    a, b, c = generate_field(400, seed=5), generate_field(400, seed=5), generate_field(400, seed=6)
    pd.testing.assert_frame_equal(a.papers_frame(), b.papers_frame())
    pd.testing.assert_frame_equal(a.edges_frame(), b.edges_frame())
    pd.testing.assert_frame_equal(a.truth, b.truth)
    assert not a.papers_frame().index.equals(c.papers_frame().index)
    assert not np.array_equal(a.edge_arrays()[1], c.edge_arrays()[1][: len(a.edge_arrays()[1])])


# --- planted roles ---------------------------------------------------------------------------
def test_every_role_present_in_its_documented_share(truth: pd.DataFrame) -> None:
    assert set(truth["role"]) == set(ROLES)
    share = truth["role"].value_counts(normalize=True)
    assert 0.005 <= share["foundational"] <= 0.02
    assert 0.03 <= share["technique"] <= 0.05
    assert 0.15 <= share["tweak"] <= 0.25
    assert 0.01 <= share["survey"] <= 0.02
    assert share["frontier"] >= 0.05


def test_tweaks_cite_their_parent_technique(
    truth: pd.DataFrame, papers: pd.DataFrame, edges: pd.DataFrame
) -> None:
    tweaks = truth[truth["role"] == "tweak"]
    assert truth.loc[truth["role"] != "tweak", "parent"].isna().all()
    assert (truth.loc[tweaks["parent"], "role"] == "technique").all()
    assert (truth.loc[tweaks["parent"], "topic"].to_numpy() == tweaks["topic"].to_numpy()).all()
    e = edges.set_index(["citing", "cited"])
    links = e.loc[list(zip(tweaks.index, tweaks["parent"], strict=True))]
    assert links["isInfluential"].all()
    assert all(i == ["methodology"] for i in links["intents"])


def test_patterned_titles_name_the_parent_and_neutral_ones_carry_no_role_cue(
    truth: pd.DataFrame, papers: pd.DataFrame
) -> None:
    patterned = generate_field(N, seed=3, titles="patterned")
    assert patterned.meta["titles"] == "patterned"
    assert (patterned.truth["role"] == truth["role"]).all()  # same graph, other words
    title = patterned.papers_frame()["title"]
    tweaks = truth[truth["role"] == "tweak"]
    parent_name = title.loc[tweaks["parent"]].str.split(":").str[0].to_numpy()
    assert all(
        t.startswith(f"{p} with ")
        for t, p in zip(title.loc[tweaks.index], parent_name, strict=True)
    )
    neutral = papers.loc[truth.index]
    # every role reads the same: the ordinary forms, a name in front for three in ten of each
    for role in ("foundational", "technique", "tweak", "survey", "other"):
        t = neutral.loc[truth["role"] == role, "title"]
        assert not t.str.contains(r"\b(?:survey|review)\b", case=False).any(), role
        if len(t) >= 20:
            assert 0.05 < t.str.contains(r"^\S+: ").mean() < 0.6, role
    # a tweak's abstract names its parent four times in ten
    own = neutral.loc[tweaks.index, "abstract"].fillna("").to_numpy()
    names = neutral.loc[tweaks["parent"], "abstract"].str.extract(r"We introduce (\S+), ")[0]
    says = [f"We extend {p} with" in a for a, p in zip(own, names, strict=True)]
    assert 0.25 < np.mean(says) < 0.55
    p_title = patterned.papers_frame().loc[truth.index, "title"]
    survey_title = r"^A survey of |: a review(?: \(\d+\))?$"  # a repeated title is numbered
    assert p_title[truth["role"] == "survey"].str.contains(survey_title).all()


@pytest.mark.parametrize("titles", ["neutral", "random", "patterned"])
@pytest.mark.parametrize(("n", "seed"), [(200, 1), (600, 7), (3000, 4), (20_000, 2)])
def test_every_title_of_a_field_is_unique(titles: str, n: int, seed: int) -> None:
    title = generate_field(n, seed=seed, titles=titles).papers_frame(text=False)["title"]
    assert title.is_unique
    assert not title.str.contains(r"\(\d+\) \(\d+\)$").any()  # numbered once, not again


# sha256 of a 1000-paper field (seed 3) without its titles, taken from generate_field before
# titles were made unique (main at 8cd3265): only repeated titles may change, no other draw
_BEFORE_UNIQUE_TITLES = {
    "neutral": "b8e47b2e807e85d4613d15c6627f3fb5127245214fed1da561573f33f5879f25",
    "patterned": "21a0bf2f510eee956ad1574103d3efa31d3604b25cccbbe7a4bc2fe36e3b3193",
    "random": "76b221c162cf4fb98cf25eee13f77639886828ed9a922454557623557a623775",
}


@pytest.mark.parametrize("titles", sorted(_BEFORE_UNIQUE_TITLES))
def test_unique_titles_leave_every_other_draw_of_the_field_as_it_was(titles: str) -> None:
    field = generate_field(1000, seed=3, titles=titles)
    papers = field.papers_frame()
    text = field.edges_frame().to_csv() + papers.drop(columns=["title"]).to_csv()
    digest = hashlib.sha256((text + field.truth.to_csv()).encode()).hexdigest()
    assert digest == _BEFORE_UNIQUE_TITLES[titles]
    numbered = papers["title"].str.extract(r"^(.*) \((\d+)\)$")
    assert numbered[0].dropna().isin(set(papers["title"])).all()  # "<title> (k)" follows <title>


def test_foundations_are_early_highly_cited_across_topics(
    field: Field, truth: pd.DataFrame, degrees: tuple[np.ndarray, np.ndarray]
) -> None:
    role = truth["role"].to_numpy()
    found = np.flatnonzero(role == "foundational")
    assert found.max() < N // 5  # rows are in publication order
    indeg = degrees[1]
    assert np.median(indeg[found]) > 5 * np.median(indeg[role == "other"])
    citing, cited = field.edge_arrays()
    topic = truth["topic"].to_numpy()
    is_found = role[cited] == "foundational"
    assert np.mean(topic[citing[is_found]] != topic[cited[is_found]]) > 0.2


def test_techniques_draw_more_citations_than_tweaks(
    truth: pd.DataFrame, degrees: tuple[np.ndarray, np.ndarray]
) -> None:
    role = truth["role"].to_numpy()
    assert degrees[1][role == "technique"].mean() > 4 * degrees[1][role == "tweak"].mean()


def test_surveys_are_reviews_that_cite_many_papers(
    papers: pd.DataFrame, truth: pd.DataFrame, degrees: tuple[np.ndarray, np.ndarray]
) -> None:
    is_survey = (truth["role"] == "survey").to_numpy()
    review = papers["publicationTypes"].map(lambda t: t is not None and "Review" in t)
    # S2 marks most surveys Review, and some other papers too
    assert 0.4 < review[is_survey].mean() < 1 and 0 < review[~is_survey].mean() < 0.1
    out = degrees[0][is_survey]
    assert np.median(out) >= 60 and out.max() <= 200
    assert np.median(out) > 3 * np.median(degrees[0][~is_survey])


def test_frontier_is_the_last_two_years(papers: pd.DataFrame, truth: pd.DataFrame) -> None:
    years = papers.loc[(truth["role"] == "frontier").to_numpy(), "year"]
    assert years.min() >= 2024


def test_code_links_and_datasets_are_in_abstracts(
    papers: pd.DataFrame, truth: pd.DataFrame
) -> None:
    abstract = papers["abstract"].fillna("").to_numpy()
    has = truth["has_code"].to_numpy()
    url = truth["code_url"].to_numpy()
    assert (has == (url != "")).all()
    assert all(re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", u) for u in url[has])
    assert all(u in a for u, a in zip(url[has], abstract[has], strict=True))
    assert not any("github.com" in a for a in abstract[~has])
    lineage = truth["role"].isin(["technique", "tweak"]).to_numpy()
    assert 0.15 <= has[lineage].mean() <= 0.35
    assert has[~lineage].mean() < 0.1
    released = truth["dataset"].to_numpy() != ""
    assert released.any()
    assert all(f"We release the {d} dataset" in a for d, a in zip(
        truth["dataset"].to_numpy()[released], abstract[released], strict=True))  # fmt: skip


# --- frames and records ----------------------------------------------------------------------
def test_papers_frame_has_the_architecture_columns(
    field: Field, papers: pd.DataFrame, degrees: tuple[np.ndarray, np.ndarray]
) -> None:
    assert list(papers.columns) == PAPER_COLUMNS
    light = field.papers_frame(text=False)
    assert list(light.columns) == [
        c for c in PAPER_COLUMNS if c not in ("abstract", "authors", "tldr")
    ]
    assert papers["year"].dtype == "Int64"
    assert papers.index.str.fullmatch(r"[0-9a-f]{40}").all()
    assert papers.index.is_unique and papers["corpusId"].is_unique
    assert (papers["citationCount"] >= degrees[1]).all()
    assert (papers["influentialCitationCount"] <= papers["citationCount"]).all()
    assert all(e["CorpusId"] == c for e, c in zip(papers["externalIds"], papers["corpusId"]))
    assert papers["openAccessPdf"].map(lambda x: x is None or x.startswith("https://")).all()
    assert all(isinstance(a, list) and a and set(a[0]) == {"authorId", "name"}
               for a in papers["authors"])  # fmt: skip
    assert (papers["depth"] == 0).all() and not papers["isSeed"].any()
    assert papers["publicationDate"].dtype == "datetime64[us]"
    assert (papers["publicationDate"].dt.year == papers["year"]).all()


def test_edges_frame_matches_edge_arrays(
    field: Field, papers: pd.DataFrame, edges: pd.DataFrame
) -> None:
    assert list(edges.columns) == ["citing", "cited", "isInfluential", "intents", "contexts"]
    citing, cited = field.edge_arrays()
    ids = papers.index.to_numpy()
    assert (edges["citing"].to_numpy() == ids[citing]).all()
    assert (edges["cited"].to_numpy() == ids[cited]).all()
    assert edges["isInfluential"].map(type).eq(bool).all()  # object: bool or None, as S2
    kinds = {tuple(i) for i in edges["intents"]}
    assert kinds == {(), ("background",), ("methodology",), ("result",)}
    assert edges["intents"].map(lambda i: i == ["background"]).mean() > 0.5


def test_s2_records_have_graph_api_shapes(field: Field) -> None:
    papers, citations = field.to_s2_records()
    assert len(papers) == len(field)
    assert all(list(p) == PAPER_FIELDS.split(",") for p in papers)
    tldr = [p["tldr"] for p in papers if p["tldr"] is not None]
    assert tldr and all(set(t) == {"model", "text"} for t in tldr)
    assert all(p["openAccessPdf"] is None or set(p["openAccessPdf"]) == {"url", "status"}
               for p in papers)  # fmt: skip
    ids = {p["paperId"] for p in papers}
    matched = [c for c in citations if c["cited"] is not None]
    unmatched = [c for c in citations if c["cited"] is None]
    assert len(matched) == field.n_edges
    assert all(c["citing"] in ids and c["cited"] in ids for c in matched)
    assert 0.01 <= len(unmatched) / len(citations) <= 0.06
    assert all(set(c["unmatched"]) == {"title", "year", "venue"} for c in unmatched)
    assert all(set(c) >= {"citing", "cited", "isInfluential", "intents", "contexts"}
               for c in citations)  # fmt: skip


def test_to_corpus_serves_the_field_through_a_source() -> None:
    import mentalmap.fake_s2 as fake

    small = generate_field(200, seed=1)
    corpus = small.to_corpus()
    assert isinstance(corpus, fake.Corpus)
    source = fake.CorpusSource(corpus)
    tweak = small.truth.index[small.truth["role"] == "tweak"][0]
    paper = source.fetch_papers([tweak], PAPER_FIELDS)[0]
    assert paper["title"] == small.papers_frame().loc[tweak, "title"]
    page = source.fetch_edge_page(tweak, "references", 0, 1000, "paperId,intents")
    cited = {item["citedPaper"]["paperId"] for item in page["data"]}
    assert small.truth.loc[tweak, "parent"] in cited


# --- files and arguments ---------------------------------------------------------------------
def test_save_and_load_round_trip(tmp_path, field: Field, papers: pd.DataFrame) -> None:
    path = field.save(tmp_path / "f")
    assert path.name == "f.npz"
    back = Field.load(path)
    pd.testing.assert_frame_equal(back.papers_frame(), papers)
    pd.testing.assert_frame_equal(back.edges_frame(), field.edges_frame())
    pd.testing.assert_frame_equal(back.truth, field.truth)
    assert back.topics == field.topics


def test_load_rejects_a_file_that_is_no_field(tmp_path) -> None:
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SyntheticError):
        Field.load(bad)


def test_example_field_is_current() -> None:
    example = load_example_field()
    assert len(example) == 600
    assert synthetic.EXAMPLE_PATH.stat().st_size < 2_000_000
    fresh = generate_field(synthetic.EXAMPLE_SIZE, seed=synthetic.EXAMPLE_SEED)
    pd.testing.assert_frame_equal(example.papers_frame(), fresh.papers_frame())
    pd.testing.assert_frame_equal(example.edges_frame(), fresh.edges_frame())


def test_main_writes_a_field(tmp_path, capsys) -> None:
    assert main(["--size", "200", "--seed", "2", "--out", str(tmp_path / "f")]) == 0
    assert len(Field.load(tmp_path / "f.npz")) == 200
    assert "n_papers=200" in capsys.readouterr().out
    assert main(["--size", "5", "--out", str(tmp_path / "g")]) == 1
    assert main(["--size", "200", "--titles", "patterned", "--out", str(tmp_path / "p")]) == 0
    assert Field.load(tmp_path / "p.npz").meta["titles"] == "patterned"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_papers": 10},
        {"n_papers": 2000.0},
        {"seed": -1},
        {"start_year": 2020, "end_year": 2022},
        {"n_topics": 0},
        {"n_topics": 99},
        {"titles": "cute"},
    ],
)
def test_bad_arguments_raise_synthetic_error(kwargs: dict) -> None:
    with pytest.raises(SyntheticError) as info:
        generate_field(**{"n_papers": 400, **kwargs})
    assert isinstance(info.value, MentalmapError)


def test_public_api_is_exported() -> None:
    assert synthetic.__all__ == sorted(set(synthetic.__all__))
    for name in synthetic.__all__:
        assert hasattr(synthetic, name)
    public = {n for n in vars(synthetic) if not n.startswith("_")} - {"annotations", "Path"}
    modules = {"field", "generator", "identifiers", "metadata", "roles", "text"}
    assert public - modules == set(synthetic.__all__)
