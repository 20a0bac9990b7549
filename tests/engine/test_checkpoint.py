"""The torch-free weights reader: same tensors as torch.load, and hostile archives refused.

Ordinary bad files (truncated, garbage, code in the pickle, wrong shapes) are tested
through load_weights in test_weights.py; these tests build archives by hand to reach the
reader's own checks.
"""

from __future__ import annotations

import collections
import io
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from lenet_gui.engine.checkpoint import FORMAT, WeightsError, read_checkpoint
from lenet_gui.engine.models import build_model
from lenet_gui.engine.weights import save_weights
from lenet_gui.paths import bundled_weights


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_reads_the_bundled_files_exactly_as_torch_does(arch: str):
    path = bundled_weights(arch)
    assert path.is_file(), f"the bundled weights are missing: {path}"
    checkpoint = read_checkpoint(path)
    reference = torch.load(path, map_location="cpu", weights_only=True)
    assert checkpoint.config.arch == arch
    assert checkpoint.metadata == reference["metadata"]
    assert list(checkpoint.state) == list(reference["state_dict"])
    for key, tensor in reference["state_dict"].items():
        assert checkpoint.state[key].dtype == np.float32
        assert np.array_equal(checkpoint.state[key], tensor.numpy()), key


def test_tensors_saved_as_views_and_in_double_precision(tmp_path: Path):
    """torch.save keeps a view's storage, offset and strides; the reader must honour them."""
    torch.manual_seed(0)
    state = {k: v.clone() for k, v in build_model().state_dict().items()}
    big = torch.randn(84, 240, dtype=torch.float64)
    state["F6.weight"] = big[:, ::2]  # strided view of a larger storage
    state["F6.bias"] = big[3, 10:94]  # offset into the same storage
    path = tmp_path / "views.pt"
    torch.save({"format": FORMAT, "config": {"arch": "modern"}, "state_dict": state}, path)
    checkpoint = read_checkpoint(path)
    np.testing.assert_array_equal(checkpoint.state["F6.weight"], big[:, ::2].float().numpy())
    np.testing.assert_array_equal(checkpoint.state["F6.bias"], big[3, 10:94].float().numpy())
    assert checkpoint.metadata == {}


class _Storage:
    """Stands for a tensor's storage while pickling a hand-made archive."""

    def __init__(self, key: str, values: np.ndarray) -> None:
        self.key, self.values = key, values


class _Tensor:
    def __init__(self, storage: _Storage, offset: int, size: tuple, stride: tuple) -> None:
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            return ("storage", torch.FloatStorage, obj.key, "cpu", obj.values.size)
        return None


def _archive(path: Path, state: dict, storages: list[_Storage], *, cut: int = 0) -> Path:
    """A weights archive laid out as torch.save does; `cut` drops bytes from each buffer."""
    payload = {"format": FORMAT, "config": {"arch": "modern"}, "state_dict": state}
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=2).dump(payload)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", buffer.getvalue())
        archive.writestr("archive/byteorder", "little")
        archive.writestr("archive/version", "3\n")
        for storage in storages:
            data = storage.values.astype("<f4").tobytes()
            archive.writestr(f"archive/data/{storage.key}", data[: len(data) - cut])
    return path


def _modern_state() -> tuple[dict, list[_Storage]]:
    state, storages = {}, []
    for i, (key, tensor) in enumerate(build_model().state_dict().items()):
        storage = _Storage(str(i), tensor.numpy().ravel())
        stride = tuple(tensor.stride())
        state[key] = _Tensor(storage, 0, tuple(tensor.shape), stride)
        storages.append(storage)
    return state, storages


def test_a_hand_made_archive_reads_like_torch(tmp_path: Path):
    state, storages = _modern_state()
    path = _archive(tmp_path / "hand.pt", state, storages)
    reference = torch.load(path, weights_only=True)["state_dict"]
    checkpoint = read_checkpoint(path)
    for key, tensor in reference.items():
        assert np.array_equal(checkpoint.state[key], tensor.numpy()), key


