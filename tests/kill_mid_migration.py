"""Open an old store and SIGKILL the process inside the Nth chunk of its integer-key migration.

``python tests/kill_mid_migration.py <store> <chunk rows> <kill in chunk>``: the migration moves
``chunk rows`` rows per transaction; in chunk ``kill in chunk``, after its rows were copied and
deleted but before it commits, the process kills itself with SIGKILL (a real kill, at a set
moment, with a transaction open).
"""

from __future__ import annotations

import functools
import os
import signal
import sys

from mentalmap import store as store_module
from mentalmap.store_keys import NAME, migrate_integer_keys

chunks = [0]


def main(path: str, rows: int, kill_in: int) -> None:
    def count(table: str, moved: int) -> None:
        chunks[0] += 1
        if chunks[0] == kill_in:
            os.kill(os.getpid(), signal.SIGKILL)

    store_module.MIGRATIONS = tuple(
        (name, functools.partial(migrate_integer_keys, chunk_rows=rows, progress=count))
        if name == NAME
        else (name, step)
        for name, step in store_module.MIGRATIONS
    )
    store_module.Store.open(path).close()
    sys.exit("the migration ended before the kill")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
