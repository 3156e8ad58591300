"""Each role rule on a small hand-made map, with the source the rule comes from.

The maps carry no role cue in their titles ("Paper 12"): every rule must work from structure
and S2's data alone (titles may only add evidence).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mentalmap.analysis import analyze
from mentalmap.analysis.evidence import (
    SIGNIFICANT_Z,
    binomial_z,
    head_tail_levels,
    in_head,
    modified_z,
)
from mentalmap.analysis.lineage import name_mentions, name_tokens, sibling_support
from mentalmap.analysis.matrix import citation_matrix
from mentalmap.analysis.roles import SURVEY_TITLE, RoleRules, breadth_z, survey_title


def two_communities(seed: int = 0):
    """Sub-topics A and B (40 papers each, 2012-2023), each citing within itself; hub H (2010)
    cited by half of both; technique TA (2014) cited by 25 papers of A for its method."""
    rng = np.random.default_rng(seed)
    years, edges, meth = {"H": 2010, "TA": 2014}, [], []
    for side in "AB":
        for i in range(40):
            pid = f"{side}{i}"
            years[pid] = 2012 + i * 11 // 40
            earlier = [f"{side}{j}" for j in range(i)]
            for q in rng.choice(earlier, min(4, len(earlier)), replace=False) if earlier else []:
                edges.append((pid, str(q)))
                meth.append(False)
            if i % 2 == 0:
                edges.append((pid, "H"))
                meth.append(i % 4 == 0)
    for i in range(6, 31):
        edges.append((f"A{i}", "TA"))
        meth.append(True)
    edges.append(("TA", "H"))
    meth.append(False)
    papers = pd.DataFrame(
        {
            "paperId": list(years),
            "year": pd.array(list(years.values()), dtype="Int64"),
            "title": [f"Paper {k}" for k in range(len(years))],
        }
    ).set_index("paperId")
    frame = pd.DataFrame(edges, columns=["citing", "cited"])
    frame["intents"] = [["methodology"] if m else ["background"] for m in meth]
    frame["isInfluential"] = False
    return papers, frame


def test_evidence_tests_follow_their_definitions():
    # modified z (Iglewicz & Hoaglin 1993): 0.6745 (x - median) / MAD
    z = modified_z(np.array([1.0, 2, 3, 4, 100]))
    assert z[2] == 0 and z[-1] > 3.5 and abs(z[0]) < 3.5
    # binomial z against a base rate; no trials, no evidence
    assert binomial_z(np.array([5, 0]), np.array([10, 0]), 0.5).tolist() == [0.0, 0.0]
    assert binomial_z(np.array([9]), np.array([10]), 0.2)[0] > 4
    # head/tail breaks (Jiang 2013): heads are minorities above the mean, level by level
    x = np.array([1.0] * 80 + [10] * 15 + [100] * 4 + [1000])
    assert head_tail_levels(x).tolist()[-6:] == [0, 1, 1, 1, 1, 2]
    assert in_head(np.array([3.8, 0.3] + [-0.3] * 14), 2)[:2].tolist() == [True, True]


def test_foundation_is_cited_across_sub_topics_and_technique_for_its_method():
    papers, edges = two_communities()
    t = analyze(papers, edges)
    assert t.loc["A0", "cluster"] != t.loc["B0", "cluster"]
    assert t.at["H", "role"] == "foundational", t.at["H", "reason"]
    assert "across sub-topics" in t.at["H", "reason"]
    assert t.at["TA", "role"] == "technique", t.at["TA", "reason"]
    assert "for its method" in t.at["TA", "reason"]
    # without intents, TA's citations alone (one sub-topic) do not make it a foundation
    bare = analyze(papers, edges[["citing", "cited"]])
    assert bare.at["H", "role"] == "foundational" and bare.at["TA", "role"] != "foundational"


def test_foundation_need_not_be_old():
    # the hub is the newest paper of the years its citers span, not in the first half of them
    papers, edges = two_communities()
    papers.loc[papers.index == "H", "year"] = 2012
    t = analyze(papers, edges)
    assert t.at["H", "role"] == "foundational"


def survey_map(extra: dict | None = None):
    """40 papers citing 3-6 earlier ones; S (2020) cites 35 of them; J (2019) cites 12."""
    rng = np.random.default_rng(1)
    ids = [f"p{i}" for i in range(40)]
    years = {p: 2000 + i // 2 for i, p in enumerate(ids)}
    edges = [
        (p, ids[j])
        for i, p in enumerate(ids)
        for j in rng.choice(max(i, 1), min(i, 3 + i % 4), replace=False)
        if j < i
    ]
    years.update({"S": 2020, "J": 2019})
    edges += [("S", q) for q in ids[:35]] + [("J", q) for q in ids[:12]]
    papers = pd.DataFrame(
        {
            "paperId": list(years),
            "year": pd.array(list(years.values()), dtype="Int64"),
            "title": [f"Paper {k}" for k in range(len(years))],
        }
    ).set_index("paperId")
    for col, values in (extra or {}).items():
        papers[col] = [values.get(p) for p in papers.index]
    return papers, pd.DataFrame(edges, columns=["citing", "cited"])


def test_survey_from_an_outlying_reference_list_alone():
    # Iglewicz & Hoaglin: |modified z| > 3.5 is an outlier; no title or type needed
    papers, edges = survey_map()
    t = analyze(papers, edges)
    assert t.at["S", "role"] == "survey" and "reference list" in t.at["S", "reason"]
    assert t.at["J", "role"] != "survey"


def test_a_survey_title_is_a_claim_a_long_list_must_back():
    # A12's survey words are believed of a list long for the map (z >= 2), as S2's Review type
    # is: a title shuffled onto an ordinary paper makes no survey
    ids = [f"p{i}" for i in range(40)] + ["S", "J"]
    titles = {p: f"Paper {p}" for p in ids} | {"J": "A survey of parsing", "p30": "A survey"}
    t = analyze(*survey_map({"title": titles}))
    assert t.at["J", "role"] == "survey" and t.at["p30", "role"] != "survey"
    # where no list length is known, the title is the only evidence there is
    crawled = {p: False for p in ids}
    t = analyze(*survey_map({"title": titles, "referencesCrawled": crawled}))
    assert t.at["p30", "role"] == "survey" and "not known" in t.at["p30", "reason"]


def test_a_neighbourhoods_links_are_no_reference_list():
    # a map that does not hold a paper's references (referencesCrawled False, no S2
    # referenceCount) has no evidence of its list's length: no survey by length
    crawled = {p: p != "S" for p in [f"p{i}" for i in range(40)] + ["S", "J"]}
    t = analyze(*survey_map({"referencesCrawled": crawled}))
    assert t.at["S", "role"] != "survey", t.at["S", "reason"]
    # S2's referenceCount gives the length back
    counts = {"S": 150} | {f"p{i}": 3 + i % 4 for i in range(40)}
    t = analyze(*survey_map({"referencesCrawled": crawled, "referenceCount": counts}))
    assert t.at["S", "role"] == "survey", t.at["S", "reason"]


def test_review_type_is_weak_and_review_word_is_not_a_survey():
    types = {"J": ["Review"], "p30": ["Review"]}
    titles = {p: f"Paper {p}" for p in [f"p{i}" for i in range(40)] + ["S", "J"]}
    titles["p31"] = "Mining product reviews for sentiment"
    papers, edges = survey_map({"publicationTypes": types, "title": titles})
    t = analyze(papers, edges)
    # J's list is long (z >= 2) and S2 says Review: survey; p30 is "Review" with an ordinary list
    assert t.at["J", "role"] == "survey"
    assert t.at["p30", "role"] != "survey" and t.at["p31", "role"] != "survey"
    # a canonical journal article with a long list (J without the type) stays what it is
    plain = analyze(*survey_map({"publicationTypes": {"J": ["JournalArticle"]}}))
    assert plain.at["J", "role"] != "survey"


def lineage(names_in_abstract: bool = True, popular: bool = False, variants: int = 3):
    """T (2015) introduces "TechNet" and is cited for its method by ten papers; ``variants``
    tweaks (2017 on) build on it (methodology + influential), each past the third citing the
    earlier ones (its lineage); ordinary papers cite it for background."""
    papers, edges = two_communities()
    ws = [f"w{k}" for k in range(variants)]
    extra = {"T": 2015} | {w: 2017 + min(k, 4) for k, w in enumerate(ws)}
    rows = []
    for i in range(10, 20):
        rows.append((f"A{i}", "T", True, False))
    for k, w in enumerate(ws):
        rows.append((w, "T", True, True))
        rows.append((w, "A3", False, False))
        rows += [(w, earlier, False, False) for earlier in ws[:k] if k >= 3]
    for i in range(20, 26):
        rows.append((f"A{i}", "T", False, False))
    if popular:
        rows += [(f"B{i}", "w0", True, False) for i in range(20, 40)]
    papers = pd.concat(
        [
            papers,
            pd.DataFrame(
                {
                    "paperId": list(extra),
                    "year": pd.array(list(extra.values()), dtype="Int64"),
                    "title": [f"Paper x{k}" for k in range(len(extra))],
                }
            ).set_index("paperId"),
        ],
    )
    abstracts = {p: "We study learning." for p in papers.index}
    abstracts["T"] = "We introduce TechNet, a new parser."
    for w in ws:
        abstracts[w] = "We add a trick to TechNet." if names_in_abstract else "We add a trick."
    papers["abstract"] = papers.index.map(abstracts)
    new = pd.DataFrame(rows, columns=["citing", "cited", "m", "isInfluential"])
    new["intents"] = [["methodology"] if m else ["background"] for m in new.pop("m")]
    return papers, pd.concat([edges, new], ignore_index=True)


def test_tweak_builds_on_a_technique_without_any_title_cue():
    # evidence: methodology intent (Cohan et al. 2019), isInfluential (Valenzuela et al. 2015),
    # the abstract naming a method the parent introduced; most of what the map offers
    papers, edges = lineage()
    t = analyze(papers, edges)
    assert t.at["T", "role"] == "technique", t.at["T", "reason"]
    for w in ("w0", "w1", "w2"):
        assert t.at[w, "role"] == "tweak" and t.at[w, "parent"] == "T", t.at[w, "reason"]
        assert "names it" in t.at[w, "reason"]
    # ordinary users of T (methodology intent only) are not tweaks
    assert not (t.loc[[f"A{i}" for i in range(10, 20)], "role"] == "tweak").any()
    # without the name, methodology + influential alone are what any user of T gives: no tweak
    t2 = analyze(*lineage(names_in_abstract=False))
    assert not (t2.loc[["w0", "w1", "w2"], "role"] == "tweak").any()


def test_a_variant_sits_in_its_parents_lineage():
    # siblings (Small 1973's co-citation, Kessler 1963's coupling) tested against chance: more
    # of a paper's references, or of its citers, use T than T's share of the map's later papers
    t = analyze(*lineage(names_in_abstract=False, variants=6))
    # w3-w5 cite the earlier variants w0-w2 (their references hold T's lineage)
    assert (t.loc[["w3", "w4", "w5"], "role"] == "tweak").all(), t.loc[["w3", "w4"], "reason"]
    # w0-w2 cite nothing of it, but the later variants cite them together with T
    assert (t.loc[["w0", "w1", "w2"], "role"] == "tweak").all(), t.loc[["w0", "w1"], "reason"]
    assert (t.loc[[f"w{k}" for k in range(6)], "parent"] == "T").all()
    assert "in its lineage" in t.at["w0", "reason"]
    # ordinary users of T stay ordinary: their references and citers are not T's lineage
    assert not (t.loc[[f"A{i}" for i in range(10, 20)], "role"] == "tweak").any()


def test_a_variant_cited_more_than_its_parent_is_no_tweak():
    t = analyze(*lineage(popular=True))
    assert t.at["w0", "role"] != "tweak" and t.at["w1", "role"] == "tweak"


def test_titles_only_add_evidence():
    papers, edges = lineage()
    scrambled = papers.assign(title=[f"Words {k}" for k in range(len(papers))][::-1])
    a = analyze(papers, edges)["role"]
    b = analyze(scrambled, edges)["role"]
    c = analyze(papers, edges, rules=RoleRules(use_titles=False))["role"]
    assert (a == b.reindex(a.index)).all() and (a == c.reindex(a.index)).all()


def test_frontier_is_recent_with_no_other_role_and_young_techniques_stay_techniques():
    papers, edges = two_communities()
    # TA moves to the last two years: cited for its method, it is still a technique
    papers.loc[papers.index == "TA", "year"] = 2022
    t = analyze(papers, edges)
    assert t.at["TA", "role"] == "technique"
    recent = t[(t["year"] >= 2022) & (t.index != "TA")]
    assert (recent["role"].isin(["frontier", "foundational", "survey", "tweak"])).all()
    assert (recent["role"] == "frontier").any()


def test_intents_known_only_for_the_head_of_the_map_are_enough():
    # what a crawl's edge-details pass gives: flags on the citations of the most cited papers
    papers, edges = two_communities()
    cites = edges.groupby("cited").size().reindex(papers.index, fill_value=0)
    head = set(cites.index[in_head(cites.to_numpy(dtype=float), 1)])
    assert {"H", "TA"} <= head and len(head) < len(papers) / 2
    partial = edges.assign(isInfluential=edges["isInfluential"].astype(object))
    off = ~partial["cited"].isin(head)
    partial.loc[off, "intents"] = None
    partial.loc[off, "isInfluential"] = None
    t = analyze(papers, partial)
    assert t.at["TA", "role"] == "technique" and "for its method" in t.at["TA", "reason"]
    assert t.at["H", "role"] == "foundational", t.at["H", "reason"]
    # flags on a tail paper's few citers only: not a base rate for the map, not used
    tail = edges.assign(isInfluential=edges["isInfluential"].astype(object))
    off = tail["cited"] != "A3"
    tail.loc[off, "intents"] = None
    tail.loc[off, "isInfluential"] = None
    assert "for its method" not in analyze(papers, tail).at["TA", "reason"]


def test_a_hub_used_for_its_method_more_than_as_background_is_no_foundation():
    # Cohan et al. 2019's intents: a paper cited for its method at least as often as for
    # background is used, a technique; the field's background is what a foundation is cited for
    papers, edges = two_communities()
    assert analyze(papers, edges).at["H", "role"] == "foundational"
    to_hub = edges["cited"] == "H"
    edges.loc[to_hub, "intents"] = pd.Series([["methodology"]] * int(to_hub.sum()),
                                             index=edges.index[to_hub])  # fmt: skip
    assert analyze(papers, edges).at["H", "role"] != "foundational"


def broad_hub(from_b: int):
    """two_communities with papers also citing the other sub-topic (so cross-topic citation is
    common) and hub G (2011) cited by 16 papers of A and ``from_b`` of B, as background, each
    citation influential (S2's isInfluential: the citer builds on it)."""
    papers, edges = two_communities()
    rng = np.random.default_rng(3)
    cross = [(f"A{i}", f"B{rng.integers(0, i)}") for i in range(1, 40, 2)]
    cross += [(f"B{i}", f"A{rng.integers(0, i)}") for i in range(1, 40, 2)]
    hub = [(f"A{i}", "G") for i in range(10, 26)] + [(f"B{i}", "G") for i in range(10, 10 + from_b)]
    extra = pd.DataFrame(cross + hub, columns=["citing", "cited"])
    extra["intents"] = [["background"]] * len(extra)
    extra["isInfluential"] = [False] * len(cross) + [True] * len(hub)
    g = pd.DataFrame({"paperId": ["G"], "year": pd.array([2011], dtype="Int64"), "title": ["G"]})
    return pd.concat([papers, g.set_index("paperId")]), pd.concat([edges, extra], ignore_index=True)


def test_with_flags_breadth_vetoes_and_substance_decides_a_foundation():
    # Valenzuela et al. 2015 (isInfluential) give the evidence; a share of citers from other
    # sub-topics no lower than the map's (not a significant excess) is enough breadth
    papers, edges = broad_hub(from_b=4)
    t = analyze(papers, edges)
    cl = t["cluster"]
    share = (cl[edges["citing"]].to_numpy() != cl[edges["cited"]].to_numpy()).mean()
    to_g = edges["cited"] == "G"
    g_share = (cl[edges.loc[to_g, "citing"]].to_numpy() != cl["G"]).mean()
    assert share <= g_share < 2 * share  # as broad as the map's papers, not far more
    assert t.at["G", "role"] == "foundational", t.at["G", "reason"]
    assert "for substance" in t.at["G", "reason"]
    # cited from its own sub-topic alone, the same hub is that sub-topic's, not the field's
    narrow = analyze(*broad_hub(from_b=0))
    assert narrow.at["G", "role"] != "foundational", narrow.at["G", "reason"]


def test_a_hub_of_another_sub_area_is_context_not_the_seeds_sub_area():
    # the walk from the seed reaches XB, a hub of sub-area B, through its few citers on the
    # seed's side; most of its citers are in B: the sweep cut (Andersen, Chung & Lang 2006)
    # holds it, but its citers inside the cut are far below the map's share (binomial z)
    import scipy.sparse as sp

    from mentalmap.analysis.relevance import sub_area

    papers, edges = two_communities()
    extra = [(f"B{i}", "XB") for i in range(0, 40, 2)]
    extra += [(f"A{i}", "XB") for i in (31, 33, 35, 37)]
    edges = pd.concat([edges, pd.DataFrame(extra, columns=["citing", "cited"])])
    ids = [*papers.index, "XB"]
    pos = {p: k for k, p in enumerate(ids)}
    rows, cols = edges["citing"].map(pos).to_numpy(), edges["cited"].map(pos).to_numpy()
    a = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids)))
    seed = np.array([pos["A35"]])
    _, cut = sub_area(a, seed, level=np.inf)  # the sweep cut alone
    _, scope = sub_area(a, seed)
    assert cut[pos["XB"]] and not scope[pos["XB"]]
    assert (scope == cut)[[k for p, k in pos.items() if p != "XB"]].all()  # nothing else moves
    # through the analysis: XB is context of a map seeded in A
    hub = pd.DataFrame({"paperId": ["XB"], "year": pd.array([2011], dtype="Int64")})
    t = analyze(pd.concat([papers, hub.set_index("paperId")]), edges, seeds=["A35"])
    assert not t.at["XB", "in_scope"] and t.at["A35", "in_scope"]


