"""Build the self-contained HTML map: one file, every script inlined, the data as inert JSON.

The page is our own template driving vis-network directly (the bundle is read from the installed
pyvis package at render time); see docs/decisions.md for why pyvis's ``Network`` is not used.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from mentalmap.analysis.matrix import as_matrix
from mentalmap.analysis.roles import ROLES
from mentalmap.analysis.similar import most_similar
from mentalmap.errors import RenderError
from mentalmap.outputs import write_text_atomic
from mentalmap.reading_log import PASSES
from mentalmap.render.layout import compute_layout

#: Papers whose data is embedded (the page shows ``top`` of them and adds more on request).
MAX_EMBEDDED = 5000
#: Similar papers a clicked paper's panel lists (Connected Papers shows a handful, too).
SIMILAR_SHOWN = 5
#: Abstracts are cut here to keep 5,000 papers under a few megabytes.
ABSTRACT_CHARS = 600
MAX_AUTHORS = 12
#: A reading-log note is shown whole in the side panel, up to this length.
NOTE_CHARS = 2000
#: Colour-blind-friendly qualitative palette (Okabe-Ito, then Tableau), one colour per sub-topic.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#6A3D9A",
    "#8C564B",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
    "#B15928",
)
_ASSETS = Path(__file__).with_name("assets")
_VIS_DIR = ("lib", "vis-9.1.2")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_HTTP_RE = re.compile(r"^https?://", re.IGNORECASE)


def embed_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``</script>``, no
    ``<!--``, no line separators a JavaScript parser would choke on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def read_vis_bundle() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package (never copied into our repo)."""
    try:
        base = resources.files("pyvis").joinpath("/".join(_VIS_DIR))
        js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise RenderError(f"cannot read the vis-network bundle from pyvis: {exc}") from exc
    # The bundle is inlined in a <script>; a literal "</script" would end it early.
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _clean(value: Any) -> Any:
    """None for every flavour of missing (None, NaN, NA, empty string)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _text(value: Any, limit: int | None = None) -> str | None:
    value = _clean(value)
    if value is None:
        return None
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _int(value: Any) -> int | None:
    value = _clean(value)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _url(value: Any) -> str | None:
    """Only http(s) links survive: a ``javascript:`` URL in the data must never become a link."""
    value = _clean(value)
    if isinstance(value, dict):
        value = value.get("url")
    if isinstance(value, str) and _HTTP_RE.match(value.strip()):
        return value.strip()
    return None


def _authors(value: Any) -> str | None:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes, dict)):
        return _text(value)
    names = []
    for author in value:
        name = author.get("name") if isinstance(author, dict) else author
        name = _text(name)
        if name:
            names.append(name)
    if not names:
        return None
    shown = ", ".join(names[:MAX_AUTHORS])
    return shown + (" et al." if len(names) > MAX_AUTHORS else "")


def _external(value: Any, key: str) -> str | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict):
        for k, v in value.items():
            if k.lower() == key.lower():
                return _text(v)
    return None


def _bool(value: Any) -> bool:
    value = _clean(value)
    return bool(value) if value is not None else False


def _prepare_table(
    papers: pd.DataFrame, edges: pd.DataFrame, table: pd.DataFrame | None
) -> pd.DataFrame:
    """The analysis table for every paper, with the fallback the contract promises when absent."""
    ids = pd.Index(papers["paperId"].astype(str), name="paperId")
    in_map = edges["cited"].astype(str).value_counts().reindex(ids, fill_value=0)
    if table is None:
        top = max(int(in_map.max()) if len(in_map) else 0, 1)
        return pd.DataFrame(
            {
                "role": "other",
                "confidence": None,
                "reason": "",
                "parent": "",
                "cluster": 0,
                "cluster_label": "all papers",
                "importance": np.log1p(in_map.to_numpy()) / math.log1p(top),
                "in_map_citations": in_map.to_numpy(),
            },
            index=ids,
        )
    table = table.copy()
    if "paperId" in table.columns:
        table = table.set_index("paperId")
    table.index = table.index.astype(str)
    table = table[~table.index.duplicated()].reindex(ids)
    out = pd.DataFrame(index=ids)
    out["role"] = table.get("role", pd.Series(index=ids, dtype=object)).where(
        lambda s: s.isin(ROLES), "other"
    )
    out["confidence"] = table.get("confidence")
    out["reason"] = table.get("reason")
    out["parent"] = table.get("parent")
    clusters = pd.to_numeric(table.get("cluster", pd.Series(index=ids)), errors="coerce")
    out["cluster"] = clusters.fillna(-1).astype(int)
    labels = table.get("cluster_label", pd.Series(index=ids, dtype=object))
    out["cluster_label"] = labels
    imp = pd.to_numeric(table.get("importance", pd.Series(index=ids)), errors="coerce")
    out["importance"] = imp.fillna(0.0).clip(0.0, 1.0)
    if "in_map_citations" in table.columns:
        out["in_map_citations"] = pd.to_numeric(table["in_map_citations"], errors="coerce")
        out["in_map_citations"] = out["in_map_citations"].fillna(in_map).astype(int)
    else:
        out["in_map_citations"] = in_map
    for extra in ("has_code", "code_url"):
        if extra in table.columns:
            out[extra] = table[extra]
    return out


def _select(papers: pd.DataFrame, info: pd.DataFrame, keep: set[str], limit: int) -> list[int]:
    """Row positions of the papers to embed, most important first, ``keep`` always included."""
    if "citationCount" in papers.columns:
        cites = pd.to_numeric(papers["citationCount"], errors="coerce").fillna(0).to_numpy()
    else:
        cites = np.zeros(len(papers))
    rank = pd.DataFrame(
        {
            "pos": np.arange(len(papers)),
            "imp": info["importance"].to_numpy(),
            "cites": cites,
            "id": info.index.to_numpy(),
            "keep": info.index.isin(list(keep)),
        }
    ).sort_values(["imp", "cites", "id"], ascending=[False, False, True])
    chosen = rank.head(limit)
    extra = rank[rank["keep"] & ~rank["pos"].isin(chosen["pos"])]
    return pd.concat([chosen, extra])["pos"].tolist()


def _cluster_labels(info: pd.DataFrame) -> dict[int, str]:
    labels: dict[int, str] = {}
    for cluster, group in info.groupby("cluster"):
        named = [s for s in group["cluster_label"].tolist() if _text(s)]
        fallback = "unclustered" if cluster < 0 else f"topic {cluster}"
        labels[int(cluster)] = (_text(named[0], 60) if named else None) or fallback
    return labels


def _reading_rows(reading: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The reading list in order, as plain values (``n`` is its number on the map's badges)."""
    if reading is None or not len(reading) or "paperId" not in reading.columns:
        return []
    ordered = reading.sort_values("order") if "order" in reading.columns else reading
    rows = []
    for n, row in enumerate(ordered.to_dict("records"), start=1):
        rows.append(
            {
                "id": str(row["paperId"]),
                "n": _int(row.get("order")) or n,
                "section": _text(row.get("section"), 80),
                "why": _text(row.get("why"), 300),
                "passes": _text(row.get("passes"), 200),
                "code": _url(row.get("code_url")),
            }
        )
    return rows


