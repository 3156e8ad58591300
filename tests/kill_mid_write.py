"""Run ``mentalmap`` and SIGKILL it halfway through writing a file (a real kill, at a set moment).

``python tests/kill_mid_write.py <mentalmap args>`` with ``KILL_DIR`` (a folder) and ``KILL_AT``
(default 1): the process kills itself with SIGKILL in the middle of the first ``write`` to the
``KILL_AT``-th file it opens for writing in ``KILL_DIR`` (named or unnamed), after half the bytes
reached the file. With ``KILL_ON_REPLACE`` set instead, it is killed at the ``KILL_AT``-th
``os.replace`` into ``KILL_DIR`` (between the renames of files written together).
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import sys

FOLDER = os.path.realpath(os.environ["KILL_DIR"])
AT = int(os.environ.get("KILL_AT", "1"))
_opened = [0]
_real_open, _real_replace = io.open, os.replace


def _in_folder(file: object) -> bool:
    try:
        if isinstance(file, int):
            where = os.readlink(f"/proc/self/fd/{file}")  # "/folder/#123 (deleted)" if unnamed
        else:
            where = os.path.realpath(os.fspath(file))
    except (OSError, TypeError):
        return False
    return os.path.dirname(where) == FOLDER


class _KillOnWrite:
    def __init__(self, handle: io.IOBase) -> None:
        self._handle = handle

    def write(self, data: bytes | str) -> None:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def __getattr__(self, name: str) -> object:
        return getattr(self._handle, name)

    def __enter__(self) -> _KillOnWrite:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.__exit__(*exc)


def _open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202
    handle = _real_open(file, mode, *args, **kwargs)
    if any(c in mode for c in "wax+") and _in_folder(file):
        _opened[0] += 1
        if _opened[0] == AT:
            return _KillOnWrite(handle)
    return handle


def _replace(src, dst, *args, **kwargs):  # noqa: ANN001, ANN202
    if kwargs.get("dst_dir_fd") is not None and not str(dst).startswith("."):
        _opened[0] += 1
        if _opened[0] == AT:
            os.kill(os.getpid(), signal.SIGKILL)
    return _real_replace(src, dst, *args, **kwargs)


if os.environ.get("KILL_ON_REPLACE"):
    os.replace = _replace
else:
    io.open = builtins.open = _open

from mentalmap.cli import main  # noqa: E402

sys.argv[0] = "mentalmap"
main()
