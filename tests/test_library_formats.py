"""Library files as exports really are: every format, and the flaws they really have."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from mentalmap.errors import LibraryFileError
from mentalmap.library import read_library
from mentalmap.library.bibtex import clean_value, read_bibtex

ROOT = Path(__file__).resolve().parents[1]

BIB = r"""% exported by hand
@article{vaswani2017,
  title = {Attention Is All You {Need}},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = 2017,
  eprint = {1706.03762},
  archivePrefix = {arXiv},
}
@inproceedings{godel,
  title = "G{\"o}del's {T}heorem \& Friends",
  doi = {https://doi.org/10.5555/SMALL.3},
  year = {2019}
}
@misc{broken,
  title = {Unclosed {brace,
  year = 2020
}
@book{noid, author = {Nobody}}
@string{conf = "Proc."}
@article{again, DOI = {10.5555/small.3}, title = {Another title}}
@article{titled, title = {Foundations of Sparse Attention}, year = {2015}, journal = conf # " X"}
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_bibtex_entries_ids_titles_and_every_flaw_named(tmp_path) -> None:
    library = read_library(write(tmp_path, "refs.bib", BIB))
    assert library.format == "bibtex"
    got = [(e.line, e.label, e.ids, e.title, e.year) for e in library.entries]
    assert got == [
        (2, "vaswani2017", ("ARXIV:1706.03762",), "Attention Is All You Need", 2017),
        (9, "godel", ("DOI:10.5555/SMALL.3",), "Gödel's Theorem & Friends", 2019),
        (21, "titled", (), "Foundations of Sparse Attention", 2015),
    ]
    notes = "\n".join(library.notes)
    assert "line 14 (broken) is broken BibTeX: a value is not closed" in notes
    assert "line 18 (noid) has no DOI, arXiv id, URL or title; skipped" in notes
    assert "line 20 (again) repeats line 9 (godel) (same id doi:10.5555/small.3)" in notes
    assert [(e.label, why.split(":")[0]) for e, why in library.rejected] == [
        ("broken", "broken BibTeX"),
        ("noid", "no DOI, arXiv id, URL or title to look up"),
    ]


def test_bibtex_reader_agrees_with_bibtexparser_on_what_both_read() -> None:
    ours, _ = read_bibtex(BIB)
    theirs = bibtexparser.parse_string(BIB)
    their_keys = [e.key for e in theirs.entries]
    # bibtexparser swallows the broken entry into the next; we name it and read the rest
    assert [e.key for e in ours] == ["vaswani2017", "godel", "noid", "again", "titled"]
    for entry in ours:
        if entry.key in their_keys and entry.key != "noid":
            fields = theirs.entries_dict[entry.key].fields_dict
            assert clean_value(fields["title"].value) == entry.fields["title"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"{\'E}cole {\c{c}}a {\v s}um", "École ça šum"),
        (r"Stra{\ss}e and {\o}re \textbf{bold}", "Straße and øre bold"),
        (r"50\% of \$1 \_x", "50% of $1 _x"),
        (r"\textbraceleft{}x\textbraceright{}", "{x}"),  # what our own .bib export writes
    ],
)
def test_latex_in_values_becomes_plain_text(raw, clean) -> None:
    assert clean_value(raw) == clean


def test_bibtex_with_nothing_readable_is_one_clear_error(tmp_path) -> None:
    path = write(tmp_path, "bad.bib", "@article{x, title = {never closed\n")
    with pytest.raises(LibraryFileError, match=r"no readable BibTeX entry \(1 broken\)"):
        read_library(path)


RIS = """TY  - JOUR
ID  - ris1
TI  - Sparse attention variant 4
  for long documents
PY  - 2016///
DO  - 10.5555/SMALL.4
ER  -

TY  - CONF
T1  - Caf\u00e9 attention
Y1  - 2018
UR  - https://arxiv.org/abs/2101.00007v2
ER  -

TY  - JOUR
AU  - Nobody
ER  -
"""


def test_ris_records_with_wrapped_titles_and_urls(tmp_path) -> None:
    library = read_library(write(tmp_path, "refs.txt", RIS))  # an export with a .txt name
    assert library.format == "ris"
    got = [(e.line, e.label, e.ids, e.title, e.year) for e in library.entries]
    assert got == [
        (1, "ris1", ("DOI:10.5555/SMALL.4",), "Sparse attention variant 4 for long documents",
         2016),
        (9, "Café attention", ("ARXIV:2101.00007",), "Café attention", 2018),
    ]  # fmt: skip
    assert any("line 15 has no DOI" in n for n in library.notes)


def test_non_utf8_ris_is_read_as_windows_1252_with_a_note(tmp_path) -> None:
    path = write(tmp_path, "endnote.ris", RIS.replace("ID  - ris1\n", "").encode("cp1252"))
    library = read_library(path)
    assert library.encoding == "cp1252"
    assert library.entries[1].title == "Café attention"
    assert any("endnote.ris is not UTF-8" in n and "Windows-1252" in n for n in library.notes)


def test_utf16_export_with_a_byte_order_mark_reads(tmp_path) -> None:
    library = read_library(write(tmp_path, "x.ris", RIS.encode("utf-16")))
    assert library.encoding == "utf-16" and len(library.entries) == 2
    assert [n for n in library.notes if "UTF-8" in n] == []  # a BOM says the encoding: no note


def test_csl_json_items(tmp_path) -> None:
    items = [
        {"id": "a", "type": "article", "title": "Attention is all you need",
         "DOI": "10.48550/arXiv.1706.03762", "issued": {"date-parts": [[2017, 6]]}},
        {"id": "b", "title": "A preprint", "number": "arXiv:2101.00002",
         "URL": "https://example.org/x"},
        {"id": "c", "title": "Only a title"},
        "not an item",
    ]  # fmt: skip
    library = read_library(write(tmp_path, "zotero.json", json.dumps(items, indent=1)))
    assert library.format == "csl-json"
    assert [(e.label, e.ids, e.year) for e in library.entries] == [
        ("a", ("ARXIV:1706.03762",), 2017),
        ("b", ("ARXIV:2101.00002",), None),
        ("c", (), None),
    ]
    assert any("item 4 is not a CSL-JSON object" in n for n in library.notes)


def test_broken_csl_json_says_where(tmp_path) -> None:
    with pytest.raises(LibraryFileError, match=r"not valid CSL-JSON: .* line 2, column"):
        read_library(write(tmp_path, "x.json", '[{"id": "a",\n "title": }]'))


def test_plain_list_of_ids_links_and_titles(tmp_path) -> None:
    text = """# my reading list
1706.03762v5
https://arxiv.org/abs/2101.00003
https://doi.org/10.5555/SMALL.9
   Foundations of   Sparse Attention
12345
DOI:10.5555/small.9
"""
    library = read_library(write(tmp_path, "list.txt", text))
    assert library.format == "list"
    assert [(e.line, e.ids, e.title) for e in library.entries] == [
        (2, ("ARXIV:1706.03762",), None),
        (3, ("ARXIV:2101.00003",), None),
        (4, ("DOI:10.5555/SMALL.9",), None),
        (5, (), "Foundations of Sparse Attention"),
    ]
    notes = "\n".join(library.notes)
    assert "line 6: ambiguous paper id '12345'" in notes
    assert "line 7 (DOI:10.5555/small.9) repeats line 4" in notes


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("", "is empty"), ("\n  \n", "is empty"), ("# only\n", "holds no")],
)
def test_missing_or_empty_file_is_one_clear_error(tmp_path, content, message) -> None:
    path = tmp_path / "refs.bib"
    if content is not None:
        path.write_text(content)
    with pytest.raises(LibraryFileError, match=message):
        read_library(path)


def test_the_docs_example_library_reads_whole() -> None:
    library = read_library(ROOT / "docs" / "examples" / "library.bib")
    assert library.format == "bibtex" and not library.notes
    assert len(library.entries) >= 4
    assert any(not e.ids and e.title for e in library.entries)  # one resolves by title
