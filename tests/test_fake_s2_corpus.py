"""The in-memory corpus follows the S2 API notes (s2-api.md §2-6): ids, fields, lists, search."""

from __future__ import annotations

import pytest
from conftest import SMALL_HUB_CITERS, small_corpus_records, small_sha

from mentalmap.errors import BadRequest, PaperNotFound
from mentalmap.fake_s2 import Corpus, CorpusHTTPError, CorpusSource

P0, P3, P5, P10 = (small_sha(f"p{i}") for i in (0, 3, 5, 10))
OLD_P5 = small_sha("old-p5")


def http_error(call, *args, **kwargs) -> CorpusHTTPError:
    with pytest.raises(CorpusHTTPError) as info:
        call(*args, **kwargs)
    return info.value


# --- ids -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (P3, P3),
        (P3.upper(), P3),
        (OLD_P5, P5),
        ("CorpusId:1003", P3),
        ("corpusid:1003", P3),
        ("CorpusID:1003", P3),
        ("DOI:10.5555/small.3", P3),
        ("doi:10.5555/SMALL.3", P3),
        ("10.5555/small.3", P3),
        ("ARXIV:2101.00003", P3),
        ("arxiv:2101.00003v2", P3),
        ("MAG:3001", P3),
        ("ACL:W12-3903", P3),
        ("PMID:19872477", P3),
        ("PMCID:2323736", P3),
        ("PMCID:PMC2323736", P3),
        (f"URL:https://www.semanticscholar.org/paper/{P3}", P3),
        (f"URL:https://www.semanticscholar.org/paper/Some-Title-Slug/{P3}", P3),
        ("URL:https://arxiv.org/abs/2101.00003v1", P3),
        ("url:https://arxiv.org/pdf/2101.00003.pdf", P3),
        ("URL:https://aclweb.org/anthology/W12-3903", P3),
        ("URL:https://dl.acm.org/doi/10.5555/small.3", P3),
        ("CorpusId:999999", None),
        ("DOI:10.5555/none", None),
        ("0" * 40, None),
        ("URL:https://example.com/paper/1", None),
        ("not an id", None),
    ],
)
def test_resolve_accepts_every_documented_id_form(small_corpus, raw, expected):
    assert small_corpus.resolve(raw) == expected


def test_unknown_paper_is_404_with_the_recorded_body(small_corpus):
    error = http_error(small_corpus.get_paper, "CorpusId:0")
    assert (error.status, error.body) == (404, {"error": "Paper with id CorpusId:0 not found"})


def test_alias_returns_the_primary_paper_id(small_corpus):
    assert small_corpus.get_paper(OLD_P5)["paperId"] == P5


# --- fields ----------------------------------------------------------------------------------
def test_default_fields_are_paper_id_and_title(small_corpus):
    assert small_corpus.get_paper(P3) == {
        "paperId": P3,
        "title": "Sparse attention variant 3 for long documents",
    }


def test_paper_id_is_always_returned(small_corpus):
    assert small_corpus.get_paper(P3, "year") == {"paperId": P3, "year": 2016}


@pytest.mark.parametrize(
    ("fields", "listed"),
    [
        ("unknown", "unknown"),
        ("title,bogus,year,nope", "bogus, nope"),
        ("authors.shoe", "authors.shoe"),
    ],
)
def test_unknown_field_is_400_with_the_exact_text(small_corpus, fields, listed):
    error = http_error(small_corpus.get_paper, P3, fields)
    assert error.status == 400
    assert error.body == {"error": f"Unrecognized or unsupported fields: [{listed}]"}


def test_dotted_subfields(small_corpus):
    paper = small_corpus.get_paper(P3, "authors.url,citations.year,references")
    assert paper["authors"] == [{"authorId": "103", "url": None}]
    assert all(set(c) == {"paperId", "year"} for c in paper["citations"])
    assert all(set(r) == {"paperId", "title"} for r in paper["references"])
    assert {r["paperId"] for r in paper["references"]} == {small_sha(f"p{j}") for j in (0, 1, 2)}


def test_nested_citations_are_cut_at_1000(small_corpus):
    paper = small_corpus.get_paper(P0, "citations,citationCount")
    assert len(paper["citations"]) == 1000
    assert paper["citationCount"] == 3000  # corpus-wide, kept as given


def test_full_paper_fields_come_back_in_api_shape(small_corpus):
    paper = small_corpus.get_paper(
        P3, "externalIds,corpusId,url,abstract,venue,publicationTypes,openAccessPdf,tldr"
    )
    assert paper["externalIds"]["CorpusId"] == 1003
    assert paper["url"] == f"https://www.semanticscholar.org/paper/{P3}"
    assert paper["openAccessPdf"] == {"url": "https://example.org/3.pdf", "status": None}
    assert list(paper)[0] == "paperId"


