"""The `Field`: a generated field as arrays, with the frames, S2 records and file form others use.

Everything is held as numpy arrays in publication order (row i of `papers_frame` is paper i), so a
million-paper field stays a few hundred MB; per-paper Python objects (dicts, lists, abstracts) are
only built when a frame or S2 records are asked for.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mentalmap.errors import SyntheticError
from mentalmap.fake_s2.corpus import Corpus
from mentalmap.frames import publication_dates as date_column
from mentalmap.synthetic import text
from mentalmap.synthetic.identifiers import (
    arxiv_ids,
    author_records,
    external_ids,
    pdf_urls,
    publication_dates,
)
from mentalmap.synthetic.roles import INTENTS, ROLES

FORMAT_VERSION = 1
_PUB_TYPES: tuple[tuple[str, ...] | None, ...] = (
    None,
    ("Conference",),
    ("JournalArticle",),
    ("Review", "JournalArticle"),
)
ARRAY_NAMES = (
    "time", "topic", "role", "parent", "fitness", "citing", "cited", "intent", "influential",
    "reference_count", "citation_count", "influential_count", "unmatched", "corpus_id",
    "pub_type", "venue", "arxiv", "doi", "open_access", "author_ptr", "author_ids",
    "task_pick", "method_pick",
)  # fmt: skip
_TEXTS = ("titles", "names", "code_url", "dataset", "abstracts", "tldrs")


class Field:
    """A synthetic research field: papers, citations and the planted ground truth.

    Build one with `mentalmap.synthetic.generate_field` or `Field.load`. Arrays are read-only;
    the frames and records are new objects on every call.
    """

    def __init__(
        self,
        meta: dict[str, Any],
        arrays: dict[str, np.ndarray],
        texts: dict[str, list[Any]],
    ) -> None:
        missing = [k for k in ARRAY_NAMES if k not in arrays] + [
            k for k in ("titles", "names", "code_url", "dataset") if k not in texts
        ]
        if missing:
            raise SyntheticError(f"field is missing {', '.join(missing)}")
        self.meta = dict(meta)
        self._a = {k: np.asarray(arrays[k]) for k in ARRAY_NAMES}
        for a in self._a.values():
            a.flags.writeable = False
        self._t = dict(texts)
        self._ids: np.ndarray | None = None

    # --- basic facts -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._a["time"])

    def __repr__(self) -> str:
        return (
            f"Field(n_papers={len(self)}, n_edges={self.n_edges}, seed={self.meta['seed']}, "
            f"years={self.meta['start_year']}-{self.meta['end_year']}, topics={len(self.topics)})"
        )

    @property
    def n_edges(self) -> int:
        """Number of in-field citations."""
        return len(self._a["citing"])

    @property
    def topics(self) -> list[str]:
        """Names of the sub-topics; ``truth.topic`` indexes this list."""
        return list(self.meta["topics"])

    @property
    def paper_ids(self) -> np.ndarray:
        """40-hex ``paperId`` of every paper (a sha1 of seed, size and row), in row order."""
        if self._ids is None:
            prefix = f"mentalmap-synthetic/{self.meta['seed']}/{len(self)}/"
            self._ids = np.array(
                [hashlib.sha1(f"{prefix}{i}".encode()).hexdigest() for i in range(len(self))],
                dtype=object,
            )
        return self._ids

    @property
    def years(self) -> np.ndarray:
        """Publication year of every paper."""
        return np.floor(self._a["time"]).astype(np.int64)

    def edge_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(citing, cited)`` row indices into `papers_frame` order; cheap, for sparse matrices."""
        return self._a["citing"], self._a["cited"]

    def citation_details(self) -> dict[str, np.ndarray]:
        """Per-edge ``influential`` and ``intent`` codes (into `INTENTS`) and per-paper
        ``unmatched`` reference counts, read-only: what a streaming writer needs beyond
        `edge_arrays` (the bulk release writes millions of edges without building dicts)."""
        return {k: self._a[k] for k in ("influential", "intent", "unmatched")}

    # --- frames ------------------------------------------------------------------------------
    def papers_frame(self, text: bool = True) -> pd.DataFrame:
        """Papers with the index, columns and dtypes of `graph.load_papers` (docs/api.md).

        ``text=False`` leaves out ``abstract``, ``authors`` and ``tldr``, the columns that cost
        most for a million papers.
        """
        a = self._a
        n = len(self)
        ids = self.paper_ids
        cols: dict[str, Any] = {
            "corpusId": pd.array(a["corpus_id"], dtype="Int64"),
            "title": self._t["titles"],
        }
        if text:
            cols["abstract"] = pd.Series(self._abstracts()[0], index=ids, dtype=object)
        cols["year"] = pd.array(self.years, dtype="Int64")
        cols["publicationDate"] = date_column(pd.Series(publication_dates(a["time"]), index=ids))
        venues = np.array(self.meta["venues"], dtype=object)
        cols["venue"] = venues[a["venue"]]
        cols["publicationTypes"] = [list(_PUB_TYPES[c] or ()) for c in a["pub_type"].tolist()]
        if text:
            cols["authors"] = author_records(a["author_ptr"], a["author_ids"])
        counts = {"citationCount": "citation_count", "referenceCount": "reference_count",
                  "influentialCitationCount": "influential_count"}  # fmt: skip
        for name, key in counts.items():
            cols[name] = pd.array(a[key], dtype="Int64")
        cols["fieldsOfStudy"] = [["Computer Science"] for _ in range(n)]
        arxiv = arxiv_ids(a["time"], a["corpus_id"], a["arxiv"])
        pdfs = pdf_urls(arxiv, a["open_access"])
        cols["openAccessPdf"] = pd.Series(pdfs, index=ids, dtype=object)
        if text:
            cols["tldr"] = pd.Series(self._abstracts()[1], index=ids, dtype=object)
        cols["externalIds"] = external_ids(a["corpus_id"], a["doi"], arxiv)
        cols["url"] = ["https://www.semanticscholar.org/paper/" + p for p in ids]
        cols["depth"] = np.zeros(n, dtype=np.int64)
        cols["isSeed"] = np.zeros(n, dtype=bool)
        cols["referencesCrawled"] = np.ones(n, dtype=bool)
        cols["citationsCrawled"] = np.ones(n, dtype=bool)
        return pd.DataFrame(cols, index=pd.Index(ids, name="paperId"))

    def edges_frame(self) -> pd.DataFrame:
        """Citations inside the field: ``citing, cited, isInfluential, intents, contexts``."""
        ids = self.paper_ids
        return pd.DataFrame(
            {
                "citing": ids[self._a["citing"]],
                "cited": ids[self._a["cited"]],
                "isInfluential": self._a["influential"].astype(object),  # as S2: bool or None
                "intents": [list(INTENTS[c]) for c in self._a["intent"].tolist()],
                "contexts": [None] * self.n_edges,
            }
        )

    @property
    def truth(self) -> pd.DataFrame:
        """Planted ground truth, indexed by ``paperId``.

        Columns: ``role``, ``parent`` (a tweak's technique, else NA), ``topic``, ``topic_name``,
        ``has_code``, ``code_url`` (or ""), ``dataset`` (released dataset name or ""),
        ``fitness`` (the model's η, the paper's intrinsic appeal).
        """
        a = self._a
        ids = self.paper_ids
        parent = a["parent"]
        par = pd.array(np.where(parent >= 0, ids[np.maximum(parent, 0)], None), dtype="string")
        code = self._t["code_url"]
        frame = pd.DataFrame(
            {
                "role": np.array(ROLES, dtype=object)[a["role"]],
                "parent": par,
                "topic": a["topic"].astype(np.int64),
                "topic_name": np.array(self.topics, dtype=object)[a["topic"]],
                "has_code": np.array([bool(c) for c in code], dtype=bool),
                "code_url": code,
                "dataset": self._t["dataset"],
                "fitness": a["fitness"].astype(np.float64),
            },
            index=pd.Index(ids, name="paperId"),
        )
        return frame

    # --- Semantic Scholar records ------------------------------------------------------------
    def to_s2_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """``(papers, citations)`` in Graph API shapes, as `fake_s2.Corpus` takes them.

        Citations include ~3% unmatched references (``cited`` None, with ``unmatched`` title,
        year and venue), as S2 gives for references it could not resolve to a paper.
        """
        df = self.papers_frame(text=True)
        papers = []
        for row in df.itertuples(index=True):
            pdf = row.openAccessPdf
            papers.append(
                {
                    "paperId": row.Index,
                    "corpusId": int(row.corpusId),
                    "externalIds": row.externalIds,
                    "url": row.url,
                    "title": row.title,
                    "abstract": row.abstract,
                    "venue": row.venue,
                    "year": int(row.year),
                    "publicationDate": row.publicationDate.strftime("%Y-%m-%d"),
                    "publicationTypes": row.publicationTypes or None,  # S2 sends null
                    "authors": row.authors,
                    "citationCount": int(row.citationCount),
                    "referenceCount": int(row.referenceCount),
                    "influentialCitationCount": int(row.influentialCitationCount),
                    "fieldsOfStudy": row.fieldsOfStudy,
                    "openAccessPdf": None if pdf is None else {"url": pdf, "status": "GREEN"},
                    "tldr": None
                    if row.tldr is None
                    else {"model": "tldr@v2.0.0", "text": row.tldr},
                }
            )
        ids = self.paper_ids
        citations = [
            {
                "citing": ids[i],
                "cited": ids[j],
                "isInfluential": bool(f),
                "intents": list(INTENTS[c]),
                "contexts": [],
            }
            for i, j, f, c in zip(
                self._a["citing"].tolist(),
                self._a["cited"].tolist(),
                self._a["influential"].tolist(),
                self._a["intent"].tolist(),
                strict=True,
            )
        ]
        years = self.years
        topic = self._a["topic"]
        for i in np.flatnonzero(self._a["unmatched"]).tolist():
            for j in range(int(self._a["unmatched"][i])):
                citations.append(
                    {
                        "citing": ids[i],
                        "cited": None,
                        "isInfluential": False,
                        "intents": [],
                        "contexts": [],
                        "unmatched": {
                            "title": text.unmatched_title(int(topic[i]), i + j),
                            "year": int(years[i]) - 1 - (i + j) % 6,
                            "venue": None,
                        },
                    }
                )
        return papers, citations

    def to_corpus(self) -> Corpus:
        """This field as an in-memory `mentalmap.fake_s2.Corpus` (for crawls without network)."""
        papers, citations = self.to_s2_records()
        return Corpus(papers, citations)

    # --- files -------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the field to one compressed ``.npz`` (arrays + a UTF-8 JSON of the text).

        Abstracts are materialised and stored, so a load gives back exactly this field even if
        the text templates change later. Returns the path written (``.npz`` is appended).
        """
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        abstracts, tldrs = self._abstracts()
        blob = {**{k: self._t[k] for k in _TEXTS[:4]}, "abstracts": abstracts, "tldrs": tldrs}
        doc = json.dumps({"meta": self.meta, "texts": blob}, ensure_ascii=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {"json": np.frombuffer(doc.encode("utf-8"), dtype=np.uint8)}
        np.savez_compressed(path, **{**arrays, **self._a})
        return path

    @classmethod
    def load(cls, path: str | Path) -> Field:
        """Read a field written by `save`."""
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                doc = json.loads(z["json"].tobytes().decode("utf-8"))
                arrays = {k: z[k] for k in ARRAY_NAMES}
        except (OSError, KeyError, ValueError) as exc:
            raise SyntheticError(f"cannot read a synthetic field from {path}: {exc}") from exc
        if doc["meta"].get("format") != FORMAT_VERSION:
            raise SyntheticError(f"{path} has field format {doc['meta'].get('format')!r}")
        return cls(doc["meta"], arrays, doc["texts"])

    # --- helpers -----------------------------------------------------------------------------
    def _abstracts(self) -> tuple[list[str | None], list[str | None]]:
        if "abstracts" not in self._t:
            rng = np.random.default_rng(self.meta["text_seed"])
            a = self._a
            self._t["abstracts"], self._t["tldrs"] = text.make_abstracts(
                a["role"], a["topic"], self.years, self._t["names"], a["parent"],
                self._t["code_url"], self._t["dataset"], a["reference_count"],
                a["task_pick"], a["method_pick"], rng,
                patterned=self.meta.get("titles", "patterned") == "patterned",
            )  # fmt: skip
        return self._t["abstracts"], self._t["tldrs"]