def test_a_tensor_reaching_past_its_data_is_refused(tmp_path: Path):
    """Strides that point outside the buffer must not read foreign memory."""
    state, storages = _modern_state()
    weight = state["C1.weight"]
    weight.args = (weight.args[0], 10, *weight.args[2:])  # offset 10 into a 150-value buffer
    path = _archive(tmp_path / "outside.pt", state, storages)
    with pytest.raises(WeightsError, match=r"a tensor larger than its data$"):
        read_checkpoint(path)


def test_a_buffer_shorter_than_announced_is_damaged(tmp_path: Path):
    state, storages = _modern_state()
    path = _archive(tmp_path / "short.pt", state, storages, cut=4)
    with pytest.raises(WeightsError, match="damaged, truncated"):
        read_checkpoint(path)


def test_integer_weights_are_refused(tmp_path: Path):
    state = {k: v.clone() for k, v in build_model().state_dict().items()}
    state["C1.bias"] = torch.arange(6)
    path = tmp_path / "ints.pt"
    torch.save({"format": FORMAT, "config": {"arch": "modern"}, "state_dict": state}, path)
    with pytest.raises(WeightsError, match=r"C1\.bias has dtype int64, expected floating point"):
        read_checkpoint(path)


def test_saved_and_read_back_without_torch_in_between(tmp_path: Path):
    torch.manual_seed(5)
    model = build_model()
    path = tmp_path / "mine.pt"
    save_weights(path, model, {"note": "mine"})
    checkpoint = read_checkpoint(path)
    assert checkpoint.metadata["note"] == "mine"
    for key, tensor in model.state_dict().items():
        assert np.array_equal(checkpoint.state[key], tensor.numpy())


# ---------------------------------------------------------------- hostile files (issue 14)

_READ = """
from lenet_gui.engine.checkpoint import WeightsError, read_checkpoint
try:
    read_checkpoint({path!r})
except WeightsError as exc:
    print(exc)
"""


def _bomb_archive(path: Path, member: str, size: int) -> Path:
    """A modern archive whose `member` inflates to `size` zero bytes (a few KB on disk)."""
    state, storages = _modern_state()
    _archive(path, state, storages)
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name != member:
                archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as out:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                out.write(chunk)
    return path


@pytest.mark.parametrize("member", ["archive/data/0", "archive/data.pkl"])
def test_a_zip_member_bomb_is_refused_in_bounded_memory(tmp_path: Path, run_measured, member):
    """A small file whose member inflates to 400 MB used to be read whole (4 GB at 2 GB)."""
    path = _bomb_archive(tmp_path / "bomb.pt", member, 400 << 20)
    assert path.stat().st_size < 2 << 20
    message, peak_mb = run_measured(_READ.format(path=str(path)))
    expected = {
        "archive/data/0": "bomb.pt: not a usable weights file: damaged, truncated or not a "
        "PyTorch file",
        "archive/data.pkl": "bomb.pt: not a usable weights file: a pickle far larger than a "
        "LeNet-5 weights file needs",
    }[member]
    assert message == expected
    assert peak_mb < 150


def test_a_stride_0_tensor_is_refused_before_it_is_built(tmp_path: Path, run_measured):
    """10^9 elements of one value used to be materialised (3.8 GB) before the shape check."""
    state, storages = _modern_state()
    weight = state["C1.weight"]
    weight.args = (weight.args[0], 0, (10**9,), (0,), *weight.args[4:])
    path = _archive(tmp_path / "stride0.pt", state, storages)
    message, peak_mb = run_measured(_READ.format(path=str(path)))
    assert (
        message == "stride0.pt: not a usable weights file: a tensor larger than any LeNet-5 layer"
    )
    assert peak_mb < 150


def test_overlapping_strides_are_refused(tmp_path: Path):
    state, storages = _modern_state()
    weight = state["C1.weight"]
    weight.args = (weight.args[0], 0, (6, 1, 5, 5), (0, 25, 5, 1), *weight.args[4:])
    path = _archive(tmp_path / "overlap.pt", state, storages)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert (
        str(info.value) == "overlap.pt: not a usable weights file: a tensor whose elements overlap"
    )


