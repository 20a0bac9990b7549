"""Weights files: round trip with metadata, atomic writes, and every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from lenet_gui.engine.atomic import atomic_path
from lenet_gui.engine.models import build_model
from lenet_gui.engine.weights import FORMAT, WeightsError, load_weights, save_weights
from lenet_gui.paths import bundled_weights


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, torch.nn.Module]:
    torch.manual_seed(1)
    model = build_model()
    path = tmp_path / "model.pt"
    save_weights(path, model, {"test_accuracy": 0.5, "training": {"epochs": 1}})
    return path, model


def test_round_trip_keeps_weights_and_metadata(saved):
    path, model = saved
    loaded = load_weights(path)
    x = torch.rand(2, 1, 32, 32)
    assert torch.equal(loaded.model(x), model.eval()(x))
    meta = loaded.metadata
    assert meta["arch"] == "modern"
    assert meta["params"] == 61_706
    assert meta["test_accuracy"] == 0.5
    assert meta["training"] == {"epochs": 1}
    assert {"torch", "numpy", "lenet_gui", "python"} <= set(meta["versions"])
    assert meta["date"].startswith("20")


def test_missing_file(tmp_path: Path):
    with pytest.raises(WeightsError, match=r"nope\.pt: no such file"):
        load_weights(tmp_path / "nope.pt")


def test_truncated_file(saved):
    path, _ = saved
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsError, match="damaged, truncated"):
        load_weights(path)


def test_garbage_file(tmp_path: Path):
    path = tmp_path / "junk.pt"
    path.write_bytes(b"this is not a weights file\n" * 50)
    with pytest.raises(WeightsError, match="damaged, truncated"):
        load_weights(path)


class _Evil:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_file_with_code_is_refused_without_running_it(tmp_path: Path, capsys):
    path = tmp_path / "evil.pt"
    torch.save({"format": FORMAT, "payload": _Evil()}, path)
    with pytest.raises(WeightsError, match="Python objects"):
        load_weights(path)
    assert "must never run" not in capsys.readouterr().out


def test_foreign_state_dict_is_rejected(tmp_path: Path):
    path = tmp_path / "foreign.pt"
    torch.save(build_model().state_dict(), path)
    with pytest.raises(WeightsError, match="not a LeNet-5 Drawing Pad weights file"):
        load_weights(path)


def _tamper(path: Path, change) -> None:
    payload = torch.load(path, weights_only=True)
    change(payload)
    torch.save(payload, path)


def test_wrong_shape_is_named(saved):
    path, _ = saved
    _tamper(path, lambda p: p["state_dict"].__setitem__("C3.weight", torch.zeros(16, 3, 5, 5)))
    with pytest.raises(WeightsError, match=r"C3\.weight has shape \(16, 3, 5, 5\)"):
        load_weights(path)


def test_missing_and_extra_keys_are_named(saved):
    path, _ = saved

    def change(p):
        p["state_dict"].pop("F6.bias")
        p["state_dict"]["F7.weight"] = torch.zeros(1)

    _tamper(path, change)
    with pytest.raises(WeightsError, match=r"missing F6\.bias; unexpected F7\.weight"):
        load_weights(path)


def test_nan_weights_are_rejected(saved):
    path, _ = saved
    _tamper(path, lambda p: p["state_dict"]["C1.bias"].fill_(float("nan")))
    with pytest.raises(WeightsError, match="NaN"):
        load_weights(path)


def test_unknown_architecture_is_rejected(saved):
    path, _ = saved
    _tamper(path, lambda p: p["config"].__setitem__("arch", "alexnet"))
    with pytest.raises(WeightsError, match="unknown architecture 'alexnet'"):
        load_weights(path)


def test_failed_write_keeps_the_old_file(saved):
    path, _ = saved
    before = path.read_bytes()
    with pytest.raises(RuntimeError), atomic_path(path) as tmp:
        tmp.write_bytes(b"half a file")
        raise RuntimeError("disk full")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_bundled_weights_load_and_are_documented():
    path = bundled_weights("modern")
    assert path.is_file(), f"the bundled weights are missing: {path}"
    loaded = load_weights(path)
    assert loaded.metadata["test_accuracy"] > 0.99
    assert loaded.metadata["training"]["seed"] is not None


def test_saved_files_get_ordinary_permissions(tmp_path: Path):
    path = tmp_path / "w.pt"
    save_weights(path, build_model())
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o640)
    save_weights(path, build_model())  # replacing a file keeps its permissions
    assert path.stat().st_mode & 0o777 == 0o640
