"""The map page's text: our template, vis-network and our script inlined, the data as inert JSON.

vis-network is vendored (``assets/vendor/``: its standalone UMD build, which carries vis-data
and injects its own CSS; version and sha256 in ``vis-network.json``, refreshed by
``tools/refresh_vis_network.py``); docs/decisions.md says why it is no longer read out of pyvis.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from mentalmap.errors import RenderError

_ASSETS = Path(__file__).with_name("assets")
VIS_BUNDLE = _ASSETS / "vendor" / "vis-network.min.js"
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_SLOT_RE = re.compile(r"\{\{ (\w+) \}\}")


def embed_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``</script>``, no
    ``<!--``, no line separators a JavaScript parser would choke on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _asset(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"cannot read the map's {path.name}: {exc}") from exc


@cache
def read_vis_bundle() -> str:
    """The vendored vis-network script, safe to inline in a ``<script>`` element."""
    # a literal "</script" would end the element early
    return _asset(VIS_BUNDLE).replace("</script", "<\\/script")


def fill(template: str, slots: dict[str, str]) -> str:
    """``template`` with each ``{{ name }}`` replaced by ``slots[name]`` in one pass, so text put
    in a slot is never searched for slots again; every slot must be given."""
    missing = set(_SLOT_RE.findall(template)) - set(slots)
    if missing:
        raise RenderError(f"the map template needs {', '.join(sorted(missing))}")
    return _SLOT_RE.sub(lambda m: slots[m.group(1)], template)


def page_html(data: dict[str, Any]) -> str:
    """The page of :func:`~mentalmap.render.data.build_map_data`'s document: no external request,
    all text carried as data (the title, the only text outside it, HTML-escaped)."""
    return fill(
        _asset(_ASSETS / "map.html"),
        {
            "title": html.escape(data["title"]),
            "app_css": _asset(_ASSETS / "map.css").replace("</style", "<\\/style"),
            "data_json": embed_json(data),
            "vis_js": read_vis_bundle(),
            "app_js": _asset(_ASSETS / "map.js").replace("</script", "<\\/script"),
        },
    )
