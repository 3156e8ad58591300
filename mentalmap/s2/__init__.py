"""Semantic Scholar: id parsing and the Graph API client.

The client's names load on first use (PEP 562): parsing an id (``mentalmap.s2.ids``, which
every analysis reaches through the code-links file reader) does not import httpx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mentalmap.s2.ids import parse_paper_id, parse_paper_ids

_CLIENT = ("DEFAULT_API_URL", "ClientSettings", "S2Client")

__all__ = ["DEFAULT_API_URL", "ClientSettings", "S2Client", "parse_paper_id", "parse_paper_ids"]


def __getattr__(name: str) -> Any:
    if name not in _CLIENT:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("mentalmap.s2.client"), name)


if TYPE_CHECKING:
    from mentalmap.s2.client import DEFAULT_API_URL, ClientSettings, S2Client
