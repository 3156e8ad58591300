"""The map in a real browser (Debian chromium through playwright), fully offline.

Skipped when chromium is not installed, unless ``MENTALMAP_REQUIRE_BROWSER=1`` (CI) makes that a
failure. Every request other than the map file itself is aborted and recorded: the page must
make none.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from optional_tools import unavailable
from test_render_frames import XSS_NOTE, XSS_TITLE, make_field, make_log

from mentalmap.render import render_map

from browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
#: The README's picture; a test run writes it only when asked: MENTALMAP_UPDATE_SCREENSHOT=1.
SCREENSHOT = ROOT / "docs" / "img" / "map.png"


def _unavailable(reason: str) -> None:
    unavailable("MENTALMAP_REQUIRE_BROWSER", reason)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        _unavailable("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


class MapPage:
    """One opened map, with every outside request aborted and every dialog recorded."""

    def __init__(
        self, browser, path: Path, width: int = 1400, height: int = 850, hash: str = ""
    ) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        url = path.resolve().as_uri()

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url + hash)  # the fragment is not part of the request
        self.page.wait_for_function("() => window.mentalmapReady !== undefined", timeout=20_000)

    def count(self) -> int:
        return self.page.evaluate("window.mentalmap.nodes.length")

    def index(self, paper_id: str) -> int:
        return self.page.evaluate("id => window.mentalmap.indexOf(id)", paper_id)

    def node_xy(self, paper_id: str) -> tuple[float, float]:
        """Screen coordinates of a node, from the network's own positions."""
        return tuple(
            self.page.evaluate(
                """idx => {
                    const net = window.mentalmap.network;
                    const d = net.canvasToDOM(net.getPositions([idx])[idx]);
                    const r = document.getElementById('mm-network').getBoundingClientRect();
                    return [d.x + r.left, d.y + r.top];
                }""",
                self.index(paper_id),
            )
        )

    def focus_node(self, paper_id: str) -> tuple[float, float]:
        """Zoom onto a node (so neighbours do not cover it) and return its screen position."""
        self.page.evaluate(
            "idx => window.mentalmap.network.moveTo({position: "
            "window.mentalmap.network.getPositions([idx])[idx], scale: 1.5})",
            self.index(paper_id),
        )
        return self.node_xy(paper_id)

    def panel_title(self) -> str:
        return self.page.locator("#mm-panel .mm-panel-title").text_content()

    def close(self) -> None:
        assert self.errors == [], self.errors
        self.page.close()


@pytest.fixture(scope="module")
def field():
    return make_field(60)


@pytest.fixture(scope="module")
def map_file(field, tmp_path_factory) -> Path:
    papers, edges, table, reading = field
    out = tmp_path_factory.mktemp("map") / "map.html"
    return render_map(papers, edges, table, reading, out=out, top=20, seeds=["P0"], log=make_log())


@pytest.fixture()
def page(browser, map_file):
    m = MapPage(browser, map_file)
    yield m
    m.close()


def shown_years(page: MapPage) -> dict[int, int | None]:
    """Year of each paper on the map now (None: undated), by paper index."""
    pairs = page.page.evaluate(
        "window.mentalmap.nodes.getIds().map(j => [j, window.mentalmap.data.papers[j].y ?? null])"
    )
    return dict(pairs)


def test_opens_offline_with_the_top_papers_and_shows_more(page) -> None:
    assert page.blocked == []
    assert page.count() == 20
    assert page.page.locator("#mm-count").text_content().startswith("20 shown")
    page.page.click("#mm-more")
    assert page.count() == 40
    page.page.click("#mm-more")
    assert page.count() == 60
    assert page.page.locator("#mm-more").is_disabled()
    assert page.blocked == []