def test_without_intents_a_technique_is_a_method_its_citers_name():
    # entity mentions (Ding et al. 2013, "Entitymetrics"): later abstracts name a method by the
    # name its paper introduced, and the tweaks that name it find it as their parent
    papers, edges = lineage()
    papers.loc["TA", "abstract"] = "We introduce AlphaNet, a new tagger."
    bare = edges[["citing", "cited"]]
    t = analyze(papers, bare)
    assert t.at["T", "role"] == "technique", t.at["T", "reason"]
    assert "named by 3 map papers" in t.at["T", "reason"]
    assert (t.loc[["w0", "w1", "w2"], "parent"] == "T").all()
    # no citer names T: no name evidence in its reason, and without names no tweak
    quiet = papers.assign(abstract=papers["abstract"].str.replace("a trick to TechNet", "a trick"))
    q = analyze(quiet, bare)
    assert "named by" not in q.at["T", "reason"]
    assert not (q["role"] == "tweak").any()


def test_without_intents_the_most_cited_for_their_age_need_no_name():
    # abstracts are short and name a method by its idea as often as by its name (ml-arxiv-6k:
    # no citing abstract names SAC or DDPM): a paper in head/tail level 2 of R(p) (Jiang 2013;
    # Mariani, Medo & Zhang 2016) that is also among the map's very most cited (level 3 of
    # in-map citations) is a technique unnamed; level 2 of R(p) alone is not
    papers, edges = lineage()
    t = analyze(papers.assign(abstract="We study learning."), edges[["citing", "cited"]])
    rp, cites = t["rescaled_pagerank"].to_numpy(), t["in_map_citations"].to_numpy()
    famous = in_head(rp, 2) & in_head(cites, 3) & (t["role"] != "foundational").to_numpy()
    popular = in_head(rp, 2) & ~in_head(cites, 3)
    assert set(t.index[famous]) == {"T", "TA"}
    assert (t.loc[famous, "role"] == "technique").all()
    assert t.loc[famous, "reason"].str.contains("most cited for its age").all()
    assert popular.sum() >= 3 and not (t.loc[popular, "role"] == "technique").any()


