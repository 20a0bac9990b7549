"""MNIST on disk: read and write IDX files, find a local copy, download a verified one.

Plain Python + numpy, so the CLI, the GUI's worker threads and the tests share it without
Qt or torch. Every problem a user can cause (a missing, truncated or corrupt file, a failed
download) surfaces as a one-line `DatasetError` (an errors.UserError, so the GUI can show
it in its own language).
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import struct
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np

from lenet_gui.engine.atomic import atomic_write_bytes
from lenet_gui.engine.errors import UserError
from lenet_gui.engine.files import open_regular
from lenet_gui.paths import shared_mnist_dir, user_cache_dir


class DatasetError(UserError):
    """A clear, one-line, user-facing message of what is wrong (file name + problem)."""


class DownloadCancelled(DatasetError):
    """`should_stop` asked the download to stop; a `.part` file may remain for resuming."""


class MnistFile(NamedTuple):
    """One official file: its name on the mirrors, the md5 and the size of the .gz."""

    filename: str
    md5: str
    size: int


@dataclass(frozen=True, eq=False)  # eq=False: == on arrays is elementwise, not a bool
class MnistSplit:
    """One split: images uint8 (N, 28, 28) with 0 = background, 255 = ink; labels (N,) 0..9."""

    images: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class DownloadProgress:
    """Bytes of `file` received so far; `file_index` counts from 1 up to `file_count`."""

    file: str
    done_bytes: int
    total_bytes: int | None  # None when the server does not say
    file_index: int
    file_count: int


SPLITS = ("train", "test")

# Keys are f"{split}-images" / f"{split}-labels"; md5s and sizes are those of the official
# files (../shared/datasets/mnist/README.md), which every usual mirror serves byte for byte.
FILES: dict[str, MnistFile] = {
    "train-images": MnistFile(
        "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9912422
    ),
    "train-labels": MnistFile(
        "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28881
    ),
    "test-images": MnistFile(
        "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1648877
    ),
    "test-labels": MnistFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4542),
}

MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

_GZIP_MAGIC = b"\x1f\x8b"
# Bytes of data an IDX file may declare: MNIST's largest holds 47,040,000 (60,000 28x28
# images); this leaves room for larger MNIST-style sets and bounds what a header can ask for.
_MAX_IDX_DATA = 256 << 20
_UBYTE = 0x08
_CHUNK = 64 * 1024
# A file slower than this on average (bytes/s, after a start-up grace) is given up: the
# 4.5 KB labels file gets 10 s, the 9.9 MB training images about 3.5 minutes.
_MIN_RATE = 50_000
_GRACE_S = 10.0
# The mirror does not have the file (or will not give it): retrying it cannot help.
_GIVE_UP_HTTP = frozenset({401, 403, 404, 410})


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read a whole IDX file, gzipped or raw, into a writable uint8 array.

    Gzip is recognised by its magic bytes, not by the name, because browsers and archive
    tools often unpack a file and keep its .gz name. The header and the exact data length
    are checked, so a truncated download never turns into silently wrong training data.
    Memory is bounded by the header, not by the file: no more than the declared data (at
    most _MAX_IDX_DATA bytes) is ever decompressed, so a small gzip bomb stops early.
    """
    path = Path(path)
    try:
        opened = open_regular(path)
    except FileNotFoundError:
        raise DatasetError("{path}: no such file", path=path) from None
    except OSError as exc:  # no permission, a folder, a FIFO...
        raise DatasetError(
            "{path}: cannot read ({reason})", path=path, reason=exc.strerror or exc
        ) from None
    with opened as file:
        gzipped = file.read(2) == _GZIP_MAGIC
        file.seek(0)
        if not gzipped:
            return _read_idx_stream(file, path.name, os.fstat(file.fileno()).st_size)
        try:
            with gzip.GzipFile(fileobj=file) as stream:
                return _read_idx_stream(stream, path.name, None)
        except (OSError, EOFError, zlib.error) as exc:
            raise DatasetError(
                "{name}: not a valid gzip file ({reason})", name=path.name, reason=exc
            ) from None


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_idx_stream(stream: _Readable, name: str, size: int | None) -> np.ndarray:
    """The array in an IDX stream; `size` is the stream's length when known (a raw file)."""
    head = stream.read(4)
    if len(head) < 4:
        raise DatasetError("{name}: not an IDX file (only {size} bytes)", name=name, size=len(head))
    if head[0] or head[1] or not 1 <= head[3] <= 4:
        raise DatasetError("{name}: not an IDX file (magic 0x{magic})", name=name, magic=head.hex())
    if head[2] != _UBYTE:
        raise DatasetError(
            "{name}: unsupported IDX data type 0x{code} (only 0x08, unsigned bytes)",
            name=name,
            code=f"{head[2]:02x}",
        )
    ndim = head[3]
    start = 4 + 4 * ndim
    dims = stream.read(4 * ndim)
    if len(dims) < 4 * ndim:
        raise DatasetError(
            "{name}: truncated: header needs {needed} bytes, found {found}",
            name=name,
            needed=start,
            found=4 + len(dims),
        )
    shape = struct.unpack(f">{ndim}I", dims)
    expected = math.prod(shape)
    if size is not None:  # a raw file: its length tells everything before any data is read
        _check_length(name, expected, size - start)
    if expected > _MAX_IDX_DATA:
        raise DatasetError(
            "{name}: the header declares {size} bytes of data, far more than MNIST's "
            "(at most {limit})",
            name=name,
            size=expected,
            limit=_MAX_IDX_DATA,
        )
    data = np.empty(expected, np.uint8)
    done = 0
    while done < expected and (chunk := stream.read(min(_CHUNK * 16, expected - done))):
        data[done : done + len(chunk)] = np.frombuffer(chunk, np.uint8)
        done += len(chunk)
    _check_length(name, expected, done)
    if stream.read(1):  # more than declared; how much more is not worth decompressing
        _check_length(name, expected, None)
    return data.reshape(shape)