def test_clicking_a_node_opens_its_panel_with_links_and_clickable_works(page, field) -> None:
    papers, edges, _, _ = field
    x, y = page.focus_node("P0")
    page.page.mouse.click(x, y)
    assert page.page.locator("#mm-panel").is_visible()
    assert page.panel_title() == "Paper 0 on attention models"
    panel = page.page.locator("#mm-panel")
    s2 = panel.get_by_role("link", name="Semantic Scholar")
    assert s2.get_attribute("href") == "https://www.semanticscholar.org/paper/P0"
    assert panel.get_by_role("link", name="DOI").get_attribute("href") == (
        "https://doi.org/10.1000/x0"
    )
    assert panel.get_by_role("link", name="code").get_attribute("href").startswith("https://")
    assert "adds a tweak" not in panel.text_content()  # P0's own reason, not P3's
    citing = edges.loc[edges["cited"] == "P0", "citing"]
    assert f"Derivative works citing it ({len(citing)})" in panel.text_content()
    # Following a derivative work selects and shows it, even beyond the top 20 loaded.
    last = max(citing, key=lambda pid: int(pid[1:]))
    panel.get_by_role("button", name=papers.loc[last, "title"]).first.click()
    assert page.panel_title() == papers.loc[last, "title"]
    selected = page.page.evaluate("window.mentalmap.network.getSelectedNodes()")
    assert selected == [page.index(last)]


def test_the_panel_lists_similar_papers_with_their_ties_and_follows_them(page, field) -> None:
    from mentalmap.analysis.similar import similar_papers

    papers, edges, _, _ = field
    x, y = page.focus_node("P0")
    page.page.mouse.click(x, y)
    expected = similar_papers((papers, edges), "P0", top=5)
    assert len(expected) > 0
    items = page.page.locator("#mm-panel .mm-similar li")
    assert items.count() == len(expected)
    titles = papers["title"]
    first = expected.iloc[0]
    text = items.first.text_content()
    assert titles[first.paperId] in text
    assert f"cited together by {first.cocited}, {first.coupled} shared references" in text
    items.first.get_by_role("button").click()
    assert page.panel_title() == titles[first.paperId]


def test_tooltip_is_built_from_text(page) -> None:
    x, y = page.focus_node("P3")
    page.page.mouse.move(x, y)
    tip = page.page.locator("#mm-tooltip")
    tip.wait_for(state="visible")
    assert "Paper 3 on attention models" in tip.text_content()
    assert "adds a tweak to P0" in tip.text_content()


def test_search_and_filters_change_the_visible_nodes(page, field) -> None:
    papers, _, table, _ = field
    shown = page.page.evaluate("window.mentalmap.nodes.getIds()")
    loaded = [page.page.evaluate(f"window.mentalmap.data.papers[{i}].i") for i in shown]
    page.page.fill("#mm-search", "paper 1")
    titles = papers["title"].str.lower()
    expected = [p for p in loaded if "paper 1" in titles[p]]
    page.page.wait_for_function(f"() => window.mentalmap.nodes.length === {len(expected)}")
    assert page.page.locator("#mm-results li").count() >= len(expected)
    page.page.fill("#mm-search", "")
    page.page.wait_for_function("() => window.mentalmap.nodes.length === 20")

    page.page.locator("input[name=role-tweak]").uncheck()
    tweaks = [p for p in loaded if table.loc[p, "role"] == "tweak"]
    assert tweaks
    assert page.count() == 20 - len(tweaks)
    page.page.locator("input[name=role-tweak]").check()
    page.page.fill("#mm-year-min", "2016")
    year = papers["year"]
    kept = [p for p in loaded if pd.isna(year[p]) or year[p] >= 2016]
    page.page.wait_for_function(f"() => window.mentalmap.nodes.length === {len(kept)}")
    page.page.fill("#mm-year-min", "")
    page.page.check("#mm-reading-only")
    page.page.wait_for_function("() => window.mentalmap.nodes.length === 2")


def test_an_html_title_stays_text_and_runs_nothing(page) -> None:
    x, y = page.focus_node("P1")
    page.page.mouse.move(x, y)
    page.page.locator("#mm-tooltip").wait_for(state="visible")
    page.page.mouse.click(x, y)
    assert page.panel_title() == XSS_TITLE
    assert XSS_TITLE in page.page.locator("#mm-tooltip").text_content()
    page.page.fill("#mm-search", "onerror")
    page.page.wait_for_function("() => window.mentalmap.nodes.length === 1")
    assert page.page.locator("#mm-results li").first.text_content().startswith(XSS_TITLE)
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.page.locator("#mm-panel").get_by_role("link", name="PDF").count() == 0
    assert page.blocked == []


