"""The map shown by the notebook, as a user meets it: the notebook executed, its output put into
a notebook-like page the way JupyterLab, classic Notebook and VS Code insert ``text/html``
(``innerHTML`` of an output element), and that page opened in Debian's chromium.

The map must draw inside its frame while the outer page keeps its own font and margins, and no
request may leave the page (the srcdoc frame needs no server).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from test_browser_map import browser  # noqa: F401  (the chromium fixture)
from test_notebooks import ROOT, execute

from mentalmap.render.notebook import SANDBOX, MapView

from browser import block_outside

NOTEBOOK = ROOT / "notebooks" / "field_analysis.ipynb"
#: A notebook page's own look, which the map's output must leave as it is.
OUTER = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 13px 29px; font-family: Georgia, serif; font-size: 15px; }}
</style></head><body><h1>notebook</h1><div id="out"></div><p id="after">after the output</p>
<script>
window.beforeOutput = getComputedStyle(document.body).fontFamily + "|" +
  getComputedStyle(document.body).margin;
document.getElementById("out").innerHTML = {output};
</script></body></html>"""


def _outer_style(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.body).fontFamily + '|' + getComputedStyle(document.body).margin"
    )


@pytest.fixture(scope="module")
def map_output(tmp_path_factory) -> str:
    """The ``text/html`` the notebook's map cell displayed."""
    notebook = execute(NOTEBOOK, tmp_path_factory.mktemp("nb"))
    shown = [
        out["data"]["text/html"]
        for cell in notebook.cells
        for out in cell.get("outputs", [])
        if "<iframe srcdoc=" in out.get("data", {}).get("text/html", "")
    ]
    assert len(shown) == 1, "the notebook displays the map exactly once"
    return shown[0]


@pytest.mark.browser
@pytest.mark.slow
def test_notebook_map_draws_in_its_frame_and_leaves_the_page_alone(
    browser,  # noqa: F811
    map_output: str,
    tmp_path: Path,
) -> None:
    assert f'sandbox="{SANDBOX}"' in map_output and "allow-same-origin" not in map_output
    outer = tmp_path / "notebook.html"
    outer.write_text(OUTER.format(output=json.dumps(map_output).replace("</", "<\\/")))
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    url = outer.resolve().as_uri()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    blocked = block_outside(page, url)
    page.goto(url)
    frame_element = page.wait_for_selector("#out iframe")
    frame = frame_element.content_frame()
    frame.wait_for_function("() => window.mentalmapReady !== undefined", timeout=20_000)
    assert frame.evaluate("window.mentalmap.nodes.length") == 150
    drawn = frame.evaluate(
        """() => {
            const c = document.querySelector('#mm-network canvas');
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let ink = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i] > 0) ink++;
            return ink;
        }"""
    )
    assert drawn > 1000, "the map's canvas is blank"
    assert page.evaluate("window.beforeOutput") == _outer_style(page)
    assert _outer_style(page).startswith("Georgia") and "13px 29px" in _outer_style(page)
    box = frame_element.bounding_box()
    assert box["height"] == pytest.approx(560 + 2, abs=1)  # the fixed height plus its border
    assert page.locator("#after").is_visible()
    assert blocked == [] and errors == []
    page.close()


def test_map_view_escapes_the_page_into_one_attribute(tmp_path: Path) -> None:
    page = '<html><body><p title="a&b">x</p><script>var s = "</script>";</script></body></html>'
    shown = MapView(page, height=300)._repr_html_()
    srcdoc = shown.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]
    assert "<" not in srcdoc and '"' not in srcdoc
    assert html.unescape(srcdoc) == page
    assert "height: 300px" in shown
    saved = MapView(page).save(tmp_path / "m.html")
    assert saved.path.read_text(encoding="utf-8") == page
    assert (saved.embedded, saved.total, saved.note) == (None, None, "")
    with pytest.raises(ValueError):
        MapView(page, height=0)