def _check_length(name: str, expected: int, found: int | None) -> None:
    """The data must be exactly as long as the header says (None: longer, by an unknown
    amount)."""
    if found is not None and found < expected:
        raise DatasetError(
            "{name}: truncated: expected {expected} bytes of data, found {found}",
            name=name,
            expected=expected,
            found=found,
        )
    if found is None or found > expected:
        raise DatasetError(
            "{name}: trailing data: expected {expected} bytes of data, found {found}",
            name=name,
            expected=expected,
            found=f"more than {expected}" if found is None else found,
        )


def write_idx(path: str | os.PathLike[str], array: np.ndarray) -> None:
    """Write a uint8 array as IDX, gzipped when the name ends in .gz.

    Atomic, so an interrupted save never leaves a file that `read_idx` rejects; mtime=0
    makes the same array always give the same bytes (and md5).
    """
    array = np.asarray(array)
    if array.dtype != np.uint8 or not 1 <= array.ndim <= 4:
        raise ValueError(f"IDX needs uint8 with 1 to 4 dimensions, got {array.dtype} {array.shape}")
    path = Path(path)
    header = bytes((0, 0, _UBYTE, array.ndim)) + struct.pack(f">{array.ndim}I", *array.shape)
    data = header + np.ascontiguousarray(array).tobytes()
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise DatasetError(
            "{path}: cannot write ({reason})", path=path, reason=exc.strerror or exc
        ) from None


def _accepted_names(key: str) -> tuple[str, ...]:
    """The official .gz name, its unpacked form, and the dotted variants some copies use."""
    packed = FILES[key].filename
    unpacked = packed.removesuffix(".gz")
    dotted = unpacked.replace("-idx", ".idx")
    return packed, unpacked, f"{dotted}.gz", dotted


def _locate(folder: Path) -> dict[str, Path | None]:
    """Each FILES key -> the file in `folder` that holds it, or None."""
    return {
        key: next((folder / n for n in _accepted_names(key) if (folder / n).is_file()), None)
        for key in FILES
    }


