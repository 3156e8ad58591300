"""The HTML map without a browser: offline, data-not-markup, layout, selection, fallbacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from test_render_frames import XSS_NOTE, XSS_TITLE, make_field, make_log

import mentalmap.pipeline
import mentalmap.render
from mentalmap.analysis import citation_matrix
from mentalmap.errors import RenderError
from mentalmap.reading_log import PASSES
from mentalmap.render import build_map_data, build_map_html, compute_layout, render_map
from mentalmap.render.layout import LABEL_SPACE, NODE_SPACING
from mentalmap.render.page import VIS_BUNDLE, embed_json


def embedded_data(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="mm-data">(.*?)</script>', html, re.DOTALL
    )
    assert match, "the page carries its data in one application/json script"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def field() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return make_field(60)


@pytest.fixture(scope="module")
def html(field) -> str:
    papers, edges, table, reading = field
    return build_map_html(papers, edges, table, reading, seeds=["P0"], title="A <b>field</b>")


def test_public_api_is_exported() -> None:
    assert set(mentalmap.render.__all__) == {
        "Layout",
        "MapView",
        "build_map_data",
        "build_map_html",
        "compute_layout",
        "render_map",
    }
    for name in mentalmap.render.__all__:
        assert hasattr(mentalmap.render, name)


def test_page_loads_nothing_from_outside(html: str) -> None:
    assert "<link" not in html
    assert not re.search(r"<(script|img|iframe|link|source)[^>]*\ssrc=", html, re.I)
    assert not re.search(r"@import|@font-face", html)
    assert "url(http" not in html.replace(" ", "")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_the_vendored_vis_network_is_inlined_whole(html: str) -> None:
    js = VIS_BUNDLE.read_text(encoding="utf-8")
    assert js[:2000] in html and js[-2000:] in html
    assert html.count("@version 9.1.13") == 1  # one vis-network, the vendored one


def test_user_text_is_json_data_never_markup(html: str) -> None:
    assert XSS_TITLE not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "</script><script>alert(3)" not in html
    assert "<title>A &lt;b&gt;field&lt;/b&gt;</title>" in html
    data = embedded_data(html)
    titles = {p["i"]: p["t"] for p in data["papers"]}
    assert titles["P1"] == XSS_TITLE  # round-trips as the same text
    authors = {p["i"]: p.get("a") for p in data["papers"]}
    assert authors["P1"] == "</script><script>alert(3)</script>"


def test_embedded_json_escapes_what_could_end_the_script_or_the_line() -> None:
    value = {"t": "</script><!-- A\u2028B\u2029C & D"}
    text = embed_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert "\\u003c/script\\u003e" in text and "C \\u0026 D" in text
    assert json.loads(text) == value


def test_only_http_links_survive(field) -> None:
    papers, edges, table, _ = field
    data = build_map_data(papers, edges, table)
    by_id = {p["i"]: p for p in data["papers"]}
    assert "pdf" not in by_id["P1"]  # was javascript:alert(2)
    assert by_id["P0"]["pdf"] == "https://example.org/0.pdf"
    assert by_id["P0"]["doi"] == "10.1000/x0" and by_id["P0"]["ax"] == "2101.00000"
    assert by_id["P0"]["code"] == "https://github.com/example/p0"


def test_no_environment_value_is_written(field, tmp_path, monkeypatch) -> None:
    secret = "s2-key-9f8e7d6c5b4a-do-not-leak"
    monkeypatch.setenv("S2_API_KEY", secret)
    papers, edges, table, reading = field
    out = render_map(papers, edges, table, reading, out=tmp_path / "map.html")
    text = out.read_text(encoding="utf-8")
    assert secret not in text
    assert "S2_API_KEY" not in text


def test_papers_are_ranked_by_importance_with_seed_lineage_and_reading(field) -> None:
    papers, edges, table, reading = field
    data = build_map_data(papers, edges, table, reading, top=10, seeds=["P0"])
    imp = [p["im"] for p in data["papers"]]
    assert imp == sorted(imp, reverse=True)
    assert data["top"] == 10
    index = {p["i"]: n for n, p in enumerate(data["papers"])}
    assert data["papers"][index["P0"]]["s"] == 1
    assert data["papers"][index["P3"]]["p"] == index["P0"]  # P3 is a tweak of P0
    assert [r["n"] for r in data["reading"]] == [1, 2]
    assert [r["id"] for r in data["reading"]] == [index["P0"], index["P3"]]
    assert data["reading"][0]["section"] == "Foundations"


def test_the_reading_log_reaches_the_data_per_paper_shallowest_pass_first(field) -> None:
    papers, edges, table, reading = field
    log = make_log()
    extra = pd.DataFrame(
        [
            {"paperId": "P59", "title": None, "pass": "1", "note": "", "readAt": None},
            {"paperId": "P0", "title": None, "pass": "9", "note": "bad pass", "readAt": None},
            {"paperId": "gone", "title": None, "pass": "1", "note": "merged", "readAt": None},
        ]
    )
    log = pd.concat([log.iloc[::-1], extra], ignore_index=True)  # newest first, on purpose
    data = build_map_data(papers, edges, table, reading, max_papers=10, log=log)
    ids = [p["i"] for p in data["papers"]]
    assert "P59" in ids  # a paper you read is embedded even beyond max_papers
    by_id = {ids[r["id"]]: r for r in data["log"]}
    assert set(by_id) == {"P0", "P4", "P5", "P59"}
    assert by_id["P0"] == {
        "id": ids.index("P0"),
        "deepest": "2",
        "entries": [
            {"pass": "1", "at": "2026-01-02"},
            {"pass": "2", "note": "X with Y", "at": "2026-01-05"},
        ],
    }
    assert by_id["P4"]["deepest"] == "3" and by_id["P5"]["deepest"] == "deep"
    assert by_id["P5"]["entries"][0]["note"] == XSS_NOTE
    assert by_id["P59"]["entries"] == [{"pass": "1"}]
    assert all(e["pass"] in PASSES for r in data["log"] for e in r["entries"])
    assert build_map_data(papers, edges, table, reading)["log"] == []
    empty = log.iloc[0:0]
    assert build_map_data(papers, edges, table, reading, log=empty)["log"] == []


def test_a_reading_note_is_data_never_markup(field) -> None:
    papers, edges, table, reading = field
    html = build_map_html(papers, edges, table, reading, log=make_log())
    assert XSS_NOTE not in html
    assert "</script><img" not in html
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in html
    data = embedded_data(html)
    notes = [e.get("note") for r in data["log"] for e in r["entries"]]
    assert XSS_NOTE in notes and "X with Y" in notes  # the same text, back from the JSON
    plain = build_map_html(papers, edges, table, reading)
    assert html.count("<script") == plain.count("<script")  # the note opened no script
    assert html.count("</script") == plain.count("</script")


#: A store path a shell and an HTML page would both misread if it were pasted in raw.
HOSTILE_STORE = "maps/it's $(touch pwned) </script><img src=x onerror=alert(1)>.sqlite"


def test_the_expand_command_of_the_store_is_shell_quoted_data(field) -> None:
    import shlex

    papers, edges, table, reading = field
    plain = build_map_html(papers, edges, table, reading)
    assert embedded_data(plain)["expand"] is None  # no store given: no command to show
    html = build_map_html(papers, edges, table, reading, store=HOSTILE_STORE)
    before, after = embedded_data(html)["expand"]
    assert shlex.split(before + "P0" + after) == ["mentalmap", "expand", "P0", "--db",
                                                  HOSTILE_STORE]  # fmt: skip
    assert "</script><img" not in html and "<img src=x" not in html  # data, never markup
    assert html.count("<script") == plain.count("<script")
    path = Path("my maps") / "field.sqlite"
    assert build_map_data(papers, edges, store=path)["expand"] == [
        "mentalmap expand ",
        " --db 'my maps/field.sqlite'",
    ]


def test_edges_are_index_pairs_inside_the_map(field) -> None:
    papers, edges, table, _ = field
    data = build_map_data(papers, edges, table)
    flat = data["edges"]
    pairs = {(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)}
    assert len(pairs) == len(flat) // 2 == len(edges.drop_duplicates(["citing", "cited"]))
    ids = [p["i"] for p in data["papers"]]
    assert (ids.index("P3"), ids.index("P0")) in pairs


def test_max_papers_keeps_seeds_and_reading_list(field) -> None:
    papers, edges, table, reading = field
    table = table.copy()
    table.loc["P3", "importance"] = 0.0
    data = build_map_data(papers, edges, table, reading, seeds=["P0"], max_papers=5)
    ids = [p["i"] for p in data["papers"]]
    assert ids[:5] == ["P0", "P1", "P2", "P4", "P5"]
    assert "P3" in ids and len(ids) == 6
    assert data["total"] == 60
    kept = set(range(len(ids)))
    assert set(data["edges"]) <= kept


def test_without_a_table_importance_comes_from_in_map_citations(field) -> None:
    papers, edges, _, _ = field
    data = build_map_data(papers, edges)
    assert len(data["bands"]) == 1 and data["bands"][0]["label"] == "all papers"
    assert {p["r"] for p in data["papers"]} == {data["roles"].index("other")}
    cited = edges["cited"].value_counts()
    first = data["papers"][0]
    assert first["i"] == cited.idxmax() and first["im"] == 1.0
    assert first["m"] == cited.max()


def test_layout_reads_year_left_to_right_and_topic_as_band(field) -> None:
    papers, edges, table, _ = field
    data = build_map_data(papers, edges, table)
    bands = {b["k"]: b for b in data["bands"]}
    dated = [p for p in data["papers"] if "y" in p]
    for a in dated:
        band = bands[a["k"]]
        assert band["top"] <= a["yy"] <= band["top"] + band["h"]
        for b in dated:
            if a["y"] < b["y"]:
                assert a["x"] < b["x"], (a["i"], b["i"])
    undated = next(p for p in data["papers"] if p["i"] == "P2")
    assert undated["x"] < min(p["x"] for p in dated)
    assert build_map_data(papers, edges, table) == data  # deterministic


def test_layout_separates_papers_in_a_crowded_cell() -> None:
    n = 40
    lay = compute_layout(
        [f"x{i}" for i in range(n)], [2020] * n, [0] * n, [1 - i / n for i in range(n)]
    )
    pts = list(zip(lay.x, lay.y))
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        for i, a in enumerate(pts)
        for b in pts[i + 1 :]
    )
    assert closest > NODE_SPACING - 9  # the grid spacing less twice the jitter
    band = lay.bands[0]
    centre = (0.0, band.top + LABEL_SPACE + (band.height - LABEL_SPACE) / 2)
    assert abs(lay.x[0] - centre[0]) < NODE_SPACING and abs(lay.y[0] - centre[1]) < NODE_SPACING
    assert band.top < min(lay.y) and max(lay.y) < band.top + band.height


def test_layout_comes_out_about_screen_shaped() -> None:
    papers, edges, table, _ = make_field(2000, seed=5)
    lay = compute_layout(
        papers.index.tolist(),
        papers["year"].tolist(),
        table["cluster"].tolist(),
        table["importance"].tolist(),
    )
    width = max(lay.x) - min(lay.x)
    height = lay.bands[-1].top + lay.bands[-1].height
    assert 0.8 < width / height < 3.5


def test_two_thousand_papers_stay_under_five_megabytes(tmp_path) -> None:
    papers, edges, table, reading = make_field(2000, seed=3)
    out = render_map(papers, edges, table, reading, out=tmp_path / "big.html")
    assert out.stat().st_size < 5_000_000
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert len(data["papers"]) == 2000
    assert max(len(p.get("ab", "")) for p in data["papers"]) <= 600


def test_bad_input_and_unwritable_output_raise_render_error(field, tmp_path) -> None:
    papers, edges, table, _ = field
    with pytest.raises(RenderError, match="paperId"):
        build_map_html(papers.reset_index(), edges)  # paperId as a column, not the index
    with pytest.raises(RenderError, match="citing"):
        build_map_html(papers, edges.drop(columns=["citing"]))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RenderError, match="cannot write"):
        render_map(papers, edges, table, out=blocker / "map.html")


def test_browser_tests_fail_rather_than_skip_when_a_browser_is_required(monkeypatch) -> None:
    from test_browser_map import _unavailable

    monkeypatch.delenv("MENTALMAP_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _unavailable("chromium is not installed")
    monkeypatch.setenv("MENTALMAP_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        _unavailable("chromium is not installed")


def test_the_panel_lists_the_similar_papers_of_mentalmap_similar(field) -> None:
    from mentalmap.analysis.similar import similar_papers

    papers, edges, table, reading = field
    data = build_map_data(papers, edges, table, reading)
    ids = [rec["i"] for rec in data["papers"]]
    assert sum("sim" in rec for rec in data["papers"]) > len(ids) / 2
    for rec in data["papers"]:
        expected = similar_papers((papers, edges), rec["i"], top=5)
        got = [[ids[j], cc, bc] for j, cc, bc in rec.get("sim", [])]
        assert got == expected[["paperId", "cocited", "coupled"]].values.tolist()


def test_similar_papers_of_a_small_map_count_citers_and_shared_references() -> None:
    papers = pd.DataFrame(
        {"paperId": list("abcde"), "year": [2000, 2001, 2002, 2003, 2004]}
    ).set_index("paperId")
    # c and d cite a and b; e cites a and c
    edges = pd.DataFrame({"citing": list("ccddee"), "cited": list("ababac")})
    data = build_map_data(papers, edges)
    recs = data["papers"]
    sim = {r["i"]: {recs[j]["i"]: (cc, bc) for j, cc, bc in r.get("sim", [])} for r in recs}
    assert sim["a"] == {"b": (2, 0), "c": (1, 0)}  # a and b cited together by c and d; a, c by e
    assert sim["c"] == {"d": (0, 2), "e": (0, 1), "a": (1, 0)}  # refs shared; e cites c and a
    assert sim["b"]["a"] == (2, 0)


def test_the_analysis_matrix_is_reused_for_similar_papers(field) -> None:
    papers, edges, table, reading = field
    matrix = citation_matrix(papers, edges)
    with_matrix = build_map_data(papers, edges, table, reading, matrix=matrix)
    assert with_matrix == build_map_data(papers, edges, table, reading)
    assert any("sim" in p for p in with_matrix["papers"])
    fewer = citation_matrix(papers.iloc[1:], edges[(edges != "P0").all(axis=1)])
    with pytest.raises(RenderError, match="does not hold every paper"):
        build_map_data(papers, edges, table, reading, matrix=fewer)


def test_a_field_keeps_the_matrix_its_table_was_computed_on(field, tmp_path) -> None:
    papers, edges, _, _ = field
    analysed = mentalmap.pipeline.analysed(papers, edges, ["P0"], None)
    assert list(analysed.matrix.ids) == list(papers.index)
    pairs = edges[["citing", "cited"]].drop_duplicates()
    assert analysed.matrix.n_edges == int((pairs["citing"] != pairs["cited"]).sum())
    page = mentalmap.pipeline.write_map(analysed, tmp_path / "m.html", reading_size=0)
    assert (page.embedded, page.total, page.note) == (len(papers), len(papers), "")
    assert page.path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