def _with_metadata(tmp_path: Path, metadata: object) -> Path:
    state = {k: v.clone() for k, v in build_model().state_dict().items()}
    path = tmp_path / "meta.pt"
    payload = {"format": FORMAT, "config": {"arch": "modern"}, "state_dict": state}
    torch.save({**payload, "metadata": metadata}, path)
    return path


def _laughs() -> dict:
    """Shared lists: 30 levels of two references each print as 2^30 values."""
    level: list = ["lol"]
    for _ in range(30):
        level = [level, level]
    return {"history": level}


def _self_referencing() -> dict:
    loop: list = []
    loop.append(loop)
    return {"history": loop}


ODD_METADATA = {
    "laughs": (_laughs, "nested too deeply"),
    "self-reference": (_self_referencing, "nested too deeply"),
    "tuple key": (lambda: {"training": {(1, 2): "x"}}, "has a key that is not text (tuple)"),
    "tensor": (
        lambda: {"versions": {"torch": torch.ones(3)}},
        "holds something other than plain data (a tensor)",
    ),
    "nan": (lambda: {"test_accuracy": float("nan")}, "a value that is not a finite number"),
    "wide": (lambda: {"history": [[0] * 1000] * 200}, "is too large"),
}


@pytest.mark.parametrize("case", ODD_METADATA)
def test_metadata_must_be_plain_bounded_data(tmp_path: Path, case: str):
    make, detail = ODD_METADATA[case]
    path = _with_metadata(tmp_path, make())
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert str(info.value).startswith("meta.pt: not a usable weights file: its metadata ")
    assert str(info.value).endswith(detail)


def test_plain_but_unexpected_metadata_is_kept(tmp_path: Path):
    path = _with_metadata(tmp_path, {"test_accuracy": "high", "date": None, "ranges": (1, 2)})
    assert read_checkpoint(path).metadata == {
        "test_accuracy": "high",
        "date": None,
        "ranges": (1, 2),
    }


@pytest.mark.parametrize(
    ("dtype", "name"), [(torch.bfloat16, "bfloat16"), (torch.complex64, "complex64")]
)
def test_unusual_tensor_types_are_named(tmp_path: Path, dtype: torch.dtype, name: str):
    state = {k: v.clone() for k, v in build_model().state_dict().items()}
    state["C3.weight"] = state["C3.weight"].to(dtype)
    path = tmp_path / "typed.pt"
    torch.save({"format": FORMAT, "config": {"arch": "modern"}, "state_dict": state}, path)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert str(info.value) == f"typed.pt: C3.weight has dtype {name}, expected floating point"


def test_huge_finite_weights_are_refused(tmp_path: Path):
    """Finite but absurd weights made every output NaN ("0  nan %", NaN in --json)."""
    model = build_model()
    with torch.no_grad():
        model.state_dict()["F6.weight"][0, 0] = 3e38
    path = tmp_path / "huge.pt"
    save_weights(path, model)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert str(info.value) == (
        "huge.pt: F6.weight holds values far too large for trained weights (up to 3e+38)"
    )


def test_a_folder_and_an_unreadable_file_are_named_as_such(tmp_path: Path, monkeypatch):
    with pytest.raises(WeightsError) as info:
        read_checkpoint(tmp_path)
    assert str(info.value) == f"{tmp_path.name}: not a weights file but a folder"
    path = tmp_path / "locked.pt"
    save_weights(path, build_model())
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anyway: make open() answer as it would
        from lenet_gui.engine import checkpoint

        def denied(target):
            raise PermissionError(13, "Permission denied", str(target))

        monkeypatch.setattr(checkpoint, "open_regular", denied)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert str(info.value) == "locked.pt: cannot read the file (Permission denied)"


