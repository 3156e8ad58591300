"""Output files written whole or not at all: maps, exports, reading lists, notes, fix files.

Every file mentalmap writes for a user goes through :func:`write_together` (or
:func:`write_atomic` / :func:`write_text_atomic` for one file):

1. The folder is locked (``flock`` on the folder itself) while the files are written, so two
   mentalmap processes writing into one folder take turns.
2. Each file is written to a temporary file in the same folder, flushed and ``fsync``'d. On
   Linux the temporary file has no name (``O_TMPFILE``), so a process killed while writing
   (SIGKILL, a power cut) leaves nothing behind; elsewhere it is ``.<name>.<random>.mentalmap-tmp``,
   removed on any error, and by the next write into that folder after a kill.
3. Only when every file is whole does it get a name and replace the old one (``os.replace``,
   atomic), then the folder is ``fsync``'d. Files written together (``papers.csv`` with
   ``edges.csv``) are replaced together: their pending renames are first listed in a manifest,
   ``.mentalmap-replacing.json``, so a kill between two renames is finished by the next write
   into that folder, and a reader that finds the manifest knows a pair is being replaced.

Errors are the caller's precise :class:`~mentalmap.errors.MentalmapError` subclass (an export
raises ``ExportError``, a map ``RenderError``), one line naming the file.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mentalmap.errors import MentalmapError, OutputError

#: Writes a file's bytes into an open binary handle (it must not close it).
Writer = Callable[[BinaryIO], object]  # what it returns is ignored

TMP_SUFFIX = ".mentalmap-tmp"
MANIFEST = ".mentalmap-replacing.json"

#: Unnamed temporary files need O_TMPFILE and /proc to give them a name once whole.
_UNNAMED = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def write_text_atomic(
    path: str | Path, text: str, error: type[MentalmapError] = OutputError
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all."""
    return write_atomic(path, lambda handle: handle.write(text.encode("utf-8")), error)


def write_atomic(
    path: str | Path, write: Writer, error: type[MentalmapError] = OutputError
) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then put it in place whole."""
    return write_together({Path(path): write}, error)[0]


def write_together(
    files: Mapping[Path, Writer], error: type[MentalmapError] = OutputError
) -> list[Path]:
    """Write files of one folder, and replace the old ones only once all are whole (module doc).

    The folder is created if missing. Any failure (a full disk, a read-only folder, an error in a
    writer) leaves every old file as it was and no temporary file, and raises ``error``.
    """
    paths = [Path(p) for p in files]
    folder = paths[0].parent
    if any(p.parent != folder for p in paths):
        raise ValueError("files written together must share one folder")
    _make_folder(folder, paths[0], error)
    for path in paths:
        if path.is_dir():
            raise error(f"cannot write {path}: a folder of that name is in the way")
    current = paths[0]
    try:
        with _locked(folder) as dir_fd:
            _finish_interrupted(dir_fd)
            temps: list[_Temp] = []
            try:
                for current, write in zip(paths, files.values(), strict=True):
                    temps.append(_Temp.create(folder, current))
                    temps[-1].fill(write)
                for temp in temps:
                    temp.name_it(dir_fd)
            except BaseException:
                for temp in temps:
                    temp.discard(dir_fd)
                raise
            _replace(dir_fd, temps)
    except OSError as exc:
        raise error(f"cannot write {current}: {exc.strerror or exc}") from exc
    return paths


@dataclass
class _Temp:
    """A temporary file for ``final``: unnamed (``name`` None) until whole, then named."""

    final: Path
    fd: int
    name: str | None

    @classmethod
    def create(cls, folder: Path, final: Path) -> _Temp:
        if _UNNAMED:
            try:
                fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o666)
                return cls(final, fd, None)
            except OSError as exc:  # a file system without O_TMPFILE: a named temporary file
                if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                    raise
        name = _temp_name(final)
        return cls(final, os.open(folder / name, _NEW_FILE, 0o666), name)

    def fill(self, write: Writer) -> None:
        with os.fdopen(self.fd, "wb", closefd=False) as handle:
            write(handle)
            if not handle.closed:
                handle.flush()
        os.fsync(self.fd)

    def name_it(self, dir_fd: int) -> None:
        if self.name is None:
            name = _temp_name(self.final)
            os.link(f"/proc/self/fd/{self.fd}", name, dst_dir_fd=dir_fd, follow_symlinks=True)
            self.name = name
        os.close(self.fd)
        self.fd = -1

    def discard(self, dir_fd: int) -> None:
        if self.fd >= 0:
            os.close(self.fd)
        if self.name is not None:
            with suppress(FileNotFoundError):
                os.unlink(self.name, dir_fd=dir_fd)


_NEW_FILE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)


def _temp_name(final: Path) -> str:
    return f".{final.name}.{secrets.token_hex(4)}{TMP_SUFFIX}"


def _replace(dir_fd: int, temps: list[_Temp]) -> None:
    """Rename the named temporary files over their targets; a manifest first when several."""
    pairs = [(t.name, t.final.name) for t in temps if t.name is not None]  # all named by now
    if len(pairs) > 1:
        manifest = MANIFEST + TMP_SUFFIX
        fd = os.open(manifest, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o666, dir_fd=dir_fd)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"replacing": pairs}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(manifest, MANIFEST, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        os.fsync(dir_fd)
    done = 0
    try:
        for tmp, final in pairs:
            os.replace(tmp, final, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            done += 1
    except OSError:  # the target cannot be replaced: undo what is left
        for temp in temps[done:]:
            temp.discard(dir_fd)
        with suppress(FileNotFoundError):
            os.unlink(MANIFEST, dir_fd=dir_fd)
        raise
    os.fsync(dir_fd)
    if len(pairs) > 1:
        os.unlink(MANIFEST, dir_fd=dir_fd)
        os.fsync(dir_fd)


def _finish_interrupted(dir_fd: int) -> None:
    """Finish the renames a killed write listed, and remove the temporary files it left."""
    try:
        with open(os.open(MANIFEST, os.O_RDONLY, dir_fd=dir_fd), encoding="utf-8") as handle:
            pairs = json.load(handle).get("replacing", [])
    except FileNotFoundError:
        pairs = None
    except (ValueError, AttributeError):
        pairs = []  # not ours to read: drop it
    for tmp, final in pairs or []:
        if _plain_name(tmp) and _plain_name(final):
            with suppress(FileNotFoundError):
                os.replace(tmp, final, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    if pairs is not None:
        os.unlink(MANIFEST, dir_fd=dir_fd)
    for name in os.listdir(dir_fd):
        if name.startswith(".") and name.endswith(TMP_SUFFIX):
            with suppress(FileNotFoundError):
                os.unlink(name, dir_fd=dir_fd)
    os.fsync(dir_fd)


def _plain_name(name: object) -> bool:
    return isinstance(name, str) and bool(name) and "/" not in name and name not in (".", "..")


@contextmanager
def _locked(folder: Path) -> Iterator[int]:
    """The folder, open and locked against other mentalmap writers until the block ends."""
    dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(dir_fd, fcntl.LOCK_EX)
        yield dir_fd
    finally:
        os.close(dir_fd)


def _make_folder(folder: Path, path: Path, error: type[MentalmapError]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(
            (p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder
        )
        raise error(f"cannot write {path}: {blocker} is a file, not a folder") from None
    except OSError as exc:
        raise error(f"cannot write {path}: {exc.strerror or exc}") from exc