# --- batch -----------------------------------------------------------------------------------
def test_batch_is_aligned_with_nulls_and_primary_ids(small_corpus):
    ids = ["CorpusId:0", OLD_P5, "DOI:10.5555/small.3", "garbage", P3]
    answer = small_corpus.batch(ids, "year")
    assert len(answer) == len(ids)
    assert answer[0] is None and answer[3] is None
    assert answer[1] == {"paperId": P5, "year": 2016}
    assert answer[2] == answer[4] == {"paperId": P3, "year": 2016}


def test_batch_limit_is_500(small_corpus):
    ids = small_corpus.paper_ids()[:501]
    assert len(small_corpus.batch(ids[:500])) == 500
    error = http_error(small_corpus.batch, ids)
    assert error.status == 400 and "error" in error.body


def test_batch_cuts_nested_citations_at_9999_per_response(small_corpus):
    answer = small_corpus.batch([P0] * 12, "citations")
    assert sum(len(p["citations"]) for p in answer) == 9999


# --- lists -----------------------------------------------------------------------------------
def walk(corpus, paper_id, direction, limit, fields=None):
    pages, offset = [], 0
    while True:
        page = corpus.page(paper_id, direction, offset, limit, fields)
        pages.append(page)
        if "next" not in page or not page["data"]:
            return pages
        offset = page["next"]


def test_citation_pages_walk_to_the_end_without_total(small_corpus):
    pages = walk(small_corpus, P0, "citations", 1000)
    assert [p["offset"] for p in pages] == [0, 1000, 2000]
    assert all("total" not in p for p in pages)
    assert "next" not in pages[-1] and pages[0]["next"] == 1000
    items = [i["citingPaper"]["paperId"] for p in pages for i in p["data"]]
    # 2,345 generated citers, p1 and p3 (the i-1, i-3, i//2 rules) and a duplicate p1 edge.
    assert len(items) == SMALL_HUB_CITERS + 2 + 1
    assert items.count(small_sha("p1")) == 2


def test_page_order_is_deterministic(small_corpus):
    assert small_corpus.page(P0, "citations", 100, 50) == small_corpus.page(
        P0, "citations", 100, 50
    )


def test_limit_over_1000_is_400(small_corpus):
    assert http_error(small_corpus.page, P0, "citations", 0, 1001).status == 400
    assert http_error(small_corpus.page, P0, "citations", "x", 10).status == 400


def test_edge_fields_only_when_asked(small_corpus):
    plain = small_corpus.page(P3, "references")["data"]
    assert all(set(item) == {"citedPaper"} for item in plain)
    assert set(plain[0]["citedPaper"]) == {"paperId", "title"}
    rich = small_corpus.page(P3, "references", fields="isInfluential,intents,year")["data"]
    assert set(rich[0]) == {"isInfluential", "intents", "citedPaper"}
    assert set(rich[0]["citedPaper"]) == {"paperId", "year"}
    only_edge = small_corpus.page(P3, "references", fields="contexts")["data"]
    assert set(only_edge[0]["citedPaper"]) == {"paperId"}


def test_unmatched_reference_has_null_paper_id_and_kept_fields(small_corpus):
    data = small_corpus.page(P10, "references", fields="title,year,venue,authors,externalIds")[
        "data"
    ]
    unmatched = [i["citedPaper"] for i in data if i["citedPaper"]["paperId"] is None]
    assert unmatched == [
        {
            "paperId": None,
            "externalIds": None,
            "title": "An unpublished note on attention",
            "venue": "TR",
            "year": 2014,
            "authors": [],
        }
    ]


def test_list_endpoints_refuse_nested_lists_and_tldr(small_corpus):
    error = http_error(small_corpus.page, P3, "references", fields="title,tldr,citations")
    assert error.body == {"error": "Unrecognized or unsupported fields: [tldr, citations]"}


@pytest.mark.parametrize("mode", ["error", "empty"])
def test_citation_cap(mode):
    papers, citations, aliases = small_corpus_records()
    corpus = Corpus(papers, citations, aliases, citation_cap=1500, past_cap=mode)
    assert len(corpus.page(P0, "citations", 500, 1000)["data"]) == 1000
    if mode == "error":
        assert http_error(corpus.page, P0, "citations", 1000, 1000).status == 400
    else:
        cut = corpus.page(P0, "citations", 1000, 1000)
        assert len(cut["data"]) == 500
        assert corpus.page(P0, "citations", 1500, 1000) == {"offset": 1500, "data": []}
    assert len(corpus.page(P3, "references", 0, 1000)["data"]) == 3  # references have no cap


def test_publication_date_filter_on_citations(small_corpus):
    page = small_corpus.page(P0, "citations", 0, 1000, "year", "2020:2021")
    years = {item["citingPaper"]["year"] for item in page["data"]}
    assert years == {2020, 2021}
    assert http_error(small_corpus.page, P0, "citations", 0, 10, None, "20x").status == 400


def test_unknown_paper_list_is_404(small_corpus):
    assert http_error(small_corpus.page, "CorpusId:0", "references").status == 404