def test_breadth_is_tested_against_each_citers_own_habit():
    # degree-preserving null (Newman & Girvan 2004): a citation crossing sub-topics is evidence
    # only beyond the citer's habit of citing across. E's citers cite across half the time
    # anyway; F's citers otherwise stay in their sub-topic.
    a, b = [f"a{k}" for k in range(6)], [f"b{k}" for k in range(6)]
    edges = [(x, y) for grp in (a, b) for i, x in enumerate(grp) for y in grp[:i]]
    edges += [(x, "E") for x in b[3:]] + [(x, y) for x in b[3:] for y in a]
    edges += [(x, "F") for x in b[:3]]
    ids = a + b + ["E", "F"]
    papers = pd.DataFrame({"year": pd.array([2010 + k for k in range(14)], dtype="Int64")},
                          index=pd.Index(ids, name="paperId"))  # fmt: skip
    m = citation_matrix(papers, pd.DataFrame(edges, columns=["citing", "cited"]))
    cluster = np.array([0] * 6 + [1] * 6 + [0, 0])
    z = dict(zip(m.ids, breadth_z(m, cluster), strict=True))
    assert z["F"] > SIGNIFICANT_Z > z["E"]
    # against the map's pooled share (where flags make breadth a veto only) E passes too
    pooled = dict(zip(m.ids, breadth_z(m, cluster, habit=np.zeros(14, dtype=bool)), strict=True))
    assert pooled["E"] > SIGNIFICANT_Z and pooled["F"] > SIGNIFICANT_Z
    # the map's pooled rate would find them alike (3 of 3 citers across); one cluster: no test
    assert breadth_z(m, np.zeros(14, dtype=int))[0] == np.inf


