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
from mentalmap.synthetic import text
from mentalmap.synthetic.roles import INTENTS, ROLES, SURVEY, TECHNIQUE, TWEAK

FORMAT_VERSION = 1
_PUB_TYPES: tuple[tuple[str, ...] | None, ...] = (
    None,
    ("Conference",),
    ("JournalArticle",),
    ("Review", "JournalArticle"),
)
_ARRAYS = (
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
        missing = [k for k in _ARRAYS if k not in arrays] + [
            k for k in ("titles", "names", "code_url", "dataset") if k not in texts
        ]
        if missing:
            raise SyntheticError(f"field is missing {', '.join(missing)}")
        self.meta = dict(meta)
        self._a = {k: np.asarray(arrays[k]) for k in _ARRAYS}
        for a in self._a.values():
            a.flags.writeable = False
        self._t = dict(texts)
        self._ids: np.ndarray | None = None

    # --- construction ------------------------------------------------------------------------
    @classmethod
    def _from_generator(
        cls, *, params: Any, rng: np.random.Generator, title_style: str, **g: Any
    ) -> Field:
        """Add what the growth model does not decide: metadata, authors, titles, links.

        ``title_style`` (see `generate_field`): only ``patterned`` writes role cues into the
        titles, venues, publication types and repository names; the others give every role
        the same odds of each, so the roles must be read from the citation structure.
        """
        n = len(g["time"])
        patterned = title_style == "patterned"
        role, topic, parent = g["role"], g["topic"], g["parent"]
        k_topics = len(g["topics"])
        venues = list(dict.fromkeys(
            text.GENERAL_VENUES + text.SURVEY_VENUES
            + tuple(v for t in text.TOPICS[:k_topics] for v in t.venues)
        ))  # fmt: skip
        vidx = {v: i for i, v in enumerate(venues)}
        topic_venues = np.array([[vidx[v] for v in t.venues] for t in text.TOPICS[:k_topics]])
        general = np.array([vidx[v] for v in text.GENERAL_VENUES])
        survey_v = np.array([vidx[v] for v in text.SURVEY_VENUES])
        u = rng.random(n)
        venue = np.where(
            u < 0.5,
            topic_venues[topic, rng.integers(0, topic_venues.shape[1], n)],
            general[rng.integers(0, len(general), n)],
        )
        is_survey = role == SURVEY
        if patterned:
            venue[is_survey] = survey_v[rng.integers(0, len(survey_v), is_survey.sum())]
            pub_type = rng.choice(4, n, p=[0.08, 0.55, 0.365, 0.005]).astype(np.int8)
            pub_type[is_survey] = 3
        else:
            # as in S2: half the surveys in a survey venue, Review on most surveys and on some
            # other papers (S2 over-uses it)
            in_sv = is_survey & (rng.random(n) < 0.5)
            venue[in_sv] = survey_v[rng.integers(0, len(survey_v), in_sv.sum())]
            pub_type = rng.choice(4, n, p=[0.08, 0.52, 0.35, 0.05]).astype(np.int8)
            pub_type[is_survey & (rng.random(n) < 0.7)] = 3
        arxiv = (rng.random(n) < 0.5) & (g["time"] >= 1991.7)
        doi = rng.random(n) < 0.6
        open_access = arxiv & (rng.random(n) < 0.85)
        corpus_id = 200_000_000 + rng.permutation(n).astype(np.int64) * 7 + rng.integers(0, 7)
        ptr, ids = _authors(topic, k_topics, rng)

        names = [""] * n
        tech = np.flatnonzero(role == TECHNIQUE)
        for i, name in zip(tech.tolist(), text.technique_names(topic[tech], rng), strict=True):
            names[i] = name
        lineage = (role == TECHNIQUE) | (role == TWEAK)
        share = np.where(lineage, params.code_share_lineage, params.code_share_other)
        has_code = rng.random(n) < share
        code_url = [""] * n
        coded = np.flatnonzero(has_code)
        repo = [
            names[i] if role[i] == TECHNIQUE
            else f"{names[parent[i]]}-{('plus', 'v2', 'ext', 'lab')[i % 4]}"
            if role[i] == TWEAK and patterned
            else f"{text.TOPICS[topic[i]].stems[0]}-{i}"
            for i in coded.tolist()
        ]  # fmt: skip
        for i, url in zip(coded.tolist(), text.code_urls(repo, rng), strict=True):
            code_url[i] = url
        dataset = [""] * n
        has_data = np.flatnonzero(rng.random(n) < params.dataset_share)
        for i, d in zip(has_data.tolist(), text.dataset_names(topic[has_data], rng), strict=True):
            dataset[i] = d
        task_pick = rng.integers(0, 1 << 30, n).astype(np.int32)
        method_pick = rng.integers(0, 1 << 30, n).astype(np.int32)
        if patterned:
            titles = text.make_titles(role, topic, names, parent, task_pick, method_pick, rng)
        elif title_style == "random":
            titles = text.make_titles(role, topic, names, parent, task_pick, method_pick, rng)
            titles = [titles[i] for i in rng.permutation(n).tolist()]
        else:
            titles = text.neutral_titles(topic, names, task_pick, method_pick, rng)
        meta = {
            "format": FORMAT_VERSION,
            "seed": int(g["seed"]),
            "start_year": int(g["start_year"]),
            "end_year": int(g["end_year"]),
            "topics": list(g["topics"]),
            "venues": venues,
            "text_seed": int(rng.integers(0, 2**63 - 1)),
            "titles": title_style,
        }
        arrays = {k: g[k] for k in _ARRAYS if k in g}
        arrays.update(
            pub_type=pub_type, venue=venue.astype(np.int16), arxiv=arxiv, doi=doi,
            open_access=open_access, corpus_id=corpus_id, author_ptr=ptr, author_ids=ids,
            task_pick=task_pick, method_pick=method_pick,
        )  # fmt: skip
        texts = {"titles": titles, "names": names, "code_url": code_url, "dataset": dataset}
        return cls(meta, arrays, texts)

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
        """Papers with the columns of `graph.load_papers` (docs/architecture.md).

        ``text=False`` leaves out ``abstract``, ``authors`` and ``tldr``, the columns that cost
        most for a million papers.
        """
        a = self._a
        n = len(self)
        ids = self.paper_ids
        cols: dict[str, Any] = {
            "paperId": ids,
            "corpusId": a["corpus_id"],
            "title": self._t["titles"],
        }
        if text:
            cols["abstract"] = pd.Series(self._abstracts()[0], dtype=object)
        cols["year"] = pd.array(self.years, dtype="Int64")
        cols["publicationDate"] = self._dates()
        venues = np.array(self.meta["venues"], dtype=object)
        cols["venue"] = venues[a["venue"]]
        cols["publicationTypes"] = [
            None if _PUB_TYPES[c] is None else list(_PUB_TYPES[c]) for c in a["pub_type"].tolist()
        ]
        if text:
            cols["authors"] = self._author_lists()
        cols["citationCount"] = a["citation_count"].astype(np.int64)
        cols["referenceCount"] = a["reference_count"].astype(np.int64)
        cols["influentialCitationCount"] = a["influential_count"].astype(np.int64)
        cols["fieldsOfStudy"] = [["Computer Science"] for _ in range(n)]
        cols["openAccessPdf"] = pd.Series(self._pdf_urls(), dtype=object)
        if text:
            cols["tldr"] = pd.Series(self._abstracts()[1], dtype=object)
        cols["externalIds"] = self._external_ids()
        cols["url"] = ["https://www.semanticscholar.org/paper/" + p for p in ids]
        cols["depth"] = np.zeros(n, dtype=np.int64)
        cols["isSeed"] = np.zeros(n, dtype=bool)
        cols["referencesCrawled"] = np.ones(n, dtype=bool)
        cols["citationsCrawled"] = np.ones(n, dtype=bool)
        return pd.DataFrame(cols)

    def edges_frame(self) -> pd.DataFrame:
        """Citations inside the field: ``citing, cited, isInfluential, intents, contexts``."""
        ids = self.paper_ids
        return pd.DataFrame(
            {
                "citing": ids[self._a["citing"]],
                "cited": ids[self._a["cited"]],
                "isInfluential": self._a["influential"].copy(),
                "intents": [list(INTENTS[c]) for c in self._a["intent"].tolist()],
                "contexts": [None] * self.n_edges,
            }
        )

    @property
    def truth(self) -> pd.DataFrame:
        """Planted ground truth, indexed by ``paperId``.

        Columns: ``role``, ``parent`` (a tweak's technique, else ""), ``topic``, ``topic_name``,
        ``has_code``, ``code_url`` (or ""), ``dataset`` (released dataset name or ""),
        ``fitness`` (the model's η, the paper's intrinsic appeal).
        """
        a = self._a
        ids = self.paper_ids
        parent = a["parent"]
        par = np.where(parent >= 0, ids[np.maximum(parent, 0)], "")
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
        for row in df.itertuples(index=False):
            pdf = row.openAccessPdf
            papers.append(
                {
                    "paperId": row.paperId,
                    "corpusId": int(row.corpusId),
                    "externalIds": row.externalIds,
                    "url": row.url,
                    "title": row.title,
                    "abstract": row.abstract,
                    "venue": row.venue,
                    "year": int(row.year),
                    "publicationDate": row.publicationDate,
                    "publicationTypes": row.publicationTypes,
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
                arrays = {k: z[k] for k in _ARRAYS}
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

    def _dates(self) -> np.ndarray:
        t = self._a["time"]
        year = np.floor(t).astype(np.int64)
        jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
        days_in_year = 365 + ((year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0)))
        day = np.minimum(np.floor((t - year) * days_in_year), days_in_year - 1).astype(np.int64)
        return np.datetime_as_string(jan1 + day.astype("timedelta64[D]")).astype(object)

    def _arxiv_ids(self) -> np.ndarray:
        """``YYMM.NNNNN`` from the publication date (``YYMM.NNNN`` before 2015, as arXiv did)."""
        t = self._a["time"]
        year = np.floor(t).astype(np.int64)
        month = np.minimum(np.floor((t - year) * 12).astype(np.int64), 11) + 1
        ym = year * 100 + month
        first = np.searchsorted(ym, ym)  # rows are in date order, so a month is one block
        num = np.arange(len(t)) - first + 1 + (self._a["corpus_id"] % 50)
        out = np.empty(len(t), dtype=object)
        for i in np.flatnonzero(self._a["arxiv"]).tolist():
            y, m, k = int(year[i]), int(month[i]), int(num[i])
            out[i] = (
                f"{y % 100:02d}{m:02d}.{k % 100000:05d}"
                if y >= 2015
                else (f"{y % 100:02d}{m:02d}.{k % 10000:04d}")
            )
        return out

    def _external_ids(self) -> list[dict[str, Any]]:
        arx = self._arxiv_ids()
        out = []
        for i, (cid, doi) in enumerate(
            zip(self._a["corpus_id"].tolist(), self._a["doi"].tolist(), strict=True)
        ):
            ext: dict[str, Any] = {"CorpusId": cid}
            if arx[i] is not None:
                ext["ArXiv"] = arx[i]
            if doi:
                ext["DOI"] = f"10.5555/mentalmap.{cid}"
            out.append(ext)
        return out

    def _pdf_urls(self) -> list[str | None]:
        arx = self._arxiv_ids()
        return [
            f"https://arxiv.org/pdf/{arx[i]}" if oa else None
            for i, oa in enumerate(self._a["open_access"].tolist())
        ]

    def _author_lists(self) -> list[list[dict[str, str]]]:
        ptr = self._a["author_ptr"].tolist()
        ids = self._a["author_ids"].tolist()
        return [
            [{"authorId": str(3_000_000 + x), "name": text.author_name(x)} for x in ids[s:e]]
            for s, e in zip(ptr[:-1], ptr[1:], strict=True)
        ]


def _authors(
    topic: np.ndarray, k_topics: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Author lists as CSR (``ptr``, ``ids``): 1-12 distinct authors from the topic's own pool,
    with a few prolific authors (index ∝ u², so low indices recur)."""
    n = len(topic)
    per_topic = np.bincount(topic, minlength=k_topics)
    pool = np.maximum(10, (0.8 * per_topic).astype(np.int64))
    offset = np.r_[0, np.cumsum(pool)[:-1]]
    n_auth = 1 + np.minimum(rng.poisson(3.0, n), 11)
    owner = np.repeat(np.arange(n), n_auth)
    local = np.floor(pool[topic[owner]] * rng.random(len(owner)) ** 2).astype(np.int64)
    ids = offset[topic[owner]] + local
    key = np.unique(owner.astype(np.int64) << 32 | ids)  # drop repeats within a paper
    owner, ids = key >> 32, key & 0xFFFFFFFF
    ptr = np.r_[0, np.cumsum(np.bincount(owner, minlength=n))]
    return ptr.astype(np.int64), ids.astype(np.int32)
