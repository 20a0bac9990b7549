"""IDX reading/writing, load_mnist's validation, find_mnist, and the downloader.

The downloader runs against a real HTTP server on 127.0.0.1 serving small fake MNIST files
(with their own md5 table), including mirrors that serve the wrong bytes, drop the
connection half-way, stall, or answer 404.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import re
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from lenet_gui.engine import mnist
from lenet_gui.engine.mnist import (
    FILES,
    SPLITS,
    DatasetError,
    DownloadCancelled,
    DownloadProgress,
    MnistFile,
    default_cache_dir,
    download_mnist,
    find_mnist,
    load_mnist,
    read_idx,
    write_idx,
)

RNG = np.random.default_rng(5)


def idx_bytes(type_code: int, shape: tuple[int, ...], data: bytes) -> bytes:
    """A hand-made IDX file, for the broken ones write_idx refuses to produce."""
    return bytes((0, 0, type_code, len(shape))) + struct.pack(f">{len(shape)}I", *shape) + data


def write_split(
    folder: Path, split: str, n_images: int = 5, n_labels: int | None = None, gz: bool = True
) -> None:
    """A tiny, valid-looking split under the official file names."""
    labels = np.arange(n_images if n_labels is None else n_labels, dtype=np.uint8) % 10
    for kind, array in (
        ("images", RNG.integers(0, 256, (n_images, 28, 28), dtype=np.uint8)),
        ("labels", labels),
    ):
        name = FILES[f"{split}-{kind}"].filename
        write_idx(folder / (name if gz else name.removesuffix(".gz")), array)


# --- read_idx / write_idx ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["a-idx3-ubyte.gz", "a-idx3-ubyte"])
@pytest.mark.parametrize("shape", [(7,), (3, 28, 28), (2, 3, 4, 5)])
def test_round_trip(tmp_path: Path, name: str, shape: tuple[int, ...]) -> None:
    array = RNG.integers(0, 256, shape, dtype=np.uint8)
    write_idx(tmp_path / name, array)
    is_gzip = (tmp_path / name).read_bytes()[:2] == b"\x1f\x8b"
    assert is_gzip == name.endswith(".gz")
    back = read_idx(tmp_path / name)
    assert back.dtype == np.uint8
    np.testing.assert_array_equal(back, array)
    back[0] = 1  # callers (augmentation, torch.from_numpy) get a writable array


def test_gzip_detected_by_content_not_name(tmp_path: Path) -> None:
    array = np.arange(6, dtype=np.uint8).reshape(2, 3)
    (tmp_path / "unpacked-but-gzipped").write_bytes(
        gzip.compress(idx_bytes(8, (2, 3), array.tobytes()))
    )
    (tmp_path / "raw.gz").write_bytes(idx_bytes(8, (2, 3), array.tobytes()))
    np.testing.assert_array_equal(read_idx(tmp_path / "unpacked-but-gzipped"), array)
    np.testing.assert_array_equal(read_idx(tmp_path / "raw.gz"), array)


def test_write_idx_is_deterministic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    array = np.zeros((4, 28, 28), np.uint8)
    write_idx(tmp_path / "x.gz", array)
    first = (tmp_path / "x.gz").read_bytes()
    write_idx(tmp_path / "x.gz", array)
    assert (tmp_path / "x.gz").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["x.gz"]


@pytest.mark.parametrize("array", [np.zeros(3, np.float32), np.zeros((1,) * 5, np.uint8)])
def test_write_idx_refuses_what_idx_ubyte_cannot_hold(tmp_path: Path, array: np.ndarray) -> None:
    with pytest.raises(ValueError, match="uint8"):
        write_idx(tmp_path / "x", array)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (idx_bytes(8, (10,), bytes(10))[:-3], "truncated: expected 10 bytes of data, found 7"),
        (idx_bytes(8, (10,), bytes(13)), "trailing data: expected 10 bytes of data, found 13"),
        (struct.pack(">I", 0x12345678) + bytes(20), r"not an IDX file \(magic 0x12345678\)"),
        (bytes((0, 0, 8, 0)), r"not an IDX file \(magic 0x00000800\)"),
        (bytes((0, 0, 8, 5)) + bytes(40), r"not an IDX file \(magic 0x00000805\)"),
        (b"\0\0", r"not an IDX file \(only 2 bytes\)"),
        (idx_bytes(0x0D, (2,), bytes(8)), "unsupported IDX data type 0x0d"),
        (bytes((0, 0, 8, 3, 0, 0)), "truncated: header needs 16 bytes, found 6"),
        (b"\x1f\x8b" + bytes(30), "not a valid gzip file"),
        (gzip.compress(idx_bytes(8, (99,), bytes(99)))[:-10], "not a valid gzip file"),
    ],
)
def test_read_idx_rejects_broken_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=rf"^train-images-idx3-ubyte\.gz: {message}"):
        read_idx(path)


def test_truncated_gzipped_file_reports_the_data_length(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(8, (60000, 28, 28), bytes(1000))))
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    assert str(info.value) == (
        "train-images-idx3-ubyte.gz: truncated: expected 47040000 bytes of data, found 1000"
    )


def test_read_idx_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"nope\.gz: no such file$"):
        read_idx(tmp_path / "nope.gz")


# --- load_mnist / find_mnist --------------------------------------------------------------


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("gz", [True, False])
def test_load_mnist(tmp_path: Path, split: str, gz: bool) -> None:
    write_split(tmp_path, split, n_images=12, gz=gz)
    data = load_mnist(tmp_path, split)
    assert len(data) == 12
    assert data.images.shape == (12, 28, 28)
    assert data.images.dtype == np.uint8
    np.testing.assert_array_equal(data.labels, np.arange(12) % 10)


def test_load_mnist_accepts_dotted_names(tmp_path: Path) -> None:
    write_idx(tmp_path / "t10k-images.idx3-ubyte", np.zeros((3, 28, 28), np.uint8))
    write_idx(tmp_path / "t10k-labels.idx1-ubyte.gz", np.array([1, 2, 3], np.uint8))
    assert len(load_mnist(tmp_path, "test")) == 3


def test_load_mnist_count_mismatch(tmp_path: Path) -> None:
    write_split(tmp_path, "train", n_images=5, n_labels=4)
    with pytest.raises(
        DatasetError, match=r"has 5 images but train-labels-idx1-ubyte\.gz has 4 labels$"
    ):
        load_mnist(tmp_path)


def test_load_mnist_label_out_of_range(tmp_path: Path) -> None:
    write_split(tmp_path, "train", n_images=3)
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", np.array([0, 10, 3], np.uint8))
    with pytest.raises(
        DatasetError, match=r"^train-labels-idx1-ubyte\.gz: label 10 is outside 0\.\.9$"
    ):
        load_mnist(tmp_path)


@pytest.mark.parametrize(
    ("kind", "array", "message"),
    [
        ("images", np.zeros((3, 28, 27), np.uint8), r"expected shape \(N, 28, 28\)"),
        ("images", np.zeros((3, 784), np.uint8), r"expected shape \(N, 28, 28\)"),
        ("labels", np.zeros((3, 1), np.uint8), r"expected shape \(N,\)"),
    ],
)
def test_load_mnist_wrong_shapes(tmp_path: Path, kind: str, array: np.ndarray, message: str):
    write_split(tmp_path, "train", n_images=3)
    write_idx(tmp_path / FILES[f"train-{kind}"].filename, array)
    with pytest.raises(DatasetError, match=message):
        load_mnist(tmp_path)


def test_load_mnist_missing_folder_and_files(tmp_path: Path) -> None:
    with pytest.raises(
        DatasetError, match=re.escape(f"MNIST folder {tmp_path / 'nope'} does not exist")
    ):
        load_mnist(tmp_path / "nope")
    with pytest.raises(
        DatasetError, match=r"missing t10k-images-idx3-ubyte\.gz, t10k-labels-idx1-ubyte\.gz"
    ) as info:
        load_mnist(tmp_path, "test")
    assert str(tmp_path) in str(info.value)
    write_split(tmp_path, "train")
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match=r"missing train-labels-idx1-ubyte.gz \("):
        load_mnist(tmp_path, "train")


def test_load_mnist_unknown_split(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        load_mnist(tmp_path, "validation")


def test_find_mnist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_cache_dir() == Path.home() / "cache" / "lenet-gui" / "mnist"  # conftest
    assert find_mnist(tmp_path / "given") == tmp_path / "given"
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setattr(mnist, "shared_mnist_dir", lambda: shared)
    assert find_mnist() is None  # shared is empty, the cache does not exist
    for split in SPLITS:
        write_split(default_cache_dir(), split)
    assert find_mnist() == default_cache_dir()
    write_split(shared, "train")
    assert find_mnist() == default_cache_dir()  # shared lacks the test split
    write_split(shared, "test", gz=False)
    assert find_mnist() == shared


# --- download_mnist -----------------------------------------------------------------------


@dataclass
class Mirrors:
    """A local HTTP server; each top folder is one mirror with its own behaviour.

    /good/ serves the files (with Range support), /bad/ serves other bytes under the same
    names, /flaky/ sends half a file then closes the first time each file is asked for,
    /norange/ does the same but ignores Range, /stall/ never answers, /trickle/ sends a
    byte every 50 ms, /endless/ sends the file with no Content-Length and then zeros until
    the client hangs up, anything else is 404.
    """

    url: str
    content: dict[str, bytes]
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def base(self, mirror: str) -> str:
        return f"{self.url}/{mirror}/"

    def paths(self, mirror: str) -> list[str]:
        return [path for path, _ in self.requests if path.startswith(f"/{mirror}/")]


def fake_files() -> tuple[dict[str, bytes], dict[str, MnistFile]]:
    """Small gzipped IDX files under the official names and an md5 table for them.

    The images are random, so they do not compress: train-images spans several chunks.
    """
    content: dict[str, bytes] = {}
    for split, n in (("train", 300), ("test", 20)):
        images = RNG.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        labels = RNG.integers(0, 10, n, dtype=np.uint8)
        for kind, array in (("images", images), ("labels", labels)):
            raw = idx_bytes(8, array.shape, array.tobytes())
            content[FILES[f"{split}-{kind}"].filename] = gzip.compress(raw, mtime=0)
    table = {}
    for key, entry in FILES.items():
        data = content[entry.filename]
        table[key] = MnistFile(entry.filename, hashlib.md5(data).hexdigest(), len(data))
    return content, table


@pytest.fixture
def files() -> tuple[dict[str, bytes], dict[str, MnistFile]]:
    return fake_files()


@pytest.fixture
def server(files, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mirrors]:
    monkeypatch.setenv("no_proxy", "*")
    content = files[0]
    dropped: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("Range")))
            mirror, _, name = self.path.strip("/").partition("/")
            mirrors = {"good", "bad", "flaky", "norange", "stall", "trickle", "endless"}
            if name not in content or mirror not in mirrors:
                self.send_error(404)
                return
            if mirror == "stall":
                state.release.wait(10)
                return
            if mirror in {"trickle", "endless"}:
                self.send_response(200)
                if mirror == "trickle":
                    self.send_header("Content-Length", str(len(content[name])))
                self.end_headers()
                with contextlib.suppress(OSError):
                    if mirror == "trickle":
                        for byte in content[name]:
                            if state.release.wait(0.05):
                                return
                            self.wfile.write(bytes((byte,)))
                            self.wfile.flush()
                    else:
                        self.wfile.write(content[name])
                        for _ in range(1000):  # up to 1000 MiB more
                            self.wfile.write(bytes(1 << 20))
                self.close_connection = True
                return
            data = content[name] if mirror != "bad" else bytes(reversed(content[name]))
            start = 0
            ranged = self.headers.get("Range", "").startswith("bytes=") and mirror != "norange"
            if ranged:
                start = int(self.headers["Range"].removeprefix("bytes=").rstrip("-"))
            self.send_response(206 if ranged else 200)
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            if mirror in {"flaky", "norange"} and self.path not in dropped:
                dropped.add(self.path)
                self.wfile.write(data[start : start + len(data) // 2])
                self.close_connection = True
                return
            self.wfile.write(data[start:])

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Mirrors(f"http://127.0.0.1:{httpd.server_address[1]}", content)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def assert_downloaded(dest: Path, content: dict[str, bytes]) -> None:
    assert sorted(p.name for p in dest.iterdir()) == sorted(content)
    for name, data in content.items():
        assert (dest / name).read_bytes() == data
    assert len(load_mnist(dest, "train")) == 300
    assert len(load_mnist(dest, "test")) == 20


def test_download_progress_and_skip_if_present(server: Mirrors, files, tmp_path: Path) -> None:
    content, table = files
    events: list[DownloadProgress] = []
    dest = download_mnist(
        tmp_path / "mnist", mirrors=(server.base("good"),), files=table, progress=events.append
    )
    assert dest == tmp_path / "mnist"
    assert_downloaded(dest, content)
    assert len(server.requests) == 4
    for index, entry in enumerate(table.values(), start=1):
        mine = [e for e in events if e.file == entry.filename]
        assert {(e.file_index, e.file_count, e.total_bytes) for e in mine} == {
            (index, 4, entry.size)
        }
        done = [e.done_bytes for e in mine]
        assert done == sorted(set(done)) and done[-1] == entry.size
    train_images = [e for e in events if e.file == "train-images-idx3-ubyte.gz"]
    assert len(train_images) > 2  # several chunks, several reports

    events.clear()
    download_mnist(dest, mirrors=(server.base("good"),), files=table, progress=events.append)
    assert len(server.requests) == 4  # nothing fetched again
    assert [(e.file_index, e.done_bytes) for e in events] == [
        (i, entry.size) for i, entry in enumerate(table.values(), start=1)
    ]


def test_download_defaults_to_the_cache(server: Mirrors, files, monkeypatch) -> None:
    monkeypatch.setattr(mnist, "shared_mnist_dir", lambda: None)
    assert find_mnist() is None
    assert download_mnist(mirrors=(server.base("good"),), files=files[1]) == default_cache_dir()
    assert find_mnist() == default_cache_dir()


def test_bad_md5_falls_back_to_next_mirror(server: Mirrors, files, tmp_path: Path) -> None:
    content, table = files
    mirrors = (server.base("bad"), server.base("good"))
    download_mnist(tmp_path, mirrors=mirrors, files=table, retries=2, backoff=0)
    assert_downloaded(tmp_path, content)
    assert len(server.paths("bad")) == 2 * 4
    assert len(server.paths("good")) == 4


@pytest.mark.parametrize("mirror", ["flaky", "norange"])
def test_dropped_connection_is_retried(server: Mirrors, files, tmp_path: Path, mirror: str):
    content, table = files
    download_mnist(tmp_path, mirrors=(server.base(mirror),), files=table, backoff=0)
    assert_downloaded(tmp_path, content)
    name = "train-images-idx3-ubyte.gz"
    ranges = [r for path, r in server.requests if path.endswith(name)]
    # The retry asks for the rest; /norange/ ignores that and the file starts over.
    assert ranges == [None, f"bytes={len(content[name]) // 2}-"]


def test_every_mirror_failing_raises_and_leaves_no_file(server: Mirrors, files, tmp_path: Path):
    mirrors = (server.base("bad"), server.base("missing"))
    with pytest.raises(DatasetError) as info:
        download_mnist(tmp_path, mirrors=mirrors, files=files[1], retries=2, backoff=0)
    message = str(info.value)
    assert message.startswith("train-images-idx3-ubyte.gz: download failed")
    assert "/missing/train-images-idx3-ubyte.gz: HTTP 404" in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []
    assert len(server.paths("bad")) == 2
    assert len(server.paths("missing")) == 1  # a 404 is not retried


def test_timeout_moves_on(server: Mirrors, files, tmp_path: Path) -> None:
    mirrors = (server.base("stall"), server.base("good"))
    download_mnist(tmp_path, mirrors=mirrors, files=files[1], retries=1, timeout=0.2)
    assert_downloaded(tmp_path, files[0])
    assert len(server.paths("stall")) == 4


def test_should_stop_cancels_and_the_next_call_resumes(server: Mirrors, files, tmp_path: Path):
    content, table = files
    events: list[DownloadProgress] = []
    with pytest.raises(DownloadCancelled):
        download_mnist(
            tmp_path,
            mirrors=(server.base("good"),),
            files=table,
            progress=events.append,
            should_stop=lambda: len(events) >= 2,
        )
    name = "train-images-idx3-ubyte.gz"
    assert [p.name for p in tmp_path.iterdir()] == [f"{name}.part"]
    assert len(server.requests) == 1
    download_mnist(tmp_path, mirrors=(server.base("good"),), files=table)
    assert_downloaded(tmp_path, content)
    assert server.requests[1] == (f"/good/{name}", f"bytes={events[-1].done_bytes}-")


def test_file_mirror(files, tmp_path: Path) -> None:
    content, table = files
    source = tmp_path / "source"
    source.mkdir()
    for name, data in content.items():
        (source / name).write_bytes(data)
    (tmp_path / "dest").mkdir()
    (tmp_path / "dest" / "t10k-labels-idx1-ubyte.gz.part").write_bytes(b"stale")
    download_mnist(tmp_path / "dest", mirrors=(source.as_uri(),), files=table)
    assert_downloaded(tmp_path / "dest", content)


# --- the real thing -----------------------------------------------------------------------


def test_real_mnist(mnist_dir: Path) -> None:
    train = load_mnist(mnist_dir, "train")
    assert train.images.shape == (60000, 28, 28)
    assert train.images.dtype == np.uint8
    counts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(train.labels, minlength=10).tolist() == counts
    assert train.images.max() == 255 and np.median(train.images) == 0  # ink on background
    test = load_mnist(mnist_dir, "test")
    assert test.images.shape == (10000, 28, 28) and len(test) == 10000
    for entry in FILES.values():
        data = (mnist_dir / entry.filename).read_bytes()
        assert (len(data), hashlib.md5(data).hexdigest()) == (entry.size, entry.md5)


# --- bounded reads and downloads (issue 14) ------------------------------------------------


def test_a_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path, run_measured) -> None:
    """A 2 MB .gz expanding to 2 GB used to be decompressed whole (4.3 GB of memory)."""
    path = tmp_path / "train-images-idx3-ubyte.gz"
    header = gzip.compress(idx_bytes(8, (60000, 28, 28), b""))  # MNIST's: 47 MB of data
    zeros = gzip.compress(bytes(1 << 20), compresslevel=9)  # but 1 GiB of it: gzip members
    path.write_bytes(header + zeros * 1024)  # may follow each other in one file
    assert path.stat().st_size < 2 << 20
    code = f"""
