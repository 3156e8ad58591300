"""Every id form a user pastes resolves to the one S2 accepts; typos fail before any call."""

from __future__ import annotations

import pytest

from mentalmap.errors import InvalidPaperId
from mentalmap.s2.ids import parse_paper_id, parse_paper_ids

SHA = "649def34f8be52c8b66281af98ae884c09aef38b"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (SHA, SHA),
        (SHA.upper(), SHA),
        ("CorpusId:215416146", "CorpusId:215416146"),
        ("corpusid:4698432", "CorpusId:4698432"),
        ("CorpusID:14514057", "CorpusId:14514057"),
        ("DOI:10.18653/v1/N18-3011", "DOI:10.18653/v1/N18-3011"),
        ("doi:10.1093/mind/lix.236.433", "DOI:10.1093/mind/lix.236.433"),
        ("ARXIV:2106.15928", "ARXIV:2106.15928"),
        ("arxiv:1706.03762v5", "ARXIV:1706.03762"),
        ("ACL:W12-3903", "ACL:W12-3903"),
        ("PMID:19872477", "PMID:19872477"),
        ("PMCID:2323736", "PMCID:2323736"),
        ("PMCID:PMC2323736", "PMCID:2323736"),
        ("MAG:112218234", "MAG:112218234"),
        ("URL:https://arxiv.org/abs/2106.15928v1", "ARXIV:2106.15928"),
        ("1706.03762", "ARXIV:1706.03762"),
        ("1706.03762v7", "ARXIV:1706.03762"),
        ("hep-th/9711200", "ARXIV:hep-th/9711200"),
        ("10.48550/arXiv.1706.03762", "ARXIV:1706.03762"),
        ("10.1093/mind/lix.236.433", "DOI:10.1093/mind/lix.236.433"),
        ("https://arxiv.org/abs/1706.03762", "ARXIV:1706.03762"),
        ("https://arxiv.org/pdf/1706.03762v5.pdf", "ARXIV:1706.03762"),
        ("http://arxiv.org/abs/1706.03762v2", "ARXIV:1706.03762"),
        ("https://doi.org/10.18653/v1/N18-3011", "DOI:10.18653/v1/N18-3011"),
        ("doi.org/10.1145/2656877.2656890", "DOI:10.1145/2656877.2656890"),
        (
            f"https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani/{SHA}",
            SHA,
        ),
        (f"https://www.semanticscholar.org/paper/{SHA}", SHA),
        ("https://aclanthology.org/N18-3011.pdf", "ACL:N18-3011"),
        ("https://dl.acm.org/doi/10.1145/3442188", "URL:https://dl.acm.org/doi/10.1145/3442188"),
        ("  ARXIV:1706.03762  ", "ARXIV:1706.03762"),
    ],
)
def test_every_pasted_form_resolves(raw: str, expected: str) -> None:
    assert parse_paper_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "attention is all you need",
        "12345",
        "DOI:not-a-doi",
        "ARXIV:xyz",
        "CorpusId:abc",
        "PMID:12a",
        "https://example.com/paper/1",
        "https://arxiv.org/list/cs.LG",
        SHA[:-1],
    ],
)
def test_malformed_ids_raise_one_clear_error(raw: str) -> None:
    with pytest.raises(InvalidPaperId) as info:
        parse_paper_id(raw)
    message = str(info.value)
    assert "\n" not in message
    assert repr(raw) in message or "empty" in message


def test_bare_number_is_ambiguous_and_says_how_to_fix_it() -> None:
    with pytest.raises(InvalidPaperId, match="CorpusId:12345"):
        parse_paper_id("12345")


def test_parse_many_drops_repeats_and_fails_on_any_bad_one() -> None:
    assert parse_paper_ids(["1706.03762", "ARXIV:1706.03762v2", SHA]) == ["ARXIV:1706.03762", SHA]
    with pytest.raises(InvalidPaperId):
        parse_paper_ids(["1706.03762", "bad id"])
