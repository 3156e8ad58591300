"""Pass plans written from a paper's own data, in the order of Keshav's passes.

"How to Read a Paper" (Keshav 2007): title and abstract first, then the main figures and the
experimental setup, then the conclusion, and the details only where the paper truly matters to
you or you will implement it. What each pass should look for depends on the paper: its claim
(from the TLDR or the abstract), the parent a tweak changes, the earlier techniques a technique
is measured against, the later papers that build on a foundation, the repository to run and the
modifications the field already tried on it (its tweaks in the map).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

#: A sentence that states what the paper does (the claim), preferred over the first sentence.
_CLAIM = re.compile(
    r"\b(we (propose|present|introduce|show|develop|demonstrate|prove|study|find)|"
    r"this (paper|work) (proposes|presents|introduces|shows)|outperform|achiev)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


@dataclass(frozen=True)
class PassPlan:
    """The passes, whether the deep dive is worth it, and the first experiments to run."""

    passes: str
    deep_dive: str
    hands_on: str


def claim(abstract: object, tldr: object = None, limit: int = 220) -> str:
    """The paper's claim in one sentence: its TLDR, else the abstract's claim sentence.

    >>> claim("Deep nets are hard to train. We propose X, which trains them fast.")
    'We propose X, which trains them fast.'
    """
    text = tldr.get("text") if isinstance(tldr, dict) else tldr
    if not isinstance(text, str) or not text.strip():
        if not isinstance(abstract, str) or not abstract.strip():
            return ""
        sentences = [s.strip() for s in _SENTENCE.split(" ".join(abstract.split())) if s.strip()]
        text = next((s for s in sentences if _CLAIM.search(s)), sentences[0] if sentences else "")
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def pass_plan(
    t: pd.DataFrame, pid: str, in_list: list[str], refs: list[str], citers: list[str]
) -> PassPlan:
    """The plan of one paper of a reading list.

    ``t`` is the prepared analysis table; ``refs`` and ``citers`` are the paperIds the paper cites
    and is cited by in the map.
    """
    r = t.loc[pid]
    role = str(r["role"])
    name = _name(r["title"])
    said = claim(r.get("abstract"), r.get("tldr"))
    p1 = (
        f'pass 1 (title + abstract): the claim — "{said}"'
        if said
        else f"pass 1 (title + abstract): no abstract in the map; read what {name} claims"
    )
    r_refs = refs
    refs = _references(t, refs)
    later = _citers(t, citers, in_list)
    parent = r.get("parent")
    parent_name = (
        _name(t.at[parent, "title"]) if isinstance(parent, str) and parent in t.index else ""
    )
    topic = r.get("cluster_label")
    topic = topic if isinstance(topic, str) and topic and topic != "other" else "this sub-area"
    if role == "survey":
        covered = [_name(t.at[q, "title"]) for q in in_list if q in set(r_refs)][:2]
        p2 = (
            f"pass 2 (figures + setup): its taxonomy and comparison tables — where {topic} sits"
            + (f"; it covers {', '.join(covered)} of this list" if covered else "")
        )
        p3 = (
            f"pass 3 (conclusion): the open problems {name} lists; check them against the "
            "recent work below"
        )
    elif role == "tweak" and parent_name:
        p2 = (
            f"pass 2 (figures + setup): the comparison with its parent {parent_name} — what it "
            "changes, and whether the gain holds on the parent's own setup"
        )
        p3 = f"pass 3 (conclusion): whether the change over {parent_name} is worth adopting"
    elif role == "foundational":
        users = ", ".join(later[:2]) or "the techniques that cite it"
        p2 = (
            f"pass 2 (figures + setup): the construction of {name} that {users} reuse; "
            f"{int(r['in_map_citations'])} papers of the map cite it"
        )
        p3 = f"pass 3 (conclusion): the limits {name} leaves open — what its successors fixed"
    else:
        beat = ", ".join(refs[:2])
        p2 = f"pass 2 (figures + setup): the benchmarks of {name} and the baselines it beats" + (
            f" (earlier work it cites: {beat})" if beat else ""
        )
        p3 = (
            f"pass 3 (conclusion): whether {name} beats {refs[0]} and at what cost"
            if refs
            else f"pass 3 (conclusion): what {name} settles and the limits its authors admit"
        )
    return PassPlan(
        passes="; ".join((p1, p2, p3)),
        deep_dive=_deep(r, role, name, parent_name, topic),
        hands_on=_hands_on(t, pid, r, name),
    )


def _deep(r: pd.Series, role: str, name: str, parent_name: str, topic: str) -> str:
    code = str(r.get("code_url") or "")
    if role in ("foundational", "technique"):
        what = "re-derive its method" if role == "foundational" else "implement it"
        where = f"and run {code}" if code else "from the method section (no public code known)"
        return f"yes: {name} is one to master — {what} {where}"
    if role == "tweak":
        base = parent_name or "the technique it modifies"
        return (
            f"no: {name} is {base} with one change; the comparison table says it — go deep on "
            f"{base} instead"
        )
    if role == "survey":
        return f"no: use {name} as a map and go deep on the papers it points to"
    return f"only if you work on {topic}: {name} is recent and may not last"


def _hands_on(t: pd.DataFrame, pid: str, r: pd.Series, name: str) -> str:
    """Run the code, then modify it: the field's own tweaks of this paper are the first ideas."""
    code = str(r.get("code_url") or "")
    if not bool(r.get("has_code")) or not code or r["role"] in ("survey", "tweak"):
        return ""
    kids = t[t["parent"] == pid].sort_values("merit", ascending=False)
    tried = [_name(x) for x in kids["title"].head(3)]
    if tried:
        return f"run {code}; then try what the field tried on {name}: " + "; ".join(tried)
    return (
        f"run {code}; no modification of {name} is in the map yet: try another dataset, a small "
        "architecture change or a new metric"
    )


def _references(t: pd.DataFrame, refs: list[str]) -> list[str]:
    """Earlier techniques and foundations the paper cites, best first: its likely baselines."""
    strong = [q for q in refs if q in t.index and t.at[q, "role"] in ("technique", "foundational")]
    strong.sort(key=lambda q: -float(t.at[q, "merit"]))
    return [_name(t.at[q, "title"]) for q in strong]


def _citers(t: pd.DataFrame, citers: list[str], in_list: list[str]) -> list[str]:
    """The papers of the list that cite it, in reading order."""
    first = [q for q in in_list if q in set(citers)]
    return [_name(t.at[q, "title"]) for q in first]


def _name(title: object) -> str:
    """A short quoted name for a paper: its acronym before a colon, else its title."""
    text = " ".join(str(title or "").split())
    head, sep, _ = text.partition(":")
    if sep and 2 <= len(head) <= 24:
        return head
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"