def test_the_reading_log_shows_as_rings_and_in_the_panel_as_text(page) -> None:
    logged = {page.index(p): deepest for p, deepest in [("P0", "2"), ("P4", "3"), ("P5", "deep")]}
    ringed = page.page.evaluate("window.mentalmap.ringed()")
    assert sorted(ringed) == sorted(logged)
    assert page.page.locator("#mm-rings li").count() == 4  # the legend explains the ring

    # The ring is drawn: pixels in the ring colour (#1b7a3a, in no palette) left of P4's centre.
    page.focus_node("P4")
    page.page.wait_for_timeout(100)
    ring = page.page.evaluate(
        """idx => {
            const net = window.mentalmap.network, c = document.querySelector('#mm-network canvas');
            const d = net.canvasToDOM(net.getPositions([idx])[idx]);
            const ctx = c.getContext('2d'), ratio = c.width / c.clientWidth;
            const row = ctx.getImageData((d.x - 60) * ratio, d.y * ratio, 60 * ratio, 1).data;
            let hits = 0;
            for (let k = 0; k < row.length; k += 4) {
                const near = Math.abs(row[k] - 27) + Math.abs(row[k + 1] - 122) +
                    Math.abs(row[k + 2] - 58);
                if (near < 45) hits++;
            }
            return hits;
        }""",
        page.index("P4"),
    )
    assert ring >= 2

    x, y = page.focus_node("P0")
    page.page.mouse.click(x, y)
    panel = page.page.locator("#mm-panel")
    assert page.panel_title() == "Paper 0 on attention models"
    assert panel.locator(".mm-read-summary").text_content() == "\u2713 You read: pass 1, pass 2"
    entries = panel.locator("ul.mm-log li")
    assert entries.nth(0).text_content() == "pass 1 · 2026-01-02"
    assert entries.nth(1).text_content() == "pass 2 · 2026-01-05 \u2014 note: X with Y"
    assert entries.nth(1).locator("q").text_content() == "X with Y"

    page.page.evaluate(f"window.mentalmap.select({page.index('P5')}, true)")
    assert panel.locator("q.mm-log-note").text_content() == XSS_NOTE
    assert "you worked" not in panel.text_content()
    assert panel.locator(".mm-read-summary").text_content().endswith("pass deep")
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.blocked == []


def test_the_panel_shows_the_command_that_expands_the_map_from_the_paper(
    browser, field, tmp_path
) -> None:
    import shlex

    from test_render import HOSTILE_STORE

    papers, edges, table, reading = field
    out = render_map(papers, edges, table, reading, out=tmp_path / "m.html", top=20,
                     store=HOSTILE_STORE)  # fmt: skip
    m = MapPage(browser, out)
    x, y = m.focus_node("P3")
    m.page.mouse.click(x, y)
    command = m.page.locator("#mm-panel .mm-expand-cmd")
    assert command.is_visible()
    assert shlex.split(command.text_content()) == [
        "mentalmap", "expand", "P3", "--db", HOSTILE_STORE,
    ]  # fmt: skip
    m.page.locator("#mm-panel .mm-copy").click()
    selected = m.page.evaluate("window.getSelection().toString()")
    assert selected == command.text_content()  # ready to paste, whatever the clipboard allows
    # an id a shell would split or expand is quoted too (S2's ids are hex; the page must not care)
    m.page.evaluate('window.mentalmap.data.papers[0].i = "a\'b $(x) `y`"')
    text = m.page.evaluate("window.mentalmap.expandCommand(0)")
    assert shlex.split(text)[2] == "a'b $(x) `y`"
    m.page.wait_for_timeout(200)
    assert m.dialogs == [] and m.blocked == []
    assert m.page.evaluate("document.querySelectorAll('img').length") == 0
    m.close()


def test_a_map_without_its_store_shows_no_command(page) -> None:
    x, y = page.focus_node("P0")
    page.page.mouse.click(x, y)
    assert page.page.locator("#mm-panel").is_visible()
    assert page.page.locator("#mm-panel .mm-expand-cmd").count() == 0