def test_a_name_is_introduced_by_an_abstract_not_blocked_by_an_earlier_title():
    # a headline may borrow a name ("random-word" titles shuffled from other papers): where
    # the map has abstracts, the first abstract to use a name introduced it
    papers, edges = lineage()
    papers.loc["A0", "title"] = "TechNet for everyone"  # A0 (2012) predates T (2015)
    t = analyze(papers, edges[["citing", "cited"]])
    assert t.at["T", "role"] == "technique", t.at["T", "reason"]
    assert (t.loc[["w0", "w1", "w2"], "parent"] == "T").all()


def test_method_names_have_a_capital_inside_a_word_or_a_digit():
    assert name_tokens("We extend ResNet-50, WGAN-GP and GPT-3 with BERT.") == {
        "ResNet-50", "WGAN-GP", "GPT-3", "BERT",
    }  # fmt: skip
    # headline compounds and sentence starts are not names
    assert not name_tokens("Soft Actor-Critic: Off-Policy Few-Shot Learning. We study it.")


def test_without_intents_a_hub_its_citers_name_is_used_not_background():
    # the intents-free form of the background-vs-method rule (Cohan et al. 2019): a paper whose
    # citers call it by the name it introduced is a method in use, not the field's background
    papers, edges = two_communities()
    bare = edges[["citing", "cited"]]
    abstracts = {p: "We study learning." for p in papers.index}
    papers["abstract"] = papers.index.map(abstracts)
    assert analyze(papers, bare).at["H", "role"] == "foundational"
    papers.loc["H", "abstract"] = "We introduce HubNet, a parser."
    papers.loc["TA", "abstract"] = "We introduce AlphaNet, a tagger."  # named by no citer
    for p in ("A4", "A8", "B4", "B8"):
        papers.loc[p, "abstract"] = "We train HubNet on new data."
    t = analyze(papers, bare)
    assert t.at["H", "role"] == "technique", t.at["H", "reason"]


