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

Every read is bounded before it is made: the file's size, each zip member's decompressed
size (the pickle, and each tensor's buffer by the element count the pickle declares), each
tensor's shape (no overlapping strides, nothing larger than a LeNet-5 layer), and the
metadata (plain JSON-like data, limited depth and size), so a small hostile file cannot
make the reader take gigabytes.

    checkpoint = read_checkpoint("weights/lenet5-modern.pt")
    checkpoint.config, checkpoint.state["C1.weight"].shape, checkpoint.metadata
"""

from __future__ import annotations

import collections
import io
import math
import os
import pickle
import pickletools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np

from lenet_gui.engine.architecture import LeNetConfig, parameter_shapes
from lenet_gui.engine.errors import UserError
from lenet_gui.engine.files import NotRegularFile, open_regular

FORMAT = "lenet-gui-weights/1"

_ByteOrder = Literal["<", ">"]

# Bounds on what a weights file may make the reader allocate. A LeNet-5 has 61,706
# parameters (the 1998 one 60,000 odd); the largest tensor, C5's weight, 48,000. These leave
# room for more output classes and float64, and stop a file at tens of megabytes.
_MAX_FILE_BYTES = 64 << 20
_MAX_PICKLE_BYTES = 256 << 10
# The pickle opcodes torch.save writes (protocols 2 to 4), and nothing else: no out-of-band
# buffers, no bytearrays, no protocol-0 instances. BUILD (a state dict's `_metadata`) can
# reach only objects that refuse or ignore it. Memo slots are an array in the C unpickler:
# one index of 4e9 would make it allocate gigabytes.
# fmt: off
_OPCODES = frozenset({
    "PROTO", "FRAME", "STOP", "MARK", "POP", "POP_MARK", "DUP", "NONE", "NEWTRUE", "NEWFALSE",
    "INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT",
    "STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE",
    "BINUNICODE8", "BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "EMPTY_LIST", "APPEND",
    "APPENDS", "LIST", "EMPTY_TUPLE", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_DICT",
    "DICT", "SETITEM", "SETITEMS", "GLOBAL", "STACK_GLOBAL", "REDUCE", "BINPERSID", "PUT",
    "BINPUT", "LONG_BINPUT", "MEMOIZE", "GET", "BINGET", "LONG_BINGET", "BUILD",
})
# fmt: on
_MEMO_OPCODES = frozenset({"PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET", "LONG_BINGET"})
_MAX_MEMO = 100_000
_MAX_TENSOR_ELEMENTS = 1_000_000
_MAX_TENSOR_BYTES = 32 << 20  # all buffers together
_MAX_NDIM = 8
# Metadata must be plain data a JSON printer can show: nesting and size are limited.
_MAX_META_DEPTH = 16
_MAX_META_ITEMS = 100_000
_MAX_META_CHARS = 1_000_000
# No trained LeNet-5 has weights anywhere near this; values beyond it overflow float32
# activations (the outputs become NaN), so they mean a broken or hostile file.
_MAX_WEIGHT = 1e4

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
    "ComplexFloatStorage": np.complex64,
    "ComplexDoubleStorage": np.complex128,
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


class _Unusable(Exception):
    """The file breaks a bound or its own sizes; the message says how, for the user."""


@dataclass(frozen=True, slots=True)  # slots: a pickle's BUILD cannot change it
class _StorageType:
    dtype: np.dtype[Any] | None  # None: a torch type numpy has no equivalent of
    name: str  # torch's name of the element type, e.g. "bfloat16"


@dataclass(frozen=True, slots=True)
class _Unsupported:
    """A tensor of a type that cannot be read (bfloat16, float8, quantised ...), kept as its
    type's name so the file is refused for what it is."""

    dtype: str
    shape: tuple[int, ...]


def _storage_type(name: str, order: _ByteOrder) -> _StorageType:
    """torch.<Type>Storage → its numpy dtype (None if numpy has none)."""
    dtype = _STORAGE_DTYPES.get(name)
    readable = name.removesuffix("Storage")
    label = {"Float": "float32", "Double": "float64", "Half": "float16"}.get(readable, readable)
    if dtype is None:
        return _StorageType(None, label.lower())
    return _StorageType(np.dtype(dtype).newbyteorder(order), np.dtype(dtype).name)


def _rebuild_tensor(
    storage: np.ndarray | _Unsupported,
    offset: int,
    size: tuple[int, ...],
    stride: tuple[int, ...],
    requires_grad: bool = False,
    backward_hooks: Any = None,
    metadata: Any = None,
) -> np.ndarray | _Unsupported:
    """torch._utils._rebuild_tensor_v2, for numpy: a strided view of the storage, copied.

    The shape is checked before anything is allocated: sizes and strides must describe
    distinct elements (no stride 0, no overlap) inside the buffer, and at most
    _MAX_TENSOR_ELEMENTS of them.
    """
    if not isinstance(storage, (np.ndarray, _Unsupported)):
        raise _Refused("a tensor without its storage")
    if not (isinstance(size, tuple) and isinstance(stride, tuple)):
        raise _Unusable("a tensor with a malformed shape")
    numbers = (offset, *size, *stride)
    if (
        len(size) != len(stride)
        or len(size) > _MAX_NDIM
        or not all(type(n) is int and n >= 0 for n in numbers)
    ):
        raise _Unusable("a tensor with a malformed shape")
    count = math.prod(size)
    if count > _MAX_TENSOR_ELEMENTS:
        raise _Unusable("a tensor larger than any LeNet-5 layer")
    if isinstance(storage, _Unsupported):
        return _Unsupported(storage.dtype, size)
    if count == 0:
        return np.zeros(size, storage.dtype)
    span = 1  # distinct elements: each stride reaches past everything the smaller ones cover
    for n, s in sorted((d for d in zip(size, stride, strict=True) if d[0] > 1), key=lambda d: d[1]):
        if s < span:
            raise _Unusable("a tensor whose elements overlap")
        span = s * n
    last = offset + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
    if last >= storage.size:  # would read past its buffer
        raise _Unusable("a tensor larger than its data")
    item = storage.itemsize
    view = np.lib.stride_tricks.as_strided(
        storage[offset:], shape=size, strides=[s * item for s in stride], writeable=False
    )
    return view.copy()


class _OrderedDict(collections.OrderedDict[Any, Any]):
    """What a state dict unpickles to: its BUILD (torch's `_metadata` attribute) is ignored,
    so a pickle cannot set attributes."""

    def __setstate__(self, state: object) -> None:
        pass


class _Unpickler(pickle.Unpickler):
    def __init__(
        self, data: bytes, archive: zipfile.ZipFile, prefix: str, order: _ByteOrder
    ) -> None:
        super().__init__(io.BytesIO(data))
        self._archive, self._prefix, self._order = archive, prefix, order
        self._storages: dict[str, np.ndarray | _Unsupported] = {}
        self._bytes = 0

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return lambda *args: _rebuild_tensor(*args)  # BUILD may only touch this copy
        if (module, name) == ("collections", "OrderedDict"):
            return _OrderedDict
        if module == "torch" and name.endswith("Storage") and name.isidentifier():
            return _storage_type(name, self._order)
        raise _Refused(f"{module}.{name}")

    def persistent_load(self, pid: Any) -> np.ndarray | _Unsupported:
        """A tensor's storage: ("storage", type, key, location, element count)."""
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise _Refused("an unknown kind of stored object")
        _, kind, key, _location, count = pid
        if not isinstance(kind, _StorageType) or type(count) is not int:
            raise _Refused("a storage of unknown type")
        key = str(key)
        if key not in self._storages:
            if kind.dtype is None:  # never read: it could not be used anyway
                self._storages[key] = _Unsupported(kind.name, ())
                return self._storages[key]
            if not 0 <= count <= _MAX_TENSOR_ELEMENTS:
                raise _Unusable("a tensor larger than any LeNet-5 layer")
            size = count * kind.dtype.itemsize
            self._bytes += size
            if self._bytes > _MAX_TENSOR_BYTES:
                raise _Unusable("more tensor data than a LeNet-5 has")
            raw = _read_member(self._archive, f"{self._prefix}data/{key}", size)
            if len(raw) != size:
                raise ValueError("a tensor's data is truncated")
            self._storages[key] = np.frombuffer(raw, dtype=kind.dtype)
        return self._storages[key]


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A zip member's bytes, decompressing at most `limit` + 1 of them: a member that claims
    to be small but inflates to gigabytes stops there."""
    with archive.open(name) as member:
        return member.read(limit + 1)


def _unpickle(file: BinaryIO) -> Any:
    if os.fstat(file.fileno()).st_size > _MAX_FILE_BYTES:
        raise _Unusable("far larger than a LeNet-5 weights file")
    with zipfile.ZipFile(file) as archive:
        pickles = [n for n in archive.namelist() if n.endswith("data.pkl")]
        if len(pickles) != 1:
            raise ValueError("not a PyTorch archive")
        prefix = pickles[0][: -len("data.pkl")]
        order: _ByteOrder = "<"
        if f"{prefix}byteorder" in archive.namelist():
            order = (
                ">" if _read_member(archive, f"{prefix}byteorder", 16).strip() == b"big" else "<"
            )
        data = _read_member(archive, pickles[0], _MAX_PICKLE_BYTES)
        if len(data) > _MAX_PICKLE_BYTES:
            raise _Unusable("a pickle far larger than a LeNet-5 weights file needs")
        _check_opcodes(data)
        return _Unpickler(data, archive, prefix, order).load()


def _check_opcodes(data: bytes) -> None:
    """Refuse a pickle with an opcode torch.save never writes or an absurd memo index,
    before the C unpickler acts on any of it (pickletools only reads)."""
    for opcode, arg, _position in pickletools.genops(data):
        if opcode.name not in _OPCODES:
            raise _Refused(opcode.name)
        if opcode.name in _MEMO_OPCODES and not (isinstance(arg, int) and 0 <= arg <= _MAX_MEMO):
            raise _Unusable("a pickle with an absurd memo index")


def read_checkpoint(path: str | Path) -> Checkpoint:
    """Read and validate a weights file; raises WeightsError saying what is wrong."""
    path = Path(path)
    name = path.name
    try:
        opened = open_regular(path)
    except FileNotFoundError:
        raise WeightsError("{name}: no such file", name=name) from None
    except NotRegularFile as exc:
        raise WeightsError(
            "{name}: not a weights file but {kind}", name=name, kind=exc.kind
        ) from None
    except OSError as exc:  # no permission...
        raise WeightsError(
            "{name}: cannot read the file ({reason})", name=name, reason=exc.strerror or exc
        ) from None
    try:
        with opened as file:
            payload = _unpickle(file)
    except _Refused:
        raise WeightsError(
            "{name}: not a usable weights file: it holds Python objects, not only tensors "
            "(refused for safety)",
            name=name,
        ) from None
    except RecursionError:  # a pickle nested deeper than Python's stack
        raise WeightsError(
            "{name}: not a usable weights file: damaged, truncated or not a PyTorch file",
            name=name,
        ) from None
    except _Unusable as exc:
        raise WeightsError(
            "{name}: not a usable weights file: {detail}", name=name, detail=exc
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
        raise WeightsError(
            "{name}: bad model settings: {detail}", name=name, detail=_shown(str(exc))
        ) from None
    state = payload.get("state_dict")
    if not isinstance(state, dict):
        raise WeightsError("{name}: no weights in the file", name=name)
    _check_state(name, config, state)
    metadata = payload.get("metadata")
    if not isinstance(metadata, dict):
        metadata = {}
    problem = _metadata_problem(metadata)
    if problem:
        raise WeightsError(
            "{name}: not a usable weights file: its metadata {detail}", name=name, detail=problem
        )
    return Checkpoint(
        config=config,
        state={key: np.asarray(state[key], dtype=np.float32) for key in parameter_shapes(config)},
        metadata=metadata,
    )


def _shown(value: object, limit: int = 60) -> str:
    """Text from a file, fit for a one-line message: printable (else its repr), short."""
    text = value if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listed(names: list[str], limit: int = 5) -> str:
    more = len(names) - limit
    return ", ".join(names[:limit]) + (f" and {more} more" if more > 0 else "")


def _metadata_problem(metadata: dict[str, Any]) -> str | None:
    """What makes metadata other than plain data of bounded size, or None if it is.

    Plain: dicts with string keys, lists and tuples, strings, finite numbers, booleans and
    None, nested at most _MAX_META_DEPTH deep (which also ends a list holding itself), at
    most _MAX_META_ITEMS values and _MAX_META_CHARS characters of text in all (counted as
    printed, so a structure sharing one list many times is measured by its printout).
    """
    items = chars = 0
    stack: list[tuple[Any, int]] = [(metadata, 0)]
    while stack:
        value, depth = stack.pop()
        items += 1
        if depth > _MAX_META_DEPTH:
            return "is nested too deeply"
        if items > _MAX_META_ITEMS:
            return "is too large"
        if isinstance(value, dict):
            for key, item in value.items():
                if type(key) is not str:
                    return f"has a key that is not text ({type(key).__name__})"
                chars += len(key)
                stack.append((item, depth + 1))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            chars += len(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                return "holds a value that is not a finite number"
        elif isinstance(value, int) and not -(2**63) <= value < 2**63:
            return "holds a number too large to show"
        elif value is not None and not isinstance(value, (bool, int)):
            return f"holds something other than plain data ({_type_name(value)})"
        if chars > _MAX_META_CHARS:
            return "is too large"
    return None


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return "a tensor"
    if isinstance(value, _Unsupported):
        return f"a {value.dtype} tensor"
    return type(value).__name__


def _check_state(name: str, config: LeNetConfig, state: dict[str, Any]) -> None:
    """The tensors must be exactly the architecture's: same keys, shapes, finite floats."""
    expected = parameter_shapes(config)
    missing = sorted(set(expected) - set(state))
    extra = sorted(_shown(key) for key in state if key not in expected)
    if missing or extra:
        parts = [
            f"missing {_listed(missing)}" if missing else "",
            f"unexpected {_listed(extra)}" if extra else "",
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
        if isinstance(got, _Unsupported):
            raise WeightsError(
                "{name}: {key} has dtype {dtype}, expected floating point",
                name=name,
                key=key,
                dtype=got.dtype,
            )
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
        largest = float(np.abs(got).max()) if got.size else 0.0
        if largest > _MAX_WEIGHT:
            raise WeightsError(
                "{name}: {key} holds values far too large for trained weights (up to {value:.3g})",
                name=name,
                key=key,
                value=largest,
            )
