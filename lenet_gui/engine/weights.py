"""Weights files: saved atomically with their metadata, loaded without executing code.

A file is a plain dict of tensors and built-in types written by `torch.save`:

    {"format": "lenet-gui-weights/1", "config": {...}, "state_dict": {...}, "metadata": {...}}

`load_weights` reads it with checkpoint.read_checkpoint (no torch, no pickle code runs) and
checks it against the architecture it claims: keys, shapes, dtypes, finite values.
Anything wrong becomes one `WeightsError` with a message a user can act on.
"""

from __future__ import annotations

import datetime as _dt
import io
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from lenet_gui import __version__
from lenet_gui.engine.atomic import atomic_write_bytes
from lenet_gui.engine.checkpoint import FORMAT, WeightsError, read_checkpoint
from lenet_gui.engine.models import LeNet5, LeNetConfig, build_model, count_parameters

__all__ = ["LoadedWeights", "WeightsError", "load_weights", "model_from_state", "save_weights"]


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


def save_weights(path: str | Path, model: LeNet5, metadata: dict[str, Any] | None = None) -> None:
    """Write `model` and its metadata to `path` atomically (temp file, then rename).

    Architecture, parameter count, date and library versions are filled in; `metadata`
    adds the rest (test accuracy, training configuration, ...). A symlink's target is
    written; raises OSError when the disk or the path refuses (the old file is kept).
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
    # Serialised in memory (a few hundred KB), then written with plain file writes: torch's
    # own zip writer turns a full disk into a RuntimeError ("unexpected pos"); this way it
    # is the OSError (ENOSPC) every caller handles, and the old file is kept.
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    atomic_write_bytes(path, buffer.getvalue())


def load_weights(path: str | Path) -> LoadedWeights:
    """Load and validate a weights file into a network; raises WeightsError saying what is
    wrong (see checkpoint.read_checkpoint, which does the reading and checking)."""
    checkpoint = read_checkpoint(path)
    return LoadedWeights(
        model=model_from_state(checkpoint.config, checkpoint.state),
        metadata=checkpoint.metadata,
        path=Path(path),
    )


def model_from_state(config: LeNetConfig, state: dict[str, np.ndarray]) -> LeNet5:
    """A network in eval mode holding the given (already validated) arrays."""
    model = build_model(config)
    model.load_state_dict({key: torch.from_numpy(np.array(value)) for key, value in state.items()})
    return model.eval()
