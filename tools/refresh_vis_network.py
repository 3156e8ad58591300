"""Refresh the vendored vis-network bundle the map page inlines (docs/decisions.md says why).

    python tools/refresh_vis_network.py [--version 9.1.13]

Fetches the package with ``npm pack`` (the npm registry's own client), checks the tarball against
the registry's sha512 integrity, copies its standalone UMD build (vis-network plus vis-data, with
its CSS injected by the script itself) and both licence files into
``mentalmap/render/assets/vendor/``, and records the version, source and sha256 in
``vis-network.json``; ``tests/test_vendor.py`` checks the file against that checksum.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "vis-network"
BUNDLE = "package/standalone/umd/vis-network.min.js"
LICENSES = ("package/LICENSE-MIT", "package/LICENSE-APACHE-2.0")
VENDOR = Path(__file__).resolve().parent.parent / "mentalmap" / "render" / "assets" / "vendor"


def npm_pack(version: str, into: Path) -> tuple[Path, dict]:
    """The package tarball and ``npm pack``'s report of it (integrity, tarball URL)."""
    out = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--json", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(out.stdout)[0]
    return into / report["filename"], report


def check_integrity(tarball: Path, integrity: str) -> None:
    """The tarball's sha512 must be the registry's ``dist.integrity``."""
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{tarball.name}: integrity {algo}-{digest} is not {integrity}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="9.1.13", help="vis-network version (npm)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball, report = npm_pack(args.version, Path(tmp))
        check_integrity(tarball, report["integrity"])
        with tarfile.open(tarball) as tar:
            bundle = tar.extractfile(BUNDLE).read()
            licences = {Path(m).name: tar.extractfile(m).read() for m in LICENSES}
    VENDOR.mkdir(parents=True, exist_ok=True)
    (VENDOR / "vis-network.min.js").write_bytes(bundle)
    for name, text in licences.items():
        (VENDOR / name).write_bytes(text)
    record = {
        "package": PACKAGE,
        "version": report["version"],
        "license": "Apache-2.0 OR MIT",
        "source": f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{report['version']}.tgz",
        "integrity": report["integrity"],
        "file": BUNDLE.removeprefix("package/"),
        "sha256": hashlib.sha256(bundle).hexdigest(),
    }
    (VENDOR / "vis-network.json").write_text(json.dumps(record, indent=2) + "\n")
    size = f"{len(bundle):,} bytes"
    print(f"vendored {PACKAGE} {record['version']} ({size}) sha256 {record['sha256']}")


if __name__ == "__main__":
    main()
