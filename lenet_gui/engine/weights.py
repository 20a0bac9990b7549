"""Weights files: saved atomically with their metadata, loaded without executing code.

A file is a plain dict of tensors and built-in types written by `torch.save`:

    {"format": "lenet-gui-weights/1", "config": {...}, "state_dict": {...}, "metadata": {...}}

`load_weights` reads it with `torch.load(weights_only=True)` (no pickle code runs) and
checks it against the architecture it claims: keys, shapes, dtypes, finite values.
Anything wrong becomes one `WeightsError` with a message a user can act on.
"""

from __future__ import annotations

import datetime as _dt
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from lenet_gui import __version__
from lenet_gui.engine.atomic import atomic_path
from lenet_gui.engine.models import LeNetConfig, build_model, count_parameters

FORMAT = "lenet-gui-weights/1"


class WeightsError(Exception):
    """A weights file that cannot be used, with a one-line reason."""


@dataclass
class LoadedWeights:
    model: nn.Module
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


def library_versions() -> dict[str, str]:
    return {
        "lenet_gui": __version__,
        "torch": str(torch.__version__),  # TorchVersion is not a plain str; weights_only refuses it
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def save_weights(
    path: str | Path, model: nn.Module, metadata: dict[str, Any] | None = None
) -> None:
    """Write `model` and its metadata to `path` atomically (temp file, then rename).

    Architecture, parameter count, date and library versions are filled in; `metadata`
    adds the rest (test accuracy, training configuration, ...).
    """
    config: LeNetConfig = model.config
    meta = {
        "arch": config.arch,
        "params": count_parameters(model),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
        **(metadata or {}),
    }
    state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    payload = {"format": FORMAT, "config": config.to_dict(), "state_dict": state, "metadata": meta}
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)


def load_weights(path: str | Path) -> LoadedWeights:
    """Load and validate a weights file; raises WeightsError saying what is wrong."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise WeightsError(f"{name}: no such file")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # zip, pickle and storage errors all mean "not usable"
        if "Unsupported global" in str(exc):
            # weights_only refuses objects that would need code to rebuild: not our format
            reason = "it holds Python objects, not only tensors (refused for safety)"
        else:
            reason = "damaged, truncated or not a PyTorch file"
        raise WeightsError(f"{name}: not a usable weights file: {reason}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise WeightsError(f"{name}: not a LeNet-5 Drawing Pad weights file")
    try:
        config = LeNetConfig.from_dict(payload["config"])
        model = build_model(config)
    except (KeyError, TypeError, ValueError) as exc:
        raise WeightsError(f"{name}: bad model settings: {exc}") from None
    state = payload.get("state_dict")
    if not isinstance(state, dict):
        raise WeightsError(f"{name}: no weights in the file")
    _check_state(name, model, state)
    model.load_state_dict(state)
    model.eval()
    metadata = payload.get("metadata") if isinstance(payload.get("metadata"), dict) else {}
    return LoadedWeights(model=model, metadata=metadata, path=path)


def _check_state(name: str, model: nn.Module, state: dict[str, Any]) -> None:
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    extra = sorted(set(state) - set(expected))
    if missing or extra:
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(extra)}" if extra else "",
            )
            if part
        )
        arch = model.config.arch
        raise WeightsError(f"{name}: does not match the {arch} LeNet-5 ({detail})")
    for key, want in expected.items():
        got = state[key]
        if not isinstance(got, torch.Tensor):
            raise WeightsError(f"{name}: {key} is not a tensor")
        if got.shape != want.shape:
            raise WeightsError(
                f"{name}: {key} has shape {tuple(got.shape)}, expected {tuple(want.shape)}"
            )
        if not got.is_floating_point():
            raise WeightsError(f"{name}: {key} has dtype {got.dtype}, expected floating point")
        if not torch.isfinite(got).all():
            raise WeightsError(f"{name}: {key} contains NaN or infinite values")
