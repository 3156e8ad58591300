"""The vendored vis-network is the file its record names, with its licences beside it."""

from __future__ import annotations

import hashlib
import json

from mentalmap.render.page import VIS_BUNDLE


def test_vendored_bundle_matches_its_recorded_checksum() -> None:
    record = json.loads(VIS_BUNDLE.with_name("vis-network.json").read_text())
    assert hashlib.sha256(VIS_BUNDLE.read_bytes()).hexdigest() == record["sha256"]
    assert record["package"] == "vis-network" and record["file"].endswith(VIS_BUNDLE.name)
    assert f"@version {record['version']}" in VIS_BUNDLE.read_text(encoding="utf-8")[:400]


def test_both_licences_of_the_dual_licensed_bundle_are_beside_it() -> None:
    mit = VIS_BUNDLE.with_name("LICENSE-MIT").read_text()
    apache = VIS_BUNDLE.with_name("LICENSE-APACHE-2.0").read_text()
    assert "Permission is hereby granted" in mit
    assert "Apache License" in apache and "Version 2.0" in apache
