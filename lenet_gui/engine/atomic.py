"""Atomic file writes: a reader never sees a half-written file, a crash leaves the old one.

A write goes to a temporary file beside the file it replaces, named
`.{name}.{pid}.{random}.tmp`, which is renamed over the target once complete. A process
killed mid-write leaves its temporary file behind; the pid in the name lets a later write
tell such a leftover from a write still in progress, and `remove_stale_temps` deletes it.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lenet_gui.engine.files import NotRegularFile, file_kind

# Where the pid cannot be checked (not POSIX), a temporary file this old is a leftover.
_STALE_AGE_S = 3600.0


def writable_target(target: str | os.PathLike[str]) -> Path:
    """The regular file a write to `target` replaces, checked before any work is done.

    Symlinks are followed (the link stays, its target gets the new bytes). The path must
    be a regular file or a new name, in a folder (existing or to be created) that can be
    written to. Raises OSError, with a strerror saying what is wrong, otherwise.
    """
    path = Path(os.path.realpath(target))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        pass
    else:
        kind = file_kind(mode)
        if kind is not None:
            raise NotRegularFile(target, kind)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # created by the write
        folder = folder.parent
    if not folder.is_dir():
        raise OSError(errno.ENOTDIR, "its folder is not a folder", str(target))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, "Permission denied (the folder is not writable)", str(target))
    return path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one step.

    `target` is checked with `writable_target` first (a symlink's target is written, a
    FIFO or a device is refused). The temporary file lives in the same folder (so the
    final rename never crosses file systems), is flushed to disk before the rename, and is
    removed if the block raises. Leftovers of killed writes to the same name are removed.
    """
    real = writable_target(target)
    real.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(real.parent, glob.escape(real.name))
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp", dir=real.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); give it the usual permissions instead
        os.chmod(tmp, real.stat().st_mode & 0o777 if real.exists() else 0o644)
        os.replace(tmp, real)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `target` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def remove_stale_temps(folder: str | os.PathLike[str], name: str = "*") -> None:
    """Delete the temporary files that killed writes to `name` (a glob) in `folder` left.

    A temporary file is stale when the process named in it is gone; errors are ignored
    (a leftover that cannot be deleted harms nobody, it is hidden and never read).
    """
    with contextlib.suppress(OSError):
        for path in Path(folder).glob(f".{name}.*.tmp"):
            pid = path.name.split(".")[-3]
            if _is_stale(path, int(pid) if pid.isdigit() else None):
                path.unlink(missing_ok=True)


def _is_stale(path: Path, pid: int | None) -> bool:
    if pid is not None and os.name == "posix":
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except OSError:  # exists, owned by someone else
            return False
        return False
    return time.time() - path.stat().st_mtime > _STALE_AGE_S
