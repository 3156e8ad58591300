"""Surveys of a topic: two relevance searches, a survey test, a topic test, citations per year."""

from __future__ import annotations

import hashlib
import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.errors import InvalidQuery, NoSurveysFound
from mentalmap.fake_s2 import Corpus, CorpusSource
from mentalmap.surveys import SURVEY_COLUMNS, find_surveys, survey_seeds, topic_words

NOW = 2025


def sha(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


def paper(name: str, title: str, year: int, cites: int, types=None, abstract=None) -> dict:
    return {
        "paperId": sha(name),
        "title": title,
        "abstract": abstract,
        "year": year,
        "venue": "ACM Computing Surveys",
        "citationCount": cites,
        "publicationTypes": types or ["JournalArticle"],
    }


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(
        [
            # typed Review, title does not say survey: kept
            paper("typed", "Sparse attention in long documents", 2023, 300, ["Review"]),
            # titled as a survey, typed as an article: kept, and more cited per year
            paper("titled", "A survey of sparse attention", 2024, 400),
            paper("state", "Sparse attention: the state of the art", 2022, 40),
            # on topic but not a survey: dropped
            paper("method", "Faster sparse attention kernels", 2024, 900),
            # a survey, but too old for since=2020: dropped
            paper("old", "Sparse attention: a review", 2016, 5000, ["Review"]),
            # a survey on another topic (matches only the added word "survey"): dropped
            paper("other", "A survey of protein folding", 2024, 800, ["Review"]),
            # on topic through its abstract only: kept
            paper(
                "abstract",
                "Efficient transformers: a tutorial",
                2021,
                30,
                abstract="Covers sparse attention patterns.",
            ),
        ],  # fmt: skip
        [],
    )


class Recording:
    """A Source that remembers the searches it was asked (a test double, not a patch)."""

    def __init__(self, source) -> None:
        self.source = source
        self.searches: list[tuple[str, dict]] = []

    def search_papers(self, query, fields, **params):
        self.searches.append((query, {"fields": fields, **params}))
        return self.source.search_papers(query, fields, **params)


def test_two_searches_as_the_brief_and_the_api_limits_say(corpus) -> None:
    source = Recording(CorpusSource(corpus))
    find_surveys(source, "sparse-attention", since=2020, current_year=NOW)
    (q1, p1), (q2, p2) = source.searches
    assert q1 == "sparse attention" and q2 == "sparse attention survey"  # hyphen → space
    assert p1["publicationTypes"] == "Review" and "publicationTypes" not in p2
    assert p1["year"] == p2["year"] == "2020-"
    assert p1["limit"] == p2["limit"] == 100  # S2's search cap


def test_keeps_on_topic_surveys_ranked_by_citations_per_year(corpus) -> None:
    frame = find_surveys(CorpusSource(corpus), "sparse attention", since=2020, current_year=NOW)
    assert list(frame.columns) == list(SURVEY_COLUMNS)
    assert frame["paperId"].tolist() == [sha("titled"), sha("typed"), sha("state"), sha("abstract")]
    first = frame.iloc[0]
    assert first["citations_per_year"] == pytest.approx(400 / 2)  # 2024..2025 is two years
    assert frame.set_index("paperId").loc[sha("typed"), "citations_per_year"] == 100.0
    flags = frame.set_index("paperId")[["is_review_typed", "title_says_survey"]]
    assert flags.loc[sha("typed")].tolist() == [True, False]
    assert flags.loc[sha("titled")].tolist() == [False, True]
    assert flags.loc[sha("state")].tolist() == [False, True]


def test_default_since_is_five_years_back_and_limit_cuts(corpus) -> None:
    source = Recording(CorpusSource(corpus))
    frame = find_surveys(source, "sparse attention", limit=2, current_year=NOW)
    assert source.searches[0][1]["year"] == "2020-"
    assert len(frame) == 2


def test_nothing_found_is_an_empty_frame_with_the_columns(corpus) -> None:
    # The empty search answer has no "data" key (s2-api.md §6.1).
    assert CorpusSource(corpus).search_papers("zzzz", "title") == {"total": 0, "offset": 0}
    frame = find_surveys(CorpusSource(corpus), "zzzz", current_year=NOW)
    assert frame.empty and list(frame.columns) == list(SURVEY_COLUMNS)


def test_survey_seeds_are_the_top_ids_or_a_clear_error(corpus) -> None:
    seeds = survey_seeds(CorpusSource(corpus), "sparse attention", top=2, current_year=NOW)
    assert seeds == [sha("titled"), sha("typed")]
    with pytest.raises(NoSurveysFound, match="no survey or review of 'zzzz'"):
        survey_seeds(CorpusSource(corpus), "zzzz", current_year=NOW)


def test_empty_topic_is_refused_before_any_call(corpus) -> None:
    source = Recording(CorpusSource(corpus))
    with pytest.raises(InvalidQuery):
        find_surveys(source, " - -- ")
    assert source.searches == []
    assert topic_words("A survey of retrieval-augmented generation") == [
        "retrieval",
        "augmented",
        "generation",
    ]


def test_small_corpus_review_is_found(small_corpus) -> None:
    frame = find_surveys(
        CorpusSource(small_corpus), "sparse-attention", since=2015, current_year=NOW
    )
    review = frame[frame["is_review_typed"]]
    assert review["title"].tolist() == ["Sparse attention variant 29 for long documents"]


def test_on_the_demo_field_surveys_found_are_planted_surveys() -> None:
    import mentalmap.synthetic as synthetic

    # finding surveys is a search on what S2 says of a paper: patterned titles say "survey"
    # the way real survey titles do (the neutral default keeps that cue out of role tests)
    field = synthetic.generate_field(2000, seed=0, titles="patterned")
    frame = find_surveys(CorpusSource(field.to_corpus()), "denoising diffusion", current_year=NOW)
    assert len(frame) >= 3
    truth = field.truth.loc[frame["paperId"]]
    # The generator types a few non-surveys as Review, as S2 does; most hits are real surveys.
    assert (truth["role"] == "survey").mean() >= 0.75
    assert (frame["is_review_typed"] | frame["title_says_survey"]).all()
    assert frame["citations_per_year"].is_monotonic_decreasing


# --- CLI, against the fake HTTP server -----------------------------------------------------------
def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_lists_surveys_in_each_format(corpus, fake_s2_factory) -> None:
    server = fake_s2_factory(corpus)
    common = ["--api-url", server.url, "--rps", "0", "--since", "2020"]
    table = cli("surveys", "sparse-attention", *common)
    assert table.exit_code == 0, table.output
    assert "Surveys of 'sparse attention'" in table.output and sha("titled") in table.output
    csv = cli("surveys", "sparse attention", *common, "--format", "csv", "--limit", "1")
    rows = pd.read_csv(io.StringIO(csv.output), dtype=str)
    assert list(rows.columns) == list(SURVEY_COLUMNS)
    assert rows["paperId"].tolist() == [sha("titled")]
    records = json.loads(cli("surveys", "sparse attention", *common, "--format", "json").output)
    assert [r["paperId"] for r in records][:2] == [sha("titled"), sha("typed")]
    searched = [r for r in server.requests if "paper/search" in r.path]
    assert len(searched) == 6


def test_cli_bad_input_and_failures_are_one_line(corpus, fake_s2_factory) -> None:
    empty = cli("surveys", " -- ", "--api-url", "http://127.0.0.1:9/graph/v1")
    assert empty.exit_code == 2 and "the topic is empty" in empty.output
    bad_limit = cli("surveys", "x", "--limit", "500")
    assert bad_limit.exit_code == 2
    down = cli("surveys", "x", "--api-url", "http://127.0.0.1:9/graph/v1", "--rps", "0",
               "--retries", "0")  # fmt: skip
    assert down.exit_code == 1 and down.output.startswith("Error: ")
    assert "Traceback" not in down.output
    nothing = cli("surveys", "zzzz", "--api-url", fake_s2_factory(corpus).url, "--rps", "0")
    assert nothing.exit_code == 0 and "No surveys of 'zzzz' found" in nothing.output


def test_cli_help_has_an_example() -> None:
    result = cli("surveys", "--help")
    assert result.exit_code == 0 and 'mentalmap surveys "retrieval-augmented' in result.output