def load_mnist(folder: str | os.PathLike[str], split: str = "train") -> MnistSplit:
    """Load and validate one split ("train" or "test") from `folder`."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError("MNIST folder {folder} does not exist", folder=folder)
    keys = (f"{split}-images", f"{split}-labels")
    located = _locate(folder)
    missing = [FILES[key].filename for key in keys if located[key] is None]
    if missing:
        raise DatasetError(
            "{folder}: missing {files} (gzipped or unpacked)",
            folder=folder,
            files=", ".join(missing),
        )
    images_path, labels_path = (located[key] for key in keys)
    assert images_path is not None and labels_path is not None  # no file is missing
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise DatasetError(
            "{name}: expected shape (N, 28, 28), found {shape}",
            name=images_path.name,
            shape=images.shape,
        )
    if labels.ndim != 1:
        raise DatasetError(
            "{name}: expected shape (N,), found {shape}", name=labels_path.name, shape=labels.shape
        )
    if len(images) != len(labels):
        raise DatasetError(
            "{images_file} has {images} images but {labels_file} has {labels} labels",
            images_file=images_path.name,
            images=len(images),
            labels_file=labels_path.name,
            labels=len(labels),
        )
    if labels.size and labels.max() > 9:
        raise DatasetError(
            "{name}: label {label} is outside 0..9", name=labels_path.name, label=labels.max()
        )
    return MnistSplit(images, labels)


def default_cache_dir() -> Path:
    """Where `download_mnist` puts the files unless told otherwise."""
    return user_cache_dir() / "mnist"


def find_mnist(folder: str | os.PathLike[str] | None = None) -> Path | None:
    """The MNIST folder to use, or None when there is none yet (offer a download).

    An explicit `folder` wins (load_mnist then says what is wrong with it); otherwise a
    complete shared copy beside the checkout, then a complete download in the cache.
    """
    if folder is not None:
        return Path(folder)
    for candidate in (shared_mnist_dir(), default_cache_dir()):
        if candidate is not None and all(p is not None for p in _locate(candidate).values()):
            return candidate
    return None


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class _TooLarge(Exception):
    """A mirror sends more bytes than the file it names has."""


def _describe(exc: BaseException) -> str:
    """A short reason for a failed attempt, for the final error message."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return "timed out"
    return str(reason) or type(reason).__name__


