"""The clustering graph of ``topics.clusters``: each paper's ``ceil(ln n)`` strongest coupling ties
(after) against every cosine coupling tie >= 0.1 (before, rebuilt here), issue 19.

    python benchmarks/topics_graph.py

Per map: edges, Leiden CPU, clusters, NMI / ARI of the after partition against the before one
(beside before with Leiden seed 1 against seed 0: how far the old partition moves by chance),
and NMI / ARI against the planted sub-topics where there are some: held-out synthetic seeds
11/23/37 (2,000 papers), the 2,000-paper crawl of ``benchmarks/rank.py`` (planted topics of the
field it was crawled from), the real s2ag subgraph llama-links (4,595 papers, unlabelled: the
share of each clustered paper's 10 most similar titles, tf-idf cosine, in its own cluster) and
ml-arxiv-6k (real, unlabelled: the same share for titles + abstracts; its 6,545 papers
are over ``COUPLING_MAX_PAPERS``, so it clusters its citations alone before and after, a check
that the change stays within coupling).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mentalmap.analysis import topics
from mentalmap.analysis.matrix import CitationMatrix, citation_matrix
from mentalmap.graph import load_edges, load_papers
from mentalmap.synthetic import generate_field

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from store import crawled_store  # noqa: E402

from landmarks import ml_arxiv_frames, subgraph_frames  # noqa: E402

HELD_OUT = (11, 23, 37)


def before_graph(m: CitationMatrix) -> sp.csr_matrix:
    """The graph ``clusters`` used before: citations + 0.5 x every cosine coupling >= 0.1
    (up to ``COUPLING_MAX_PAPERS``; larger maps cluster their citations alone, then and now)."""
    sym = (m.A + m.AT).tocsr()
    sym.data[:] = 1.0
    if m.n > topics.COUPLING_MAX_PAPERS:
        return sym
    bc = (m.A @ m.AT).tocsr()
    bc = (bc - sp.diags(bc.diagonal())).tocsr()
    norm = np.sqrt(np.maximum(m.out_degree, 1).astype(float))
    bc = (sp.diags(1 / norm) @ bc @ sp.diags(1 / norm)).tocsr()
    bc.data[bc.data < 0.1] = 0.0
    bc.eliminate_zeros()
    return (sym + 0.5 * bc).tocsr()


def _table(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x, y = pd.factorize(a)[0], pd.factorize(b)[0]
    return sp.coo_matrix((np.ones(len(x)), (x, y))).toarray()


def nmi(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised mutual information, arithmetic mean of the entropies (sklearn's default)."""
    c = _table(a, b) / len(a)
    pa, pb = c.sum(1), c.sum(0)
    nz = c > 0
    mi = (c[nz] * np.log(c[nz] / np.outer(pa, pb)[nz])).sum()
    h = -(pa * np.log(pa)).sum() - (pb * np.log(pb)).sum()
    return float(2 * mi / h) if h else 1.0


def ari(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985)."""
    c = _table(a, b)
    pairs = lambda x: float((x * (x - 1) / 2).sum())  # noqa: E731
    s, sa, sb, total = pairs(c), pairs(c.sum(1)), pairs(c.sum(0)), pairs(np.array([len(a)]))
    expected = sa * sb / total
    return (s - expected) / (0.5 * (sa + sb) - expected)


def text_agreement(texts: list[str], cluster: np.ndarray, k: int = 10) -> float:
    """Share of each clustered paper's ``k`` nearest texts (tf-idf cosine) in its own cluster."""
    docs = [re.findall(r"[a-z]{3,}", t.lower()) for t in texts]
    vocab: dict[str, int] = {}
    rows = [i for i, d in enumerate(docs) for _ in d]
    cols = [vocab.setdefault(w, len(vocab)) for d in docs for w in d]
    x = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocab)))
    x.sum_duplicates()
    x.data = np.log1p(x.data)
    x = x @ sp.diags(np.log(len(docs) / np.maximum(np.bincount(x.indices), 1)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(1)).ravel())
    x = sp.diags(1 / np.maximum(norms, 1e-12)) @ x
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, -1)
    near = np.argsort(-sim, axis=1)[:, :k]
    clustered = cluster >= 0
    return float((cluster[near] == cluster[:, None])[clustered].mean())


def partition(graph: sp.csr_matrix, n: int, seed: int = 0) -> tuple[np.ndarray, float]:
    """Leiden as ``clusters`` runs it, small clusters -1 as it sets them; and its CPU seconds."""
    t0 = time.process_time()
    part = np.asarray(topics._leiden(graph, 1.0, seed))
    spent = time.process_time() - t0
    sizes = np.bincount(part)
    return np.where(sizes[part] >= max(3, n // 200), part, -1), spent


def compare(
    name: str, m: CitationMatrix, truth: np.ndarray | None, texts: list[str] | None
) -> None:
    old_graph, new_graph = before_graph(m), topics._graph(m, coupling=True)
    old, old_s = partition(old_graph, m.n)
    new, new_s = partition(new_graph, m.n)
    old1, _ = partition(old_graph, m.n, seed=1)
    print(f"{name}: {m.n:,} papers")
    for label, g, part, s in (("before", old_graph, old, old_s), ("after", new_graph, new, new_s)):
        k = len(set(part) - {-1})
        line = (f"  {label:<6} {sp.triu(g, 1).nnz:>7,} edges  Leiden {s:5.2f} CPU-s  "
                f"{k:>3} clusters ({(part < 0).sum()} papers in -1)")  # fmt: skip
        if truth is not None:
            line += f"  planted NMI {nmi(truth, part):.3f} ARI {ari(truth, part):.3f}"
        if texts is not None:
            line += f"  10 nearest texts in own cluster {text_agreement(texts, part):.3f}"
        print(line)
    print(f"  after vs before NMI {nmi(old, new):.3f} ARI {ari(old, new):.3f}; before, Leiden "
          f"seed 1 vs 0: NMI {nmi(old, old1):.3f} ARI {ari(old, old1):.3f}")  # fmt: skip


def main() -> None:
    for seed in HELD_OUT:
        field = generate_field(2000, seed=seed)
        m = citation_matrix(field.papers_frame(), field.edges_frame())
        compare(f"synthetic seed {seed}", m, field.truth["topic"].reindex(m.ids).to_numpy(), None)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.sqlite"
        crawled_store(2000, db)  # crawled from generate_field(10_000, seed=0)
        m = citation_matrix(load_papers(db), load_edges(db))
    truth = generate_field(10_000, seed=0).truth["topic"].reindex(m.ids).to_numpy()
    compare("crawl of benchmarks/rank.py", m, truth, None)
    shared = ROOT.parent / "shared" / "data"
    papers, edges = subgraph_frames(shared / "s2ag-topic-subgraphs" / "llama-links.json")
    m = citation_matrix(papers, edges)
    compare(
        "s2ag llama-links (titles only)",
        m,
        None,
        papers["title"].fillna("").reindex(m.ids).tolist(),
    )
    papers, edges = ml_arxiv_frames(shared / "ml-arxiv-6k")
    m = citation_matrix(papers, edges)
    texts = (papers["title"].fillna("") + " " + papers["abstract"].fillna("")).reindex(m.ids)
    compare("ml-arxiv-6k", m, None, texts.tolist())


if __name__ == "__main__":
    main()
