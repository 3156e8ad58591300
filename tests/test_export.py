"""Exports as a whole: the public API, file names, errors, and that no API key leaks.

The frames built here (odd characters on purpose) are shared by the other test_export_* files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import mentalmap.export as export
from mentalmap.errors import ExportError
from mentalmap.export import FORMATS, export_papers
from mentalmap.outputs import write_atomic

ODD_TITLE = 'Schrödinger\'s Łukasz: {braces} 100% & "quotes" <b>html</b> $x_1$ #tag ~^\\'
ODD_ABSTRACT = "Line one,\nline two: α ≤ β; 注意力 🚀 {unbalanced"


def _author(name: str, author_id: str | None = None) -> dict:
    return {"authorId": author_id, "name": name}


def make_papers() -> pd.DataFrame:
    """Six papers with the index, columns and dtypes of docs/api.md and every awkward value."""
    rows = [
        dict(
            paperId="p1",
            corpusId=101,
            title=ODD_TITLE,
            abstract=ODD_ABSTRACT,
            year=2017,
            publicationDate="2017-06-12",
            venue="Neural Information Processing Systems",
            publicationTypes=["Conference"],
            authors=[_author("Erwin Schrödinger", "1"), _author("Łukasz Kaiser", "2")],
            citationCount=90000,
            referenceCount=40,
            influentialCitationCount=9000,
            fieldsOfStudy=["Computer Science"],
            openAccessPdf="https://example.org/p1.pdf?a=1&b=2",
            tldr="A <b>bold</b> tldr & more.",
            externalIds={"ArXiv": "1706.03762", "DOI": "10.5555/3295222_3295349", "CorpusId": 101},
            url="https://www.semanticscholar.org/paper/p1",
            depth=1,
            isSeed=False,
        ),
        dict(
            paperId="p2",
            corpusId=None,
            title="注意力机制研究 🚀",
            abstract=None,
            year=None,
            publicationDate=None,
            venue=None,
            publicationTypes=[],
            authors=[_author("张伟")],
            citationCount=0,
            referenceCount=0,
            influentialCitationCount=0,
            fieldsOfStudy=[],
            openAccessPdf=None,
            tldr=None,
            externalIds={},
            url="https://www.semanticscholar.org/paper/p2",
            depth=2,
            isSeed=False,
        ),
        dict(
            paperId="p3",
            corpusId=103,
            title="The Republic",
            abstract="Justice, in ten books.",
            year=1990,
            publicationDate="1990-01-01",
            venue="Journal of Philosophy",
            publicationTypes=["JournalArticle"],
            authors=[
                _author("Plato", "3"),
                _author("Ludwig van Beethoven", "4"),
                _author("Martin Luther King Jr.", "5"),
            ],
            citationCount=5,
            referenceCount=1,
            influentialCitationCount=1,
            fieldsOfStudy=["Philosophy", "History"],
            openAccessPdf=None,
            tldr=None,
            externalIds={"DOI": "10.1000/republic"},
            url="https://www.semanticscholar.org/paper/p3",
            depth=1,
            isSeed=False,
        ),
        dict(
            paperId="p4",
            corpusId=104,
            title="Attention Is All You Need",
            abstract="The dominant sequence transduction models…",
            year=2017,
            publicationDate="2017-06-12",
            venue="Neural Information Processing Systems",
            publicationTypes=["JournalArticle", "Conference"],
            authors=[_author("Ashish Vaswani", "6"), _author("Noam Shazeer", "7")],
            citationCount=100000,
            referenceCount=41,
            influentialCitationCount=10000,
            fieldsOfStudy=["Computer Science"],
            openAccessPdf=None,
            tldr=None,
            externalIds={"ArXiv": "1706.03762", "CorpusId": 104},
            url="https://www.semanticscholar.org/paper/p4",
            depth=0,
            isSeed=True,
        ),
        dict(
            paperId="p5",
            corpusId=105,
            title="Attention, again",
            abstract=None,
            year=2017,
            publicationDate=None,
            venue="arXiv.org",
            publicationTypes=["JournalArticle"],
            authors=[_author("Ashish Vaswani", "6")],
            citationCount=3,
            referenceCount=2,
            influentialCitationCount=0,
            fieldsOfStudy=[],
            openAccessPdf=None,
            tldr=None,
            externalIds={"ArXiv": "1801.00001"},
            url="https://www.semanticscholar.org/paper/p5",
            depth=1,
            isSeed=False,
        ),
        dict(
            paperId="p6",
            corpusId=106,
            title="Emoji 🎉 and <i>tags</i>",
            abstract="Uses 50% fewer $ and # signs_",
            year=2021,
            publicationDate="2021-03-01",
            venue="Proceedings of the ACL",
            publicationTypes=[],
            authors=[_author("Research and Development Team"), _author("Smith, J.")],
            citationCount=7,
            referenceCount=3,
            influentialCitationCount=1,
            fieldsOfStudy=["Linguistics"],
            openAccessPdf=None,
            tldr="Short.",
            externalIds={"DOI": "10.18653/v1/2021.acl-long.1"},
            url="https://www.semanticscholar.org/paper/p6",
            depth=2,
            isSeed=False,
        ),
    ]
    papers = pd.DataFrame(rows)
    for column in ("year", "corpusId"):
        papers[column] = papers[column].astype("Int64")
    for column in ("publicationTypes", "authors", "fieldsOfStudy", "externalIds"):
        papers[column] = papers[column].astype(object)
    papers["referencesCrawled"] = True  # crawl bookkeeping: must not be exported
    papers["citationsCrawled"] = False
    papers["publicationDate"] = pd.to_datetime(papers["publicationDate"], format="%Y-%m-%d")
    return papers.set_index("paperId")


def make_edges() -> pd.DataFrame:
    """Citations among make_papers(), with True / False / None influence and empty intents."""
    return pd.DataFrame(
        {
            "citing": ["p4", "p5", "p1", "p6", "p2"],
            "cited": ["p3", "p4", "p4", "p1", "p3"],
            "isInfluential": pd.Series([True, False, None, True, None], dtype=object),
            "intents": pd.Series(
                [["methodology", "background"], [], ["background"], ["result"], []], dtype=object
            ),
            "contexts": pd.Series([["We use it."], None, [], None, None], dtype=object),
        }
    )


def make_table() -> pd.DataFrame:
    """An analysis table as analysis.analyze returns it (indexed by paperId)."""
    return pd.DataFrame(
        {
            "role": ["frontier", "other", "foundational", "foundational", "tweak", "survey"],
            "confidence": [0.5, 0.1, 0.9, 0.95, 0.6, 0.7],
            "reason": ["new", "", "cited by all", "the seed", "small change", "reviews <all>"],
            "parent": ["p4", "", "", "", "p4", ""],
            "cluster": [0, 1, 1, 0, 0, 1],
            "cluster_label": ["Transformers", "Philosophy", "Philosophy"]
            + ["Transformers", "Transformers", "Philosophy"],
            "importance": [0.4, 0.0, 0.8, 1.0, 0.2, 0.3],
            "has_code": [True, False, False, True, False, False],
            "code_url": ["https://github.com/x/y?a=1&b=2", None, None, "https://g.it/t", None, ""],
            "pagerank": [0.1] * 6,
        },
        index=pd.Index(["p1", "p2", "p3", "p4", "p5", "p6"], name="paperId"),
    )


EXPECTED_FILES = {
    "csv": ["papers.csv", "edges.csv"],
    "json": ["papers.json", "edges.json"],
    "parquet": ["papers.parquet", "edges.parquet"],
    "graphml": ["mentalmap.graphml"],
    "gexf": ["mentalmap.gexf"],
    "bibtex": ["mentalmap.bib"],
    "ris": ["mentalmap.ris"],
}


def test_public_names_are_exported() -> None:
    for name in export.__all__:
        assert hasattr(export, name), name
    assert set(FORMATS) == set(EXPECTED_FILES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_writes_its_files_into_a_new_directory(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "a" / "b"
    paths = export_papers(make_papers(), make_edges(), fmt, out)
    assert [p.name for p in paths] == EXPECTED_FILES[fmt]
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths)
    assert sorted(os.listdir(out)) == sorted(EXPECTED_FILES[fmt])  # no temp files left


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_frame_without_optional_columns_still_exports(tmp_path: Path, fmt: str) -> None:
    papers = pd.DataFrame(
        {"paperId": ["a", "b"], "title": ["A", None], "year": [2020, None]}
    ).set_index("paperId")
    edges = pd.DataFrame({"citing": ["b"], "cited": ["a"]})
    assert export_papers(papers, edges, fmt, tmp_path)


def test_unknown_format_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'xlsx'.*csv"):
        export_papers(make_papers(), make_edges(), "xlsx", tmp_path)


def test_out_dir_that_is_a_file_is_an_export_error(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(ExportError, match="cannot create export directory"):
        export_papers(make_papers(), make_edges(), "csv", target)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only directories")
def test_unwritable_out_dir_is_an_export_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot write"):
            export_papers(make_papers(), make_edges(), "json", tmp_path)
    finally:
        tmp_path.chmod(0o700)


def test_frames_without_key_columns_are_export_errors(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="paperId"):
        export_papers(pd.DataFrame({"title": ["x"]}), make_edges(), "csv", tmp_path)
    with pytest.raises(ExportError, match="cited"):
        export_papers(make_papers(), pd.DataFrame({"citing": ["p1"]}), "csv", tmp_path)


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "papers.csv"
    target.write_text("old")

    def half_write(handle) -> None:
        handle.write(b"half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomic(target, half_write)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["papers.csv"]


def test_inputs_are_not_changed(tmp_path: Path) -> None:
    papers, edges = make_papers(), make_edges()
    for fmt in FORMATS:
        export_papers(papers, edges, fmt, tmp_path / fmt, table=make_table())
    pd.testing.assert_frame_equal(papers, make_papers())
    pd.testing.assert_frame_equal(edges, make_edges())


def test_no_api_key_reaches_any_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "sk-test-KEY-must-never-leak-0123456789"
    monkeypatch.setenv("S2_API_KEY", key)
    for fmt in FORMATS:
        export_papers(make_papers(), make_edges(), fmt, tmp_path, table=make_table())
    written = list(tmp_path.iterdir())
    assert len(written) == sum(len(v) for v in EXPECTED_FILES.values())
    for path in written:
        assert key.encode() not in path.read_bytes(), path.name


def test_a_target_name_taken_by_a_directory_is_an_export_error(tmp_path: Path) -> None:
    (tmp_path / "mentalmap.bib").mkdir()
    with pytest.raises(ExportError, match="cannot write .*mentalmap.bib"):
        export_papers(make_papers(), make_edges(), "bibtex", tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["mentalmap.bib"]