def _log_rows(log: pd.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """The reading log per paperId: its entries shallowest pass first (unknown passes dropped).

    ``log`` is :func:`mentalmap.reading_log.read_log`'s frame (``paperId, pass, note, readAt``).
    """
    if log is None or not len(log) or not {"paperId", "pass"} <= set(log.columns):
        return {}
    by_paper: dict[str, dict[str, dict[str, Any]]] = {}
    for row in log.to_dict("records"):
        pid, pass_ = _text(row.get("paperId")), _text(row.get("pass"))
        if pid is None or pass_ not in PASSES:
            continue
        read_at = _text(row.get("readAt"))
        entry = {"pass": pass_, "note": _text(row.get("note"), NOTE_CHARS)}
        entry["at"] = read_at[:10] if read_at else None
        by_paper.setdefault(pid, {})[pass_] = {k: v for k, v in entry.items() if v is not None}
    return {pid: [entries[p] for p in PASSES if p in entries] for pid, entries in by_paper.items()}


def _paper_record(p: dict[str, Any], t: dict[str, Any], extra_code: str | None) -> dict[str, Any]:
    """One paper's compact record (keys documented at the top of ``assets/map.js``)."""
    ext = p.get("externalIds")
    code = _url(t.get("code_url")) or extra_code
    confidence = _clean(t.get("confidence"))
    rec = {
        "i": p["paperId"],
        "t": _text(p.get("title"), 400) or p["paperId"],
        "y": _int(p.get("year")),
        "v": _text(p.get("venue"), 120),
        "a": _authors(p.get("authors")),
        "c": _int(p.get("citationCount")),
        "rc": _int(p.get("referenceCount")),
        "ic": _int(p.get("influentialCitationCount")),
        "m": _int(t.get("in_map_citations")) or 0,
        "r": ROLES.index(t["role"]) if t["role"] in ROLES else ROLES.index("other"),
        "why": _text(t.get("reason"), 300),
        "cf": round(float(confidence), 2) if confidence is not None else None,
        "im": round(float(t["importance"]), 4),
        "ab": _text(p.get("abstract"), ABSTRACT_CHARS),
        "tl": _text(p.get("tldr"), 400),
        "doi": _external(ext, "DOI"),
        "ax": _external(ext, "ArXiv"),
        "pdf": _url(p.get("openAccessPdf")),
        "code": code,
        "hc": 1 if (_bool(t.get("has_code")) or code) else None,
    }
    return {k: v for k, v in rec.items() if v is not None}


def _edge_pairs(edges: pd.DataFrame, index_of: dict[str, int]) -> list[int]:
    """Citations between embedded papers as a flat ``[citing, cited, …]`` list of indexes."""
    citing = edges["citing"].astype(str).map(index_of)
    cited = edges["cited"].astype(str).map(index_of)
    mask = citing.notna() & cited.notna() & (citing != cited)
    if not mask.any():
        return []
    pairs = np.column_stack([citing[mask].astype(int), cited[mask].astype(int)])
    return np.unique(pairs, axis=0).ravel().tolist()


def _similar(papers: pd.DataFrame, edges: pd.DataFrame, positions: list[int]) -> list[list]:
    """Per embedded paper, its most similar embedded papers as ``[index, cocited, coupled]``."""
    if not positions:
        return []
    years = papers["year"] if "year" in papers.columns else np.nan
    m = as_matrix((papers[["paperId"]].assign(year=years), edges[["citing", "cited"]]))
    rows = m.ids.get_indexer(papers["paperId"].iloc[positions])
    index_of = {int(row): i for i, row in enumerate(rows)}
    found = most_similar(m, rows, rows, top=SIMILAR_SHOWN)
    return [[(index_of[j], cc, bc) for j, cc, bc in ties] for ties in found]


def build_map_data(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    top: int = 300,
    seeds: list[str] | None = None,
    title: str = "mentalmap",
    max_papers: int = MAX_EMBEDDED,
    log: pd.DataFrame | None = None,
    store: str | Path | None = None,
) -> dict[str, Any]:
    """The JSON document the page reads: compact per-paper records plus layout geometry.

    Papers are ordered by importance, so the page's "top N" is the first N records; at most
    ``max_papers`` are embedded (plus any seed, reading-list or logged paper beyond them). Short
    keys keep a 5,000-paper map to a few megabytes. ``log`` is the reading log
    (:func:`mentalmap.reading_log.read_log`): each logged paper's passes and notes go in
    ``log``, its deepest pass in ``deepest``. ``store``: the store the map was made from, as
    given to the command; the side panel then shows the ``mentalmap expand`` command of the
    clicked paper (``expand``: the command around the paper id, shell-quoted).
    """
    if "paperId" not in papers.columns:
        raise RenderError("the papers frame has no paperId column")
    if edges is None or not {"citing", "cited"} <= set(edges.columns):
        raise RenderError("the edges frame needs citing and cited columns")
    if top < 1:
        raise RenderError("top must be at least 1")
    papers = papers.drop_duplicates("paperId").reset_index(drop=True)
    papers["paperId"] = papers["paperId"].astype(str)
    info = _prepare_table(papers, edges, table)

    seed_set = {str(s) for s in (seeds or [])}
    if "isSeed" in papers.columns:
        seed_set |= set(papers.loc[papers["isSeed"].fillna(False).astype(bool), "paperId"])
    reading_rows = _reading_rows(reading)
    code_of = {r["id"]: r["code"] for r in reading_rows if r["code"]}

    log_rows = _log_rows(log)
    keep = seed_set | {r["id"] for r in reading_rows} | set(log_rows)
    positions = _select(papers, info, keep, max(max_papers, 1))
    sel = papers.iloc[positions].reset_index(drop=True)
    sinfo = info.iloc[positions].reset_index()
    ids = sel["paperId"].tolist()
    index_of = {pid: i for i, pid in enumerate(ids)}

    years = sel["year"].tolist() if "year" in sel.columns else [None] * len(sel)
    layout = compute_layout(ids, years, sinfo["cluster"].tolist(), sinfo["importance"].tolist())
    band_of = {b.cluster: i for i, b in enumerate(layout.bands)}
    labels = _cluster_labels(sinfo)

    similar = _similar(papers, edges, positions)
    records = []
    for i, (p, t) in enumerate(zip(sel.to_dict("records"), sinfo.to_dict("records"))):
        rec = _paper_record(p, t, code_of.get(p["paperId"]))
        rec.update(k=band_of[int(t["cluster"])], x=float(layout.x[i]), yy=float(layout.y[i]))
        if p["paperId"] in seed_set:
            rec["s"] = 1
        if similar[i]:
            rec["sim"] = [list(tie) for tie in similar[i]]
        parent = _text(t.get("parent"))
        if parent and parent in index_of and parent != p["paperId"]:
            rec["p"] = index_of[parent]
        records.append(rec)

    bands = [
        {
            "k": band_of[b.cluster],
            "label": labels.get(b.cluster, f"topic {b.cluster}"),
            "color": PALETTE[n % len(PALETTE)],
            "top": b.top,
            "h": b.height,
        }
        for n, b in enumerate(layout.bands)
    ]
    reading_out = [
        {k: v for k, v in {**r, "id": index_of[r["id"]]}.items() if v is not None and k != "code"}
        for r in reading_rows
        if r["id"] in index_of
    ]
    return {
        "title": _text(title, 200) or "mentalmap",
        "top": int(top),
        "roles": list(ROLES),
        "bands": bands,
        "years": [layout.first_year, layout.last_year],
        "yearWidth": layout.year_width,
        "undatedX": layout.undated_x,
        "papers": records,
        "edges": _edge_pairs(edges, index_of),
        "reading": reading_out,
        "log": [
            {"id": index_of[pid], "deepest": entries[-1]["pass"], "entries": entries}
            for pid, entries in log_rows.items()
            if pid in index_of
        ],
        "total": int(len(papers)),
        "note": selection_note(len(records), len(papers)),
        "expand": expand_command_parts(store),
    }


def selection_note(embedded: int, total: int) -> str:
    """What a capped map holds and how to see the rest; "" when it holds every paper.

    The CLI prints it and the page shows it, so neither claims more papers than the page has."""
    if embedded >= total:
        return ""
    return (
        f"{embedded:,} of {total:,} papers (the most important; --max-papers N to change, "
        "or `mentalmap expand`/a sub-area)"
    )


@dataclass(frozen=True)
class MapPage:
    """A written map: its path, the papers embedded in it and the papers it was made from."""

    path: Path
    embedded: int
    total: int

    @property
    def note(self) -> str:
        """:func:`selection_note` of the page."""
        return selection_note(self.embedded, self.total)


def expand_command_parts(store: str | Path | None) -> list[str] | None:
    """``mentalmap expand <id> --db <store>`` as the text before and after the paper id, the
    store's path quoted for a POSIX shell (the page quotes the id the same way)."""
    if store is None:
        return None
    return ["mentalmap expand ", " --db " + shlex.quote(str(store))]


def build_map_html(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    top: int = 300,
    seeds: list[str] | None = None,
    title: str = "mentalmap",
    max_papers: int = MAX_EMBEDDED,
    log: pd.DataFrame | None = None,
    store: str | Path | None = None,
) -> str:
    """The whole map page as one string: no external request, all text carried as data."""
    data = build_map_data(papers, edges, table, reading, top, seeds, title, max_papers, log, store)
    return page_html(data)


def page_html(data: dict[str, Any]) -> str:
    """The page of :func:`build_map_data`'s document (the notebook view shows the same)."""
    vis_js, vis_css = read_vis_bundle()
    env = Environment(
        loader=FileSystemLoader(str(_ASSETS)),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    page = env.get_template("map.html.j2")
    return page.render(
        title=data["title"],
        vis_js=vis_js,
        vis_css=vis_css,
        app_js=(_ASSETS / "map.js").read_text(encoding="utf-8"),
        app_css=(_ASSETS / "map.css").read_text(encoding="utf-8"),
        data_json=embed_json(data),
    )


def render_map(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    *,
    out: Path,
    top: int = 300,
    seeds: list[str] | None = None,
    title: str = "mentalmap",
    max_papers: int = MAX_EMBEDDED,
    log: pd.DataFrame | None = None,
    store: str | Path | None = None,
) -> Path:
    """Write the map to ``out`` and return its path; raises ``RenderError`` when it cannot.

    ``log``: the reading log (:func:`mentalmap.reading_log.read_log`), shown as rings on the
    papers you read and as passes and notes in their side panel. ``store``: the store the map
    comes from; a clicked paper's panel shows the command that expands the map around it.
    """
    data = build_map_data(papers, edges, table, reading, top, seeds, title, max_papers, log, store)
    return write_map_page(data, out).path


def write_map_page(data: dict[str, Any], out: Path) -> MapPage:
    """Write the page of :func:`build_map_data`'s ``data``; says how many papers it embeds, so
    a command never claims more than the page holds."""
    path = write_text_atomic(out, page_html(data), RenderError)
    return MapPage(Path(path), len(data["papers"]), data["total"])
