"""The torch-free weights reader: same tensors as torch.load, and hostile archives refused.

Ordinary bad files (truncated, garbage, code in the pickle, wrong shapes) are tested
through load_weights in test_weights.py; these tests build archives by hand to reach the
reader's own checks.
"""

from __future__ import annotations

import collections
import io
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
    with pytest.raises(WeightsError, match="refused for safety"):
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