def test_lineage_routes_add_up_where_intents_are_missing():
    # coupling through T (Kessler 1963: a variant's references cite T) and co-citation with T
    # (Small 1973: its citers cite T too) are two cues: each route tested against chance, T's
    # share of the later papers (6 of 16), counts once
    vs = [f"v{k}" for k in range(6)]
    os_ = [f"o{k}" for k in range(10)]
    edges = [(v, "T") for v in vs] + [(v, w) for i, v in enumerate(vs) for w in vs[:i]]
    edges += [(o, "o0") for o in os_[1:]]
    ids = ["T", *os_, *vs]
    years = pd.array([2010] + [2012] * 10 + [2013 + k for k in range(6)], dtype="Int64")
    papers = pd.DataFrame({"year": years}, index=pd.Index(ids, name="paperId"))
    m = citation_matrix(papers, pd.DataFrame(edges, columns=["citing", "cited"]))
    cited = np.asarray(m.ids == "T")
    support = sibling_support(m, cited, None, SIGNIFICANT_Z, np.zeros(m.n, dtype=int))
    to_t = {m.ids[i]: support[e] for e, i in enumerate(m.edge_rows) if m.ids[m.A.indices[e]] == "T"}
    # v2, v3: earlier variants among their references and later ones among their citers
    assert to_t == {"v0": 1.0, "v1": 1.0, "v2": 2.0, "v3": 2.0, "v4": 1.0, "v5": 1.0}


