"""Tests that need a system tool (chromium, Java): skipped where it is missing, failed where a
variable says it must be there (CI sets them, so a missing install step cannot pass green)."""

from __future__ import annotations

import os

import pytest


def unavailable(variable: str, reason: str) -> None:
    """Skip the calling test for ``reason``, or fail it when ``variable`` is ``1``."""
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {reason}")
    pytest.skip(reason)
