"""The user's own handwriting: labelled 28x28 digits kept in a per-user folder.

    store = SampleStore()                        # user_data_dir()/samples
    sample_id = store.add(prepared.digit28, 7)   # the drawing as LeNet-5's input saw it
    samples = store.load_all()                   # images uint8 (N, 28, 28), labels (N,)

One small PNG per sample, MNIST's way round (0 = background, 255 = ink), with the label in the
file name: `20250102T030405123456-1a2b_7.png`. There is no index to get out of step: the
folder listing is the index, every file is written atomically (temp file, then rename),
so a crash leaves either the whole sample or none, and deleting is one unlink. A damaged
or foreign file is skipped with a one-line note, never an exception.

numpy + Pillow only (no Qt, no torch), so the GUI can list samples before torch is loaded.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from lenet_gui.engine.atomic import atomic_path, remove_stale_temps
from lenet_gui.engine.errors import UserError
from lenet_gui.engine.preprocess import ImageError, load_image
from lenet_gui.paths import user_data_dir

SIZE = 28
_ID = r"\d{8}T\d{12}-[0-9a-f]{4}"
_NAME = re.compile(rf"^(?P<id>{_ID})_(?P<label>[0-9])\.png$")
_ID_ONLY = re.compile(rf"^{_ID}$")


class SamplesError(UserError):
    """The samples folder cannot be used; one line for the user."""


def default_samples_dir() -> Path:
    return user_data_dir() / "samples"


@dataclass(frozen=True)
class SampleInfo:
    """One stored sample, known from its file name alone (the image is not read)."""

    id: str
    label: int
    path: Path


@dataclass(frozen=True, eq=False)  # eq=False: == on arrays is elementwise, not a bool
class SampleSet:
    """Every readable sample, oldest first; `skipped` says which files could not be used."""

    images: np.ndarray  # uint8 (N, 28, 28), 0 = background, 255 = ink (as MNIST)
    labels: np.ndarray  # uint8 (N,)
    ids: list[str]
    skipped: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


def _new_id() -> str:
    """Sortable by creation time (microseconds) and unique across processes."""
    now = _dt.datetime.now(_dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(2)}"


def _to_uint8(digit28: np.ndarray) -> np.ndarray:
    """A 28x28 digit as uint8 ink: floats are ink coverage in [0, 1], integers 0..255."""
    digit = np.asarray(digit28)
    if digit.shape != (SIZE, SIZE):
        raise ValueError(f"a sample must be {SIZE}x{SIZE}, got shape {digit.shape}")
    if np.issubdtype(digit.dtype, np.floating):
        if not np.isfinite(digit).all():
            raise ValueError("a sample must not contain NaN or infinite values")
        digit = np.round(np.clip(digit, 0.0, 1.0) * 255.0)
    elif not np.issubdtype(digit.dtype, np.integer):
        raise ValueError(f"a sample must be numbers, got {digit.dtype}")
    out = np.clip(digit, 0, 255).astype(np.uint8)
    if not out.any():
        raise ValueError("the sample is empty (no ink)")
    return out


class SampleStore:
    """Add, list, delete and load the samples in one folder (created on the first add)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_samples_dir()

    def add(self, digit28: np.ndarray, label: int) -> str:
        """Store a digit with its label (0-9); returns the new sample's id.

        Raises ValueError for a bad label or image, OSError when the disk refuses.
        """
        if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
            raise ValueError(f"the label must be a digit 0-9, not {label!r}")
        if not 0 <= label <= 9:
            raise ValueError(f"the label must be a digit 0-9, not {label}")
        pixels = _to_uint8(digit28)
        sample_id = _new_id()
        with atomic_path(self.folder / f"{sample_id}_{int(label)}.png") as tmp:
            Image.fromarray(pixels, "L").save(tmp, format="PNG")
        remove_stale_temps(self.folder)  # every sample has a new name: none is retried
        return sample_id

    def _names(self) -> list[str]:
        """The folder's file names, sorted; none when it does not exist yet.

        Raises SamplesError when the folder cannot be listed (list, count and load_all
        all say so the same way)."""
        try:
            return sorted(p.name for p in self.folder.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise SamplesError(
                "{folder}: cannot read the folder ({reason})",
                folder=self.folder,
                reason=exc.strerror or exc,
            ) from None

    def list(self) -> list[SampleInfo]:
        """The samples' ids and labels, oldest first; files of other names are left out.
        Raises SamplesError for a folder that cannot be read."""
        found = []
        for name in self._names():
            match = _NAME.match(name)
            if match:
                found.append(SampleInfo(match["id"], int(match["label"]), self.folder / name))
        return found

    def count(self) -> int:
        return len(self.list())

    def delete(self, sample_id: str) -> bool:
        """Remove a sample; False if there is no such sample (already deleted)."""
        if not _ID_ONLY.match(sample_id):
            return False
        for info in self.list():
            if info.id == sample_id:
                info.path.unlink(missing_ok=True)
                return True
        return False

    def load_all(self) -> SampleSet:
        """Read every sample. Damaged files and foreign names are skipped and listed in
        `skipped` (temporary files of an interrupted write, named '.*', are ignored), as is
        a folder that cannot be read (the SamplesError's message)."""
        images, labels, ids, skipped = [], [], [], []
        try:
            names = self._names()
        except SamplesError as exc:
            names = []
            skipped.append(str(exc))
        for name in names:
            if name.startswith("."):
                continue
            match = _NAME.match(name)
            if match is None:
                skipped.append(f"{name}: not a sample file name (skipped)")
                continue
            try:
                pixels = _read(self.folder / name)
            except ValueError as exc:
                skipped.append(f"{name}: {exc} (skipped)")
                continue
            images.append(pixels)
            labels.append(int(match["label"]))
            ids.append(match["id"])
        stacked = np.stack(images) if images else np.zeros((0, SIZE, SIZE), np.uint8)
        return SampleSet(stacked, np.asarray(labels, dtype=np.uint8), ids, skipped)


def _read(path: Path) -> np.ndarray:
    """One sample file as uint8 (28, 28); ValueError with the reason if it is unusable.

    Read with preprocess.load_image like every other image: a foreign file dropped into
    the folder gets no other decoder than a drawing opened by hand."""
    try:
        pixels = np.asarray(load_image(path).convert("L"), dtype=np.uint8).copy()
    except ImageError as exc:
        reason = str(exc).removeprefix(f"{path.name}: ")
        raise ValueError(f"unreadable image ({reason})") from None
    if pixels.shape != (SIZE, SIZE):
        raise ValueError(f"{pixels.shape[1]}x{pixels.shape[0]} pixels, not {SIZE}x{SIZE}")
    return pixels