def test_the_read_filter_shows_what_you_read_or_what_you_did_not(page) -> None:
    assert page.count() == 20
    assert page.page.locator("#mm-read-n").text_content() == "3 logged"
    page.page.select_option("#mm-read", "read")
    assert sorted(page.page.evaluate("window.mentalmap.nodes.getIds()")) == sorted(
        page.index(p) for p in ("P0", "P4", "P5")
    )
    page.page.select_option("#mm-read", "unread")
    assert page.count() == 17
    page.page.locator("input[name=role-tweak]").uncheck()  # combined with the other filters
    tweaks = page.page.evaluate(
        "window.mentalmap.nodes.getIds().filter(j => "
        "window.mentalmap.data.roles[window.mentalmap.data.papers[j].r] === 'tweak').length"
    )
    assert tweaks == 0
    page.page.select_option("#mm-read", "all")
    page.page.locator("input[name=role-tweak]").check()
    assert page.count() == 20


def test_the_year_slider_replays_the_growth_of_the_field(page) -> None:
    first, last = page.page.evaluate("window.mentalmap.data.years")
    slider = page.page.locator("#mm-asof")
    assert (slider.get_attribute("min"), slider.get_attribute("max")) == (str(first), str(last))
    assert slider.input_value() == str(last)
    years = shown_years(page)
    assert len(years) == 20 and None in years.values()  # P2 has no year

    year = first + 3
    expected = sorted(j for j, y in years.items() if y is not None and y <= year)
    assert 0 < len(expected) < 20
    slider.fill(str(year))
    assert sorted(shown_years(page)) == expected
    assert page.page.locator("#mm-asof-out").text_content() == f"\u2264 {year}"

    # Combined with another filter: the read filter keeps only what you had read by then.
    page.page.select_option("#mm-read", "read")
    read = {page.index(p) for p in ("P0", "P4", "P5")}
    assert sorted(shown_years(page)) == [j for j in expected if j in read]
    page.page.select_option("#mm-read", "all")

    slider.fill(str(last))
    assert page.count() == 20
    assert page.page.locator("#mm-asof-out").text_content() == "all years"

    # Play steps one year every 0.6 s and stops at the last year, everything shown again.
    slider.fill(str(last - 2))
    page.page.click("#mm-play")
    assert page.page.locator("#mm-play").get_attribute("aria-pressed") == "true"
    page.page.wait_for_function(
        f"() => document.getElementById('mm-asof').value === '{last}' && "
        "document.getElementById('mm-play').getAttribute('aria-pressed') === 'false'",
        timeout=4000,
    )
    assert page.count() == 20
    # Play from the last year starts over from the first; a second click pauses.
    page.page.click("#mm-play")
    page.page.wait_for_timeout(100)
    assert int(slider.input_value()) == first
    page.page.click("#mm-play")
    paused = slider.input_value()
    page.page.wait_for_timeout(800)
    assert slider.input_value() == paused
    assert page.dialogs == [] and page.blocked == []


def test_a_url_hash_opens_the_map_as_it_stood(browser, map_file) -> None:
    m = MapPage(browser, map_file)
    years = shown_years(m)
    m.close()
    first = min(y for y in years.values() if y is not None)
    year = first + 4
    m = MapPage(browser, map_file, hash=f"#as-of={year}")
    assert m.page.locator("#mm-asof").input_value() == str(year)
    assert m.count() == sum(1 for y in years.values() if y is not None and y <= year)
    m.page.evaluate("location.hash = '#as-of=1900'")  # clamped to the first year
    first_year = m.page.evaluate("window.mentalmap.data.years[0]")
    m.page.wait_for_function(f"() => document.getElementById('mm-asof').value === '{first_year}'")
    assert m.blocked == []
    m.close()


def test_double_click_focuses_the_neighbourhood(page, field) -> None:
    _, edges, table, _ = field
    x, y = page.focus_node("P0")
    page.page.mouse.dblclick(x, y)
    near = set(edges.loc[edges["cited"] == "P0", "citing"]) | set(
        edges.loc[edges["citing"] == "P0", "cited"]
    )
    near |= set(table.index[table["parent"] == "P0"]) | {"P0"}
    page.page.wait_for_function(f"() => window.mentalmap.nodes.length === {len(near)}")
    assert page.page.locator("#mm-focus").is_visible()
    page.page.click("#mm-focus-clear")
    # Neighbours beyond the top 20 were loaded to show the focus; they stay on the map.
    loaded = page.page.evaluate("window.mentalmap.loaded.length")
    assert page.count() == loaded >= 20