def test_without_abstracts_names_are_no_requirement():
    # a map of titles only (a topic subgraph): techniques are the head of R(p), as no name
    # test can be made on most papers
    papers, edges = lineage()
    papers = papers.drop(columns=["abstract"])
    t = analyze(papers, edges[["citing", "cited"]])
    assert t.at["T", "role"] == "technique", t.at["T", "reason"]
    assert "most cited for its age" in t.at["T", "reason"]


def test_the_survey_word_scan_keeps_every_title_the_pattern_matches():
    # survey_title scans all titles for the pattern's words before running the pattern: that
    # scan must never drop a match, whatever the case, folding or neighbouring titles
    titles = [
        "A Survey of Graph Networks", "ſurvey of Kernels", "GRAPH NETS: AN OVERVIEW",
        "Deep Nets", "A Review of Z", "State Of The Art methods", "the state of the art-ish",
        "Product reviews for recommendation", None, "İstanbul: a systematic review",
        "Lessons Learned", "critical", "review of", "", "primer",
    ]  # fmt: skip
    papers = pd.DataFrame({"title": titles}, index=[f"p{i}" for i in range(len(titles))])
    got = survey_title(papers, papers.index)
    want = [bool(SURVEY_TITLE.search(t)) if t else False for t in titles]
    assert got.tolist() == want
    assert sum(want) == 8


