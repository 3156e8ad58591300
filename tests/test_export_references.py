"""BibTeX and RIS read back by bibtexparser 2 and rispy keep titles, names and identifiers."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares as mw
from test_export import ODD_ABSTRACT, ODD_TITLE, make_edges, make_papers

from mentalmap.export import export_papers
from mentalmap.export.references import (
    citation_key,
    entry_kind,
    escape_latex,
    split_name,
    unescape_latex,
)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def library(tmp_path: Path) -> bibtexparser.Library:
    export_papers(make_papers(), make_edges(), "bibtex", tmp_path)
    text = (tmp_path / "mentalmap.bib").read_text("utf-8")
    lib = bibtexparser.parse_string(
        text, append_middleware=[mw.SeparateCoAuthors(), mw.SplitNameParts()]
    )
    assert not lib.failed_blocks
    return lib


@pytest.fixture
def ris(tmp_path: Path) -> list[dict]:
    export_papers(make_papers(), make_edges(), "ris", tmp_path)
    return rispy.loads((tmp_path / "mentalmap.ris").read_text("utf-8"))


def entry(library: bibtexparser.Library, title_start: str) -> bibtexparser.model.Entry:
    [found] = [e for e in library.entries if title_of(e).startswith(title_start)]
    return found


def title_of(e: bibtexparser.model.Entry) -> str:
    value = e["title"]
    assert value.startswith("{") and value.endswith("}")  # capitals protected
    return unescape_latex(value[1:-1])


# --- BibTeX ----------------------------------------------------------------------------------
def test_bibtex_has_one_entry_per_paper_with_unique_keys(library: bibtexparser.Library) -> None:
    keys = [e.key for e in library.entries]
    assert len(keys) == 6 and len(set(keys)) == 6
    assert "vaswani2017attention" in keys and "vaswani2017attentiona" in keys
    assert "plato1990republic" in keys


def test_bibtex_titles_with_odd_characters_round_trip(library: bibtexparser.Library) -> None:
    titles = {title_of(e) for e in library.entries}
    assert ODD_TITLE in titles
    assert "注意力机制研究 🚀" in titles
    assert "Emoji 🎉 and <i>tags</i>" in titles
    odd = entry(library, "Schrödinger")
    assert unescape_latex(odd["abstract"]) == squash(ODD_ABSTRACT)
    assert "Schrödinger" in odd["title"]  # UTF-8 kept, not \"o


def test_bibtex_authors_parse_into_name_parts(library: bibtexparser.Library) -> None:
    def parts(title: str) -> list[tuple]:
        return [(n.first, n.von, n.last, n.jr) for n in entry(library, title)["author"]]

    assert parts("Schrödinger") == [(["Erwin"], [], ["Schrödinger"], []),
                                    (["Łukasz"], [], ["Kaiser"], [])]  # fmt: skip
    assert parts("The Republic") == [
        ([], [], ["Plato"], []),
        (["Ludwig"], ["van"], ["Beethoven"], []),
        (["Martin", "Luther"], [], ["King"], ["Jr."]),
    ]
    assert parts("注意力") == [([], [], ["张伟"], [])]
    # "and" inside a name would split it into two authors; a comma would reorder it
    assert parts("Emoji") == [([], [], ["{Research and Development Team}"], []),
                              ([], [], ["{Smith, J.}"], [])]  # fmt: skip


def test_bibtex_entry_types_and_venue_fields(library: bibtexparser.Library) -> None:
    odd = entry(library, "Schrödinger")
    assert odd.entry_type == "inproceedings"
    assert odd["booktitle"] == "Neural Information Processing Systems"
    republic = entry(library, "The Republic")
    assert republic.entry_type == "article" and republic["journal"] == "Journal of Philosophy"
    again = entry(library, "Attention, again")  # arXiv only: no journal to name
    assert again.entry_type == "misc" and "journal" not in again.fields_dict
    assert again["eprint"] == "1801.00001" and again["archivePrefix"] == "arXiv"
    assert entry(library, "Emoji").entry_type == "inproceedings"  # "Proceedings of the ACL"


def test_bibtex_identifiers_stay_verbatim(library: bibtexparser.Library) -> None:
    odd = entry(library, "Schrödinger")
    assert odd["doi"] == "10.5555/3295222_3295349"  # doi is verbatim in biblatex: no \_
    assert odd["url"] == "https://www.semanticscholar.org/paper/p1"
    assert odd["year"] == "2017"
    cjk = entry(library, "注意力")
    assert "year" not in cjk.fields_dict and "abstract" not in cjk.fields_dict


def test_bibtex_decodes_with_pylatexenc(tmp_path: Path) -> None:
    """An independent LaTeX decoder reads the escapes it knows back to the characters."""
    import pylatexenc  # noqa: F401  (bibtexparser decodes LaTeX with it)

    papers = make_papers().iloc[[5]]  # the "Uses 50% fewer $ and # signs_" abstract
    export_papers(papers, make_edges(), "bibtex", tmp_path)
    lib = bibtexparser.parse_string(
        (tmp_path / "mentalmap.bib").read_text("utf-8"),
        append_middleware=[mw.LatexDecodingMiddleware()],
    )
    assert lib.entries[0]["abstract"] == "Uses 50% fewer $ and # signs_"


@pytest.mark.parametrize(
    "text",
    [ODD_TITLE, "{", "}}{{", "\\textbackslash{}", "a\\&b", "100 % & $ # _ ~ ^ < >", "Łódź"],
)
def test_escape_latex_is_undone_and_balances_braces(text: str) -> None:
    escaped = escape_latex(text)
    assert unescape_latex(escaped) == text
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_split_name() -> None:
    assert split_name("Ashish Vaswani") == ("Ashish", "Vaswani", "")
    assert split_name("Plato") == ("", "Plato", "")
    assert split_name("张伟") == ("", "张伟", "")
    assert split_name("Ludwig van Beethoven") == ("Ludwig", "van Beethoven", "")
    assert split_name("Jan van der Berg") == ("Jan", "van der Berg", "")
    assert split_name("Van Morrison") == ("Van", "Morrison", "")
    assert split_name("Martin Luther King Jr.") == ("Martin Luther", "King", "Jr.")


def test_citation_key() -> None:
    vaswani = [{"authorId": "1", "name": "Ashish Vaswani"}]
    assert citation_key(vaswani, 2017, "Attention Is All You Need") == "vaswani2017attention"
    assert citation_key(["Lech Wałęsa"], 1983, "Ødegaard's ß") == "walesa1983odegaard"
    assert citation_key([], None, "The {Weird} Title") == "anonweird"
    assert citation_key([{"name": "张伟"}], 2020, "注意力") == "anon2020"
    assert citation_key(vaswani, float("nan"), None) == "vaswani"


def test_entry_kind() -> None:
    assert entry_kind(["Conference", "JournalArticle"], "NeurIPS") == "inproceedings"
    assert entry_kind(["JournalArticle"], "Nature") == "article"
    assert entry_kind(["JournalArticle"], "arXiv.org") == "misc"
    assert entry_kind(["JournalArticle"], "ArXiv") == "misc"
    assert entry_kind(["Conference"], "") == "misc"
    assert entry_kind([], "Proceedings of the ACL") == "inproceedings"
    assert entry_kind(None, "IEEE Transactions on Pattern Analysis") == "article"
    assert entry_kind([], "Some Venue") == "misc"
    assert entry_kind(["Book"], None) == "misc"


# --- RIS -------------------------------------------------------------------------------------
def test_ris_records_round_trip_through_rispy(ris: list[dict]) -> None:
    assert [r["id"] for r in ris] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    odd, cjk, republic, vaswani, again, emoji = ris
    assert odd["type_of_reference"] == "CONF"
    assert odd["title"] == ODD_TITLE  # RIS is plain text: nothing escaped
    assert odd["authors"] == ["Schrödinger, Erwin", "Kaiser, Łukasz"]
    assert odd["year"] == "2017"
    assert odd["secondary_title"] == "Neural Information Processing Systems"
    assert odd["doi"] == "10.5555/3295222_3295349"
    assert odd["urls"] == [
        "https://www.semanticscholar.org/paper/p1",
        "https://arxiv.org/abs/1706.03762",
    ]
    assert odd["abstract"] == squash(ODD_ABSTRACT)  # one line per tag
    assert odd["keywords"] == ["Computer Science"]
    assert cjk["type_of_reference"] == "GEN" and cjk["title"] == "注意力机制研究 🚀"
    assert cjk["authors"] == ["张伟"] and "year" not in cjk and "abstract" not in cjk
    assert republic["type_of_reference"] == "JOUR"
    assert republic["journal_name"] == "Journal of Philosophy"
    assert republic["authors"] == ["Plato", "van Beethoven, Ludwig", "King, Martin Luther, Jr."]
    assert vaswani["type_of_reference"] == "CONF"
    assert again["type_of_reference"] == "GEN"
    assert emoji["authors"] == ["Research and Development Team", "Smith, J."]
    assert emoji["title"] == "Emoji 🎉 and <i>tags</i>"


def test_ris_lines_have_the_tag_layout(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "ris", tmp_path)
    lines = (tmp_path / "mentalmap.ris").read_text("utf-8").splitlines()
    assert lines[0] == "TY  - CONF"
    assert sum(line == "ER  - " for line in lines) == 6
    assert all(line == "" or line[2:6] == "  - " for line in lines)