def _raw_pickle_archive(path: Path, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", data)
        archive.writestr("archive/byteorder", "little")
    return path


def test_a_memo_index_bomb_is_refused_before_unpickling(tmp_path: Path, run_measured):
    """One LONG_BINPUT of 4e9 made the C unpickler size its memo to it: seconds, gigabytes."""
    data = b"\x80\x02}r" + (0xF0000000).to_bytes(4, "little") + b"."
    path = _raw_pickle_archive(tmp_path / "memo.pt", data)
    message, peak_mb = run_measured(_READ.format(path=str(path)))
    assert message == "memo.pt: not a usable weights file: a pickle with an absurd memo index"
    assert peak_mb < 150


def test_opcodes_torch_never_writes_are_refused(tmp_path: Path):
    """Bytearrays, out-of-band buffers and protocol-0 instances have no place in a weights
    file (BUILD is written for state dicts; test_build_reaches_nothing covers it)."""
    for name, data in {
        "bytearray": b"\x80\x05\x96\x03\x00\x00\x00\x00\x00\x00\x00abc.",
        "inst": b"(icollections\nOrderedDict\n.",
    }.items():
        path = _raw_pickle_archive(tmp_path / f"{name}.pt", data)
        with pytest.raises(WeightsError) as info:
            read_checkpoint(path)
        assert str(info.value) == (
            f"{name}.pt: not a usable weights file: it holds Python objects, not only tensors "
            "(refused for safety)"
        )


def test_build_reaches_nothing_it_could_change(tmp_path: Path):
    """BUILD sets attributes: on the tensor rebuild function it would change this module for
    every later file. Each file gets its own copy of the function; storage types refuse."""
    from lenet_gui.engine import checkpoint

    state, storages = _modern_state()
    path = _archive(tmp_path / "hand.pt", state, storages)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("archive/data.pkl")
    # after the GLOBAL torch._utils._rebuild_tensor_v2: BUILD (None, {"__defaults__": (1,)})
    glob = b"ctorch._utils\n_rebuild_tensor_v2\n"
    at = data.index(glob) + len(glob)
    patched = data[:at] + b"N}X\x0c\x00\x00\x00__defaults__K\x01\x85s\x86b" + data[at:]
    _raw_pickle_archive(tmp_path / "build.pt", patched)
    with zipfile.ZipFile(tmp_path / "build.pt", "a") as archive:
        for storage in storages:
            archive.writestr(f"archive/data/{storage.key}", storage.values.astype("<f4").tobytes())
    defaults = checkpoint._rebuild_tensor.__defaults__
    read_checkpoint(tmp_path / "build.pt")  # reads: the BUILD changed only its own copy
    assert checkpoint._rebuild_tensor.__defaults__ == defaults


def test_a_plain_torch_state_dict_is_named_as_foreign(tmp_path: Path):
    """torch.save(model.state_dict()) pickles an OrderedDict with BUILD: say what it is."""
    path = tmp_path / "foreign.pt"
    torch.save(build_model().state_dict(), path)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert str(info.value) == "foreign.pt: not a LeNet-5 Drawing Pad weights file"


def test_names_from_the_file_make_one_short_line(tmp_path: Path):
    """Keys and settings come from the file: newlines, other types, thousands of them."""
    state = {k: v.clone() for k, v in build_model().state_dict().items()}
    state.update({f"extra{i}\nline": torch.zeros(1) for i in range(1000)})
    state[7] = torch.zeros(1)
    path = tmp_path / "odd.pt"
    torch.save({"format": FORMAT, "config": {"arch": "modern"}, "state_dict": state}, path)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    message = str(info.value)
    assert message.startswith(
        "odd.pt: does not match the modern LeNet-5 (unexpected 'extra0\\nline', "
    )
    assert message.endswith(" and 996 more)") and "\n" not in message and len(message) < 300
    torch.save({"format": FORMAT, "config": {"arch": "x\n" * 10_000}, "state_dict": {}}, path)
    with pytest.raises(WeightsError) as info:
        read_checkpoint(path)
    assert str(info.value).startswith("odd.pt: bad model settings: ")
    assert "\n" not in str(info.value) and len(str(info.value)) < 200
