"""Atomic files for downloads, shards, Parquet and state: a crash or a full disk never leaves a
half-written file under a final name, and says which file in one line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mentalmap.errors import DatasetsError


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary sibling to write; renamed over ``path`` only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatasetsError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json(path: Path, payload: Any) -> None:
    """Write JSON atomically (state files: the old one stays until the new one is whole)."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_json(path: Path, default: Any) -> Any:
    """A state file, or ``default`` when there is none yet; a damaged one raises clearly."""
    if not path.exists():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetsError(f"cannot read {path} ({exc}); delete it to start over") from exc