def test_physics_toggle_moves_nodes_and_reset_restores_the_layout(page) -> None:
    idx = page.index("P5")
    before = page.page.evaluate(f"window.mentalmap.network.getPositions([{idx}])[{idx}]")
    page.page.check("#mm-physics")
    page.page.wait_for_timeout(600)
    moved = page.page.evaluate(f"window.mentalmap.network.getPositions([{idx}])[{idx}]")
    assert moved != before
    page.page.click("#mm-reset")
    assert not page.page.is_checked("#mm-physics")
    after = page.page.evaluate(f"window.mentalmap.network.getPositions([{idx}])[{idx}]")
    assert after == pytest.approx(before)


@pytest.mark.slow
def test_two_thousand_papers_are_interactive_within_two_seconds(browser, tmp_path) -> None:
    papers, edges, table, reading = make_field(2000, seed=11)
    out = render_map(papers, edges, table, reading, out=tmp_path / "big.html", top=2000)
    m = MapPage(browser, out)
    ready = m.page.evaluate("window.mentalmapReady")  # ms since navigation started
    assert m.count() == 2000
    m.close()
    assert m.blocked == []
    assert ready < 2000


def _readme_field():
    """The realistic synthetic field when the teammates' modules are there, else ours."""
    try:
        from mentalmap.analysis import analyze, reading_list
        from mentalmap.synthetic import generate_field

        f = generate_field(1200, 7)
        papers, edges = f.papers_frame(), f.edges_frame()
        seeds = papers.index[papers["isSeed"].fillna(False).astype(bool)].tolist()
        table = analyze(papers, edges, seeds)
        return papers, edges, table, reading_list(table, papers, size=12), seeds
    except ImportError:
        papers, edges, table, reading = make_field(400, seed=7)
        return papers, edges, table, reading, ["P0"]


def _shrink_png(path: Path) -> None:
    """256 colours are plenty for the map and keep the README image small (Pillow if present)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    small.save(path, optimize=True)


def _readme_log(table: pd.DataFrame, reading: pd.DataFrame) -> pd.DataFrame:
    """A few logged reads, so the picture shows the rings and a note in the panel."""
    top = str(pd.to_numeric(table["importance"]).idxmax())
    listed = [p for p in reading["paperId"].astype(str) if p != top]
    rows = [
        (top, "1", None),
        (top, "2", "the core idea; re-derive the update rule in section 3"),
        *[(pid, pass_, None) for pid, pass_ in zip(listed, ["3", "1", "deep", "2"])],
    ]
    frame = pd.DataFrame(rows, columns=["paperId", "pass", "note"])
    frame["readAt"] = "2026-01-05T09:00:00+00:00"
    return frame


def test_screenshot_for_the_readme(browser, tmp_path) -> None:
    papers, edges, table, reading, seeds = _readme_field()
    out = render_map(
        papers, edges, table, reading, out=tmp_path / "readme.html", seeds=seeds,
        title="mentalmap: a synthetic field", log=_readme_log(table, reading),
    )  # fmt: skip
    m = MapPage(browser, out, width=1440, height=860)
    first = m.page.evaluate("window.mentalmap.data.papers[0].i")
    m.page.evaluate(f"window.mentalmap.select({m.index(first)}, false)")
    m.page.wait_for_timeout(200)  # the map narrows beside the panel
    m.page.evaluate("window.mentalmap.network.fit()")
    m.page.wait_for_timeout(300)
    shot = (
        SCREENSHOT if os.environ.get("MENTALMAP_UPDATE_SCREENSHOT") == "1" else tmp_path / "map.png"
    )
    m.page.screenshot(path=str(shot))
    m.close()
    _shrink_png(shot)
    assert m.blocked == []
    assert 20_000 < shot.stat().st_size < 500_000