def test_name_mentions_agree_with_set_intersections_per_citation():
    # name_mentions matches by array joins over word ids; on a random map with shared names,
    # ties of first use and papers of unknown year it must give what one set intersection
    # per citation gives
    rng = np.random.default_rng(3)
    words = ["BERT", "GPT-3", "ResNet", "ViT", "WGAN-GP", "plain"]
    n = 60
    ids = [f"p{i}" for i in range(n)]
    year = rng.integers(2010, 2016, n).astype(float)
    year[[5, 17]] = np.nan

    def text() -> str:
        return " ".join(rng.choice(words, rng.integers(0, 3)))

    papers = pd.DataFrame(
        {"year": year, "title": [text() for _ in ids], "abstract": [text() for _ in ids]},
        index=pd.Index(ids, name="paperId"),
    )
    pairs = {(a, b) for a, b in rng.integers(0, n, (300, 2)).tolist() if a != b}
    edges = pd.DataFrame([(ids[a], ids[b]) for a, b in sorted(pairs)], columns=["citing", "cited"])
    m = citation_matrix(papers, edges)
    cited = rng.random(n) < 0.5
    said = name_mentions(m, papers, cited)
    t = np.nan_to_num(m.pub_time, nan=np.inf)
    abstracts = [name_tokens(v) for v in papers["abstract"].reindex(m.ids)]
    titles = [name_tokens(v) for v in papers["title"].reindex(m.ids)]
    first: dict[str, float] = {}
    for toks, ti in zip(abstracts, t, strict=True):
        for w in toks:
            first[w] = min(first.get(w, np.inf), ti)
    rows, cols = m.edge_rows, m.A.indices
    for e, (i, j) in enumerate(zip(rows, cols, strict=True)):
        names = {w for w in abstracts[j] if first.get(w, np.inf) >= t[j]} if cited[j] else set()
        assert said.in_abstract[e] == bool(names & abstracts[i])
        assert said.in_title[e] == bool(names & titles[i])
    assert said.in_abstract.any() and said.in_title.any()
