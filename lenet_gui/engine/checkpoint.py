"""Read a weights file into numpy arrays, without torch and without running any code.

A weights file is what `weights.save_weights` writes with `torch.save`: a zip archive
holding a pickle of

    {"format": "lenet-gui-weights/1", "config": {...}, "state_dict": {...}, "metadata": {...}}

plus one raw little-endian buffer per tensor. This module reads that layout itself, so the
app can show its first prediction while torch (seconds to import) is still loading, and
both the app and the training code share one validation. Like `torch.load(weights_only=
True)`, the unpickler refuses every global except the three a file of plain tensors needs
(the tensor rebuild function, storage types, OrderedDict), so a hostile file cannot run
code; tensors are bounds-checked against their buffers before numpy looks at them.

    checkpoint = read_checkpoint("weights/lenet5-modern.pt")
    checkpoint.config, checkpoint.state["C1.weight"].shape, checkpoint.metadata
"""

from __future__ import annotations

import collections
import io
import math
import pickle
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from lenet_gui.engine.architecture import LeNetConfig, parameter_shapes
from lenet_gui.engine.errors import UserError

FORMAT = "lenet-gui-weights/1"

# torch's legacy storage type names, as torch.save still writes them, and their dtypes
_STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}


class WeightsError(UserError):
    """A weights file that cannot be used, with a one-line reason."""


@dataclass
class Checkpoint:
    """A validated weights file: the network's settings, its tensors and its metadata."""

    config: LeNetConfig
    state: dict[str, np.ndarray]  # "layer.name" -> float32 array, exactly parameter_shapes()
    metadata: dict[str, Any] = field(default_factory=dict)


class _Refused(Exception):
    """The pickle asks for something a file of plain tensors never needs."""


@dataclass(frozen=True)
class _StorageType:
    dtype: np.dtype


def _rebuild_tensor(
    storage: np.ndarray,
    offset: int,
    size: tuple[int, ...],
    stride: tuple[int, ...],
    requires_grad: bool = False,
    backward_hooks: Any = None,
    metadata: Any = None,
) -> np.ndarray:
    """torch._utils._rebuild_tensor_v2, for numpy: a strided view of the storage, copied."""
    if not isinstance(storage, np.ndarray):
        raise _Refused("a tensor without its storage")
    numbers = (offset, *size, *stride)
    if len(size) != len(stride) or not all(isinstance(n, int) and n >= 0 for n in numbers):
        raise _Refused("a tensor with a malformed shape")
    if math.prod(size) == 0:
        return np.zeros(size, storage.dtype)
    last = offset + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
    if last >= storage.size:  # would read past its buffer
        raise _Refused("a tensor larger than its data")
    item = storage.itemsize
    view = np.lib.stride_tricks.as_strided(
        storage[offset:], shape=size, strides=[s * item for s in stride], writeable=False
    )
    return view.copy()


class _Unpickler(pickle.Unpickler):
    def __init__(
        self, data: bytes, archive: zipfile.ZipFile, prefix: str, order: Literal["<", ">"]
    ) -> None:
        super().__init__(io.BytesIO(data))
        self._archive, self._prefix, self._order = archive, prefix, order
        self._storages: dict[str, np.ndarray] = {}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(np.dtype(_STORAGE_DTYPES[name]).newbyteorder(self._order))
        raise _Refused(f"{module}.{name}")

    def persistent_load(self, pid: Any) -> np.ndarray:
        """A tensor's storage: ("storage", type, key, location, element count)."""
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise _Refused("an unknown kind of stored object")
        _, kind, key, _location, count = pid
        if not isinstance(kind, _StorageType) or not isinstance(count, int):
            raise _Refused("a storage of unknown type")
        key = str(key)
        if key not in self._storages:
            raw = self._archive.read(f"{self._prefix}data/{key}")
            if len(raw) != count * kind.dtype.itemsize:
                raise ValueError("a tensor's data is truncated")
            self._storages[key] = np.frombuffer(raw, dtype=kind.dtype)
        return self._storages[key]


def _unpickle(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        pickles = [n for n in archive.namelist() if n.endswith("data.pkl")]
        if len(pickles) != 1:
            raise ValueError("not a PyTorch archive")
        prefix = pickles[0][: -len("data.pkl")]
        order: Literal["<", ">"] = "<"
        if f"{prefix}byteorder" in archive.namelist():
            order = ">" if archive.read(f"{prefix}byteorder").strip() == b"big" else "<"
        return _Unpickler(archive.read(pickles[0]), archive, prefix, order).load()


def read_checkpoint(path: str | Path) -> Checkpoint:
    """Read and validate a weights file; raises WeightsError saying what is wrong."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise WeightsError("{name}: no such file", name=name)
    try:
        payload = _unpickle(path)
    except _Refused:
        raise WeightsError(
            "{name}: not a usable weights file: it holds Python objects, not only tensors "
            "(refused for safety)",
            name=name,
        ) from None
    except Exception:  # zip, pickle and buffer errors all mean "not usable"
        raise WeightsError(
            "{name}: not a usable weights file: damaged, truncated or not a PyTorch file",
            name=name,
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise WeightsError("{name}: not a LeNet-5 Drawing Pad weights file", name=name)
    try:
        config = LeNetConfig.from_dict(payload["config"])
    except (KeyError, TypeError, ValueError) as exc:
        raise WeightsError("{name}: bad model settings: {detail}", name=name, detail=exc) from None
    state = payload.get("state_dict")
    if not isinstance(state, dict):
        raise WeightsError("{name}: no weights in the file", name=name)
    _check_state(name, config, state)
    metadata = payload.get("metadata")
    return Checkpoint(
        config=config,
        state={key: np.asarray(state[key], dtype=np.float32) for key in parameter_shapes(config)},
        metadata=metadata if isinstance(metadata, dict) else {},
    )


def _check_state(name: str, config: LeNetConfig, state: dict[str, Any]) -> None:
    """The tensors must be exactly the architecture's: same keys, shapes, finite floats."""
    expected = parameter_shapes(config)
    missing = sorted(set(expected) - set(state))
    extra = sorted(set(state) - set(expected))
    if missing or extra:
        parts = [
            f"missing {', '.join(missing)}" if missing else "",
            f"unexpected {', '.join(extra)}" if extra else "",
        ]
        detail = "; ".join(part for part in parts if part)
        raise WeightsError(
            "{name}: does not match the {arch} LeNet-5 ({detail})",
            name=name,
            arch=config.arch,
            detail=detail,
        )
    for key, shape in expected.items():
        got = state[key]
        if not isinstance(got, np.ndarray):
            raise WeightsError("{name}: {key} is not a tensor", name=name, key=key)
        if got.shape != shape:
            raise WeightsError(
                "{name}: {key} has shape {shape}, expected {expected}",
                name=name,
                key=key,
                shape=got.shape,
                expected=shape,
            )
        if got.dtype.kind != "f":
            raise WeightsError(
                "{name}: {key} has dtype {dtype}, expected floating point",
                name=name,
                key=key,
                dtype=got.dtype,
            )
        if not np.isfinite(got).all():
            raise WeightsError("{name}: {key} contains NaN or infinite values", name=name, key=key)
