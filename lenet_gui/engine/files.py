"""Opening outside files for reading: regular files only, never a wait on a FIFO or device.

`open(path)` on a FIFO waits for a writer forever, and a device such as /dev/zero never
ends; a folder is no file either. `open_regular` opens without waiting (O_NONBLOCK) and
checks what it opened, so every reader of user files refuses these at once, by name.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

# O_NONBLOCK: opening a FIFO does not wait for a writer; reads of a regular file ignore it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path is a folder, a FIFO, a device...: `kind` says which, in words."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        code = errno.EISDIR if kind == "a folder" else errno.EINVAL
        super().__init__(code, kind, os.fspath(path))
        self.kind = kind


def file_kind(mode: int) -> str | None:
    """What a path that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for binary reading.

    Raises NotRegularFile for anything else, and the usual OSErrors (FileNotFoundError,
    PermissionError...) when it cannot be opened.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularFile(path, kind)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