# --- search ----------------------------------------------------------------------------------
def test_search_shape_and_paging(small_corpus):
    first = small_corpus.search("sparse attention", "title,year", limit=10)
    assert set(first) == {"total", "offset", "next", "data"}
    assert first["total"] == 30 and first["next"] == 10 and len(first["data"]) == 10
    assert first["data"][0]["title"] == "Foundations of Sparse Attention"  # most cited first
    last = small_corpus.search("sparse attention", "title", offset=25, limit=10)
    assert "next" not in last and len(last["data"]) == 5


def test_empty_search_has_no_data_key(small_corpus):
    assert small_corpus.search("n0 r3sult s3arch t3rm", "title") == {"total": 0, "offset": 0}


def test_hyphenated_terms_match_nothing(small_corpus):
    assert small_corpus.search("sparse-attention")["total"] == 0


@pytest.mark.parametrize(("offset", "limit"), [(0, 101), (900, 100), (999, 1)])
def test_search_limits(small_corpus, offset, limit):
    assert http_error(small_corpus.search, "sparse", None, offset, limit).status == 400


def test_search_filters(small_corpus):
    reviews = small_corpus.search("sparse", "publicationTypes", publicationTypes="Review,Book")
    assert [p["paperId"] for p in reviews["data"]] == [small_sha("p29")]
    recent = small_corpus.search("sparse", "year", year="2020-")
    assert recent["total"] > 0 and all(p["year"] >= 2020 for p in recent["data"])
    assert small_corpus.search("sparse", year="2016")["total"] == 3
    assert http_error(small_corpus.search, "sparse", year="soon").status == 400


def test_title_match(small_corpus):
    found = small_corpus.match("Foundations of sparse attention", "year")
    assert [set(found["data"][0])] == [{"paperId", "year", "matchScore"}]
    assert found["data"][0]["paperId"] == P0
    error = http_error(small_corpus.match, "An entirely different title")
    assert (error.status, error.body) == (404, {"error": "Title match not found"})


def test_bulk_search_pages_by_token_until_null(small_corpus):
    seen, token, pages = [], None, 0
    while True:
        page = small_corpus.search_bulk("applied study", "title", token)
        assert page["total"] == SMALL_HUB_CITERS
        seen += [p["paperId"] for p in page["data"]]
        pages += 1
        token = page["token"]
        if token is None:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == SMALL_HUB_CITERS
    assert seen == sorted(seen)  # default sort paperId:asc


def test_bulk_search_refuses_nested_lists(small_corpus):
    assert http_error(small_corpus.search_bulk, "sparse", "citations").status == 400


# --- the in-process source -------------------------------------------------------------------
def test_corpus_source_returns_corpus_answers_and_counts_calls(small_corpus):
    source = CorpusSource(small_corpus)
    assert source.fetch_papers([P3, "CorpusId:0"], "year") == small_corpus.batch(
        [P3, "CorpusId:0"], "year"
    )
    page = source.fetch_edge_page(P0, "citations", 0, 5, "paperId,isInfluential")
    assert page == small_corpus.page(P0, "citations", 0, 5, "paperId,isInfluential")
    assert source.search_papers("sparse", "title", limit=3)["next"] == 3
    assert source.calls == 3


def test_corpus_source_answers_are_copies(small_corpus):
    source = CorpusSource(small_corpus)
    source.fetch_papers([P3], "authors")[0]["authors"].clear()
    assert small_corpus.get_paper(P3, "authors")["authors"]


def test_corpus_source_raises_mentalmap_errors(small_corpus):
    source = CorpusSource(small_corpus)
    with pytest.raises(PaperNotFound) as info:
        source.fetch_edge_page("CorpusId:0", "references", 0, 10, "title")
    assert info.value.paper_id == "CorpusId:0" and info.value.status == 404
    with pytest.raises(BadRequest):
        source.fetch_papers([P3], "unknown")
    with pytest.raises(BadRequest):
        source.fetch_edge_page(P3, "references", 0, 1001, "title")


def test_constructor_rejects_edges_to_unknown_papers():
    with pytest.raises(ValueError, match="not among the papers"):
        Corpus([{"paperId": P0}], [{"citing": P0, "cited": P3}])


def test_public_api_is_exported():
    import mentalmap.fake_s2 as package

    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and (isinstance(value, type) or callable(value))
    }
    assert set(package.__all__) == public
    for name in package.__all__:
        assert getattr(package, name).__doc__


def test_synthetic_field_is_served_in_process():
    import mentalmap.synthetic as synthetic

    corpus = synthetic.generate_field(n_papers=300, seed=1).to_corpus()
    source = CorpusSource(corpus)
    ids = corpus.paper_ids()[:50]
    papers = source.fetch_papers(ids, "title,year,citationCount")
    assert [p["paperId"] for p in papers] == ids
    pages = [source.fetch_edge_page(i, "references", 0, 1000, "paperId,isInfluential") for i in ids]
    assert sum(len(p["data"]) for p in pages) > 0