@dataclass(frozen=True)
class _Downloader:
    """The settings of one `download_mnist` call, shared by all its files."""

    dest: Path
    mirrors: tuple[str, ...]
    progress: Callable[[DownloadProgress], None] | None
    should_stop: Callable[[], bool] | None
    retries: int
    timeout: float
    backoff: float
    deadline: float  # time.monotonic() by which the whole call must be done

    def fetch(self, entry: MnistFile, index: int, count: int) -> None:
        """Put a verified `entry` into dest, trying each mirror `retries` times."""

        def report(done: int, total: int | None) -> None:
            if self.progress is not None:
                self.progress(DownloadProgress(entry.filename, done, total, index, count))

        final = self.dest / entry.filename
        if final.is_file() and final.stat().st_size == entry.size and _md5(final) == entry.md5:
            report(entry.size, entry.size)
            return
        part = final.with_name(f"{final.name}.part")
        last_error = "no mirrors given"
        # each file, over all its mirrors and attempts, at no less than _MIN_RATE on average
        until = min(self.deadline, time.monotonic() + _GRACE_S + entry.size / _MIN_RATE)
        for mirror in self.mirrors:
            url = mirror + ("" if mirror.endswith("/") else "/") + entry.filename
            for attempt in range(1, self.retries + 1):
                self._check_stop()
                try:
                    self._stream(url, part, entry.size, until, report)
                except _TooLarge as exc:  # another file than the one wanted: next mirror
                    part.unlink(missing_ok=True)
                    last_error = f"{url}: {exc}"
                    break
                except (OSError, HTTPException) as exc:
                    last_error = f"{url}: {_describe(exc)}"
                    if isinstance(exc, urllib.error.HTTPError) and exc.code in _GIVE_UP_HTTP:
                        break
                    if time.monotonic() >= until:
                        raise DatasetError(
                            "{name}: download failed; last error: {error}",
                            name=entry.filename,
                            error=last_error,
                        ) from None
                else:
                    if _md5(part) == entry.md5:
                        os.replace(part, final)
                        return
                    part.unlink()
                    last_error = f"{url}: wrong md5 (the mirror serves a different file)"
                if attempt < self.retries:
                    self._pause(self.backoff * attempt)
        raise DatasetError(
            "{name}: download failed; last error: {error}", name=entry.filename, error=last_error
        )

    def _stream(
        self,
        url: str,
        part: Path,
        size: int,
        until: float,
        report: Callable[[int, int | None], None],
    ) -> None:
        """Append `url` to `part` chunk by chunk, resuming with Range where the server allows.

        Bounded: never more than `size` bytes are kept (a server sending more, with or
        without a Content-Length, is serving something else), and the deadline `until`
        (time.monotonic()) holds however slowly the bytes trickle in.
        """
        offset = part.stat().st_size if part.is_file() else 0
        if not 0 < offset < size:  # nothing to resume, or a stale part longer than the file
            offset = 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=self._time_left(until)) as response:
            status = getattr(response, "status", None)
            if status != 206:  # the server ignored Range (or file://): start over
                offset = 0
            length = response.headers.get("Content-Length")
            total = offset + int(length) if length and length.isdigit() else None
            if total is not None and total > size:
                raise _TooLarge(f"the server offers {total:,} bytes, the file has {size:,}")
            done = offset
            with open(part, "ab" if offset else "wb") as out:
                # read1: whatever has arrived, so a trickle cannot hold a read past the deadline
                while chunk := response.read1(min(_CHUNK, size + 1 - done)):
                    done += len(chunk)
                    if done > size:
                        raise _TooLarge(f"the server sent more than the file's {size:,} bytes")
                    out.write(chunk)
                    report(done, total)
                    self._check_stop()
                    self._time_left(until)
        # http.client reports an early close as a normal end of data; catch it here so the
        # retry can resume instead of the md5 check throwing the good part away.
        if total is not None and done < total:
            raise ConnectionError(f"connection closed after {done} of {total} bytes")

    def _time_left(self, until: float) -> float:
        """Seconds a network wait may take now: `timeout`, less when `until` is near.
        Raises TimeoutError once it has passed."""
        left = until - time.monotonic()
        if left <= 0:
            raise TimeoutError("the download took longer than its deadline")
        return min(self.timeout, left)

    def _check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise DownloadCancelled("MNIST download cancelled")

    def _pause(self, seconds: float) -> None:
        """Back off before a retry, still answering `should_stop` within a tenth of a second."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._check_stop()
            time.sleep(min(left, 0.1))


def download_mnist(
    dest: str | os.PathLike[str] | None = None,
    *,
    mirrors: tuple[str, ...] = MIRRORS,
    files: Mapping[str, MnistFile] = FILES,
    progress: Callable[[DownloadProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    retries: int = 3,
    timeout: float = 30.0,
    backoff: float = 1.0,
    deadline: float = 900.0,
) -> Path:
    """Download `files` into `dest` (default: `default_cache_dir()`) and return the folder.

    Files already there with the right md5 are kept, so a second call costs no traffic.
    Each file streams into a `.part` beside it and takes its final name only once its md5
    is right, so `find_mnist` never picks up a partial or corrupt copy. `backoff` seconds
    times the attempt number are waited between retries on one mirror. `timeout` bounds
    each network wait, `deadline` the whole call (seconds), and each file must arrive at
    no less than 50 KB/s on average (after a 10 s start): a server that trickles a byte at
    a time fails then (the `.part` is kept for the next call to resume).
    """
    dest = Path(dest) if dest is not None else default_cache_dir()
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatasetError(
            "{path}: cannot create folder ({reason})", path=dest, reason=exc.strerror or exc
        ) from None
    downloader = _Downloader(
        dest,
        mirrors,
        progress,
        should_stop,
        retries,
        timeout,
        backoff,
        time.monotonic() + deadline,
    )
    for index, entry in enumerate(files.values(), start=1):
        downloader.fetch(entry, index, len(files))
    return dest