from lenet_gui.engine.mnist import DatasetError, read_idx
try:
    read_idx({str(path)!r})
except DatasetError as exc:
    print(exc)
"""
    message, peak_mb = run_measured(code)
    assert message == (
        "train-images-idx3-ubyte.gz: trailing data: expected 47040000 bytes of data, "
        "found more than 47040000"
    )
    assert peak_mb < 150


def test_a_header_declaring_more_than_mnist_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(8, (1_000_000, 28, 28), bytes(100))))
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    assert str(info.value) == (
        "train-images-idx3-ubyte.gz: the header declares 784000000 bytes of data, far more "
        "than MNIST's (at most 268435456)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte.gz"
    os.mkfifo(path)
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    assert str(info.value) == f"{path}: cannot read (a named pipe)"


def test_a_trickling_server_fails_at_the_deadline(server: Mirrors, files, tmp_path: Path):
    """One byte every 50 ms passes every per-read timeout; only a deadline ends it."""
    start = time.monotonic()
    with pytest.raises(DatasetError) as info:
        download_mnist(
            tmp_path, mirrors=(server.base("trickle"),), files=files[1], timeout=5, deadline=1.5
        )
    assert time.monotonic() - start < 5
    name = "train-images-idx3-ubyte.gz"
    assert str(info.value) == (
        f"{name}: download failed; last error: {server.base('trickle')}{name}: timed out"
    )
    part = tmp_path / f"{name}.part"
    assert 0 < part.stat().st_size < files[1]["train-images"].size  # kept, to resume


def test_a_response_longer_than_the_file_is_cut_off(server: Mirrors, files, tmp_path: Path):
    """Without a Content-Length the .part used to grow to 1000 MiB for a 4,542-byte file."""
    content, table = files
    name = "train-images-idx3-ubyte.gz"
    with pytest.raises(DatasetError) as info:
        download_mnist(tmp_path, mirrors=(server.base("endless"),), files=table)
    size = table["train-images"].size
    assert str(info.value) == (
        f"{name}: download failed; last error: {server.base('endless')}{name}: the server "
        f"sent more than the file's {size:,} bytes"
    )
    assert list(tmp_path.iterdir()) == []
    download_mnist(tmp_path, mirrors=(server.base("endless"), server.base("good")), files=table)
    assert_downloaded(tmp_path, content)


def test_each_file_must_arrive_at_a_minimum_rate(
    server: Mirrors, files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Without a deadline given, a trickle still ends: each file's time is bounded by its
    size (here 0.5 s of grace and 1 MB/s, shortened from 10 s and 50 KB/s)."""
    monkeypatch.setattr(mnist, "_GRACE_S", 0.5)
    monkeypatch.setattr(mnist, "_MIN_RATE", 1_000_000)
    start = time.monotonic()
    with pytest.raises(DatasetError, match=r": timed out$"):
        download_mnist(tmp_path, mirrors=(server.base("trickle"),), files=files[1])
    assert time.monotonic() - start < 3
