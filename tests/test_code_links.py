"""Code links: abstracts plus a Papers with Code export or a paper,repo_url CSV."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from mentalmap.code_links import (
    annotate_code,
    apply_code_links,
    filter_has_code,
    load_code_links,
)
from mentalmap.errors import CodeLinksError

A, B, C, D, E = (c * 40 for c in "abcde")


@pytest.fixture
def papers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "paperId": [A, B, C, D, E],
            "corpusId": pd.array([11, 12, 13, 14, None], dtype="Int64"),
            "title": ["arXiv one", "DOI one", "S2 one", "Corpus one", "in abstract"],
            "abstract": [None, "No code.", None, "", "Code: https://github.com/org/abs-repo."],
            "externalIds": [
                {"ArXiv": "2101.00001", "CorpusId": 11},
                {"DOI": "10.1234/ABC.Def", "CorpusId": 12},
                {},
                None,
                {"ArXiv": "2101.00005"},
            ],
        }
    ).set_index("paperId")


def test_csv_joins_on_arxiv_doi_paper_id_and_corpus_id(tmp_path, papers) -> None:
    links = tmp_path / "links.csv"
    links.write_text(
        "paper,repo_url\n"
        "https://arxiv.org/abs/2101.00001v3,https://github.com/o/arxiv\n"
        "doi:10.1234/abc.DEF,https://github.com/o/doi\n"  # DOIs match case-insensitively
        f"{C.upper()},https://gitlab.com/o/s2\n"
        "CorpusId:14,https://github.com/o/corpus\n"
        "ARXIV:2999.99999,https://github.com/o/not-in-map\n"
    )
    out = apply_code_links(papers, links)
    assert out["code_url"].tolist() == [
        "https://github.com/o/arxiv",
        "https://github.com/o/doi",
        "https://gitlab.com/o/s2",
        "https://github.com/o/corpus",
        pd.NA,  # no repository known
    ]
    assert out["has_code"].tolist() == [True, True, True, True, False]
    assert "has_code" not in papers.columns  # a copy, the input is unchanged


def test_papers_with_code_export_gz_with_missing_keys(tmp_path, papers) -> None:
    export = [
        {"paper_arxiv_id": "2101.00001", "repo_url": "https://github.com/x/unofficial",
         "is_official": False, "paper_title": "arXiv one"},
        {"paper_arxiv_id": "2101.00001", "repo_url": "https://github.com/x/official",
         "is_official": True},
        {"paper_url_abs": "https://arxiv.org/abs/2101.00005v2",  # no paper_arxiv_id key
         "repo_url": "https://github.com/x/from-url"},
        {"paper_title": "no id at all", "repo_url": "https://github.com/x/lost"},
        {"paper_arxiv_id": "2101.00002"},  # no repo: skipped
        "not an object",
        {"paper_arxiv_id": "not an id", "repo_url": "https://github.com/x/bad"},
    ]  # fmt: skip
    path = tmp_path / "links-between-papers-and-code.json.gz"
    path.write_bytes(gzip.compress(json.dumps(export).encode()))
    table = load_code_links(path)
    assert len(table) == 3 and set(table["kind"]) == {"ArXiv"}
    out = apply_code_links(papers, path)
    assert out.loc[A, "code_url"] == "https://github.com/x/official"  # official first
    assert out.loc[E, "code_url"] == "https://github.com/x/from-url"  # overrides the abstract


def test_annotate_code_uses_abstracts_then_the_file(tmp_path, papers) -> None:
    only_abstracts = annotate_code(papers)
    assert only_abstracts["has_code"].tolist() == [False, False, False, False, True]
    assert only_abstracts.iloc[4]["code_url"] == "https://github.com/org/abs-repo"
    links = tmp_path / "l.csv"
    links.write_text("paper,repo_url,is_official\n2101.00001,https://github.com/o/a,true\n")
    both = annotate_code(papers, links)
    assert both["has_code"].tolist() == [True, False, False, False, True]
    assert filter_has_code(both).index.tolist() == [A, E]
    assert filter_has_code(papers).index.tolist() == [E]  # annotated on the fly


def test_malformed_files_are_clear_errors(tmp_path, papers) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(CodeLinksError, match="cannot read"):
        load_code_links(missing)
    header = tmp_path / "h.csv"
    header.write_text("id,url\nx,y\n")
    with pytest.raises(CodeLinksError, match="paper,repo_url"):
        load_code_links(header)
    bad_id = tmp_path / "b.csv"
    bad_id.write_text("paper,repo_url\n2101.00001,https://github.com/o/a\n12345,https://x\n")
    with pytest.raises(CodeLinksError, match="line 3: ambiguous paper id"):
        load_code_links(bad_id)
    no_repo = tmp_path / "r.csv"
    no_repo.write_text("paper,repo_url\n2101.00001,\n")
    with pytest.raises(CodeLinksError, match="line 2: no repo_url"):
        load_code_links(no_repo)
    broken = tmp_path / "j.json"
    broken.write_text("[{")
    with pytest.raises(CodeLinksError, match="not valid JSON"):
        load_code_links(broken)


def test_filter_needs_something_to_filter_on() -> None:
    from mentalmap.errors import AnalysisError

    with pytest.raises(AnalysisError, match="annotate_code"):
        filter_has_code(pd.DataFrame({"x": [1]}))


def test_on_the_demo_field_abstract_links_are_the_planted_code() -> None:
    import mentalmap.synthetic as synthetic

    field = synthetic.generate_field(600, seed=7)
    out = annotate_code(field.papers_frame())
    truth = field.truth
    assert (out["has_code"] == truth["has_code"]).all()
    assert out["has_code"].sum() > 10
