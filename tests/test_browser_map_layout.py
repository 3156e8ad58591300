"""The map page's room for the map, in a real browser at a narrow (800 px) and a wide window.

The paper panel and the legend must never sit on top of the map: the map is narrowed to what they
leave visible, "Fit" lays the papers out there, both fold away, titles on the map do not overlap,
and every number the page shows says what it means and where it comes from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser_map import MapPage, browser  # noqa: F401  (the chromium fixture)

from mentalmap.analysis import analyze, reading_list
from mentalmap.render import render_map
from mentalmap.synthetic import generate_field

pytestmark = pytest.mark.browser

WIDTHS = (800, 1400)
RECT = "s => { const r = document.querySelector(s).getBoundingClientRect(); " \
    "return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; }"  # fmt: skip


@pytest.fixture(scope="module")
def field_map(tmp_path_factory) -> Path:
    """An analysed synthetic field: real roles, reasons (R(p), z) and CD indexes."""
    f = generate_field(400, 7)
    papers, edges = f.papers_frame(), f.edges_frame()
    seeds = papers.index[papers["isSeed"].fillna(False).astype(bool)].tolist()
    table = analyze(papers, edges, seeds)
    out = tmp_path_factory.mktemp("layout") / "map.html"
    reading = reading_list(table, papers, size=8)
    return render_map(papers, edges, table, reading, out=out, seeds=seeds, top=150)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser, field_map):  # noqa: F811
    m = MapPage(browser, field_map, width=request.param, height=800)
    yield m
    m.close()


def rect(page: MapPage, selector: str) -> list[float] | None:
    """``[left, top, right, bottom]`` of an element, None when it takes no room (hidden)."""
    return page.page.evaluate(RECT, selector)


def overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def width(page: MapPage) -> int:
    return page.page.viewport_size["width"]


def open_panel(page: MapPage) -> None:
    """Click the most important paper as a user would: the panel opens beside the map."""
    page.page.evaluate("window.mentalmap.network.moveTo({position: "
                       "window.mentalmap.network.getPositions([0])[0], scale: 1.2})")  # fmt: skip
    x, y = page.page.evaluate(
        """() => { const net = window.mentalmap.network;
            const d = net.canvasToDOM(net.getPositions([0])[0]);
            const r = document.getElementById('mm-network').getBoundingClientRect();
            return [d.x + r.left, d.y + r.top]; }"""
    )
    page.page.mouse.click(x, y)
    page.page.locator("#mm-panel").wait_for(state="visible")


def fit(page: MapPage) -> None:
    page.page.click("#mm-fit")
    page.page.wait_for_timeout(450)  # the fit animates for 300 ms


def nodes_outside_the_map(page: MapPage) -> list[int]:
    """Shown papers whose centre is not inside the map's own (visible) area."""
    return page.page.evaluate(
        """() => { const net = window.mentalmap.network, c = document.getElementById('mm-network');
            const ids = window.mentalmap.nodes.getIds(), pos = net.getPositions(ids);
            return ids.filter(id => { const d = net.canvasToDOM(pos[id]);
                return d.x < 0 || d.y < 0 || d.x > c.clientWidth || d.y > c.clientHeight; }); }"""
    )


def test_fit_lays_the_map_out_beside_the_panel_not_under_it(page) -> None:
    open_panel(page)
    fit(page)
    net, panel = rect(page, "#mm-network"), rect(page, "#mm-panel")
    assert not overlaps(net, panel)
    side = rect(page, "#mm-side")
    if side is not None:
        assert not overlaps(net, side)
    assert net[2] - net[0] >= width(page) / 2  # at 800 px the map kept 130 px before
    assert nodes_outside_the_map(page) == []


def test_the_panel_collapses_to_a_tab_and_gives_the_map_its_room(page) -> None:
    open_panel(page)
    beside = rect(page, "#mm-network")
    page.page.click("#mm-panel-collapse")
    assert rect(page, "#mm-panel") is None
    tab, net = rect(page, "#mm-panel-tab"), rect(page, "#mm-network")
    assert tab is not None and not overlaps(net, tab)
    assert (net[2] - net[0]) - (beside[2] - beside[0]) >= 300
    assert page.page.evaluate("window.mentalmap.network.getSelectedNodes()") == [0]
    fit(page)
    assert nodes_outside_the_map(page) == []
    page.page.click("#mm-panel-tab")
    assert rect(page, "#mm-panel") is not None and rect(page, "#mm-network") == beside
    page.page.click("#mm-panel-collapse")
    page.page.evaluate("window.mentalmap.select(1, false)")  # asking for a paper shows it
    assert rect(page, "#mm-panel") is not None and rect(page, "#mm-panel-tab") is None


def test_the_legend_folds_away_and_starts_folded_on_a_narrow_window(page) -> None:
    toggle = page.page.locator("#mm-side-toggle")
    narrow = width(page) < 1000
    assert (rect(page, "#mm-side") is None) == narrow
    assert toggle.get_attribute("aria-expanded") == ("false" if narrow else "true")
    before = rect(page, "#mm-network")
    toggle.click()
    page.page.wait_for_timeout(450)
    after = rect(page, "#mm-network")
    assert (rect(page, "#mm-side") is None) != narrow
    assert (after[2] - after[0]) - (before[2] - before[0]) == pytest.approx(
        -270 if narrow else 270, abs=2
    )
    assert nodes_outside_the_map(page) == []


def test_titles_on_the_map_are_short_and_never_overlap(page) -> None:
    open_panel(page)
    fit(page)
    page.page.evaluate("window.mentalmap.network.redraw()")
    page.page.wait_for_timeout(100)
    labels = page.page.evaluate("window.mentalmap.labelled()")
    net = rect(page, "#mm-network")
    titles = [label for label in labels if not label.get("band")]
    assert titles and len(labels) > len(titles)  # some titles and some sub-topic names
    assert all(len(label["text"]) <= 30 for label in titles)  # 28 characters and "★ "
    boxes = [label["box"] for label in labels]
    assert all(b[0] >= 0 and b[2] <= net[2] - net[0] and b[1] >= 0 for b in boxes)
    clashes = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if overlaps(a, b)]
    assert clashes == []


def test_each_number_says_what_it_means_and_where_it_comes_from(page) -> None:
    legend = page.page.locator("#mm-signals")
    if width(page) < 1000:
        page.page.click("#mm-side-toggle")
    for name, source in (("R(p)", "Mariani"), ("CD index", "Funk"), ("z", "Iglewicz")):
        term = legend.locator("dt", has_text=name).first
        assert term.is_visible()
        assert source in term.locator("xpath=following-sibling::dd[1]").text_content()
    technique = page.page.evaluate(
        "window.mentalmap.data.papers.findIndex(p => p.why && p.why.includes('R(p)'))"
    )
    assert technique >= 0
    page.page.evaluate(f"window.mentalmap.select({technique}, true)")
    rp = page.page.evaluate(f"window.mentalmap.data.papers[{technique}].rp")
    explained = page.page.locator("#mm-panel .mm-explained")
    assert explained.is_visible()
    assert explained.locator("dt", has_text=f"R(p) {rp}").is_visible()
    assert "standard deviations" in explained.text_content()
    page.page.wait_for_timeout(450)
    x, y = page.node_xy(page.page.evaluate(f"window.mentalmap.data.papers[{technique}].i"))
    page.page.mouse.move(x, y)
    tip = page.page.locator("#mm-tooltip")
    tip.wait_for(state="visible")
    assert "R(p): PageRank for its age" in tip.text_content()
