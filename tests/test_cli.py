"""The command line contract: exit codes, one-line errors, JSON shapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lenet_gui.cli import main
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import build_model
from lenet_gui.engine.weights import load_weights, save_weights
from lenet_gui.paths import bundled_weights

needs_bundled = pytest.mark.skipif(
    not bundled_weights().exists(), reason="bundled weights not built yet"
)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def drawn_mnist(tmp_path_factory, mnist_dir) -> list[tuple[Path, int]]:
    """Twenty MNIST test digits saved as dark-on-white 280x280 PNGs, like drawings."""
    test = load_mnist(mnist_dir, "test")
    folder = tmp_path_factory.mktemp("drawn")
    files = []
    for i in range(20):
        img = Image.fromarray(255 - test.images[i]).resize((280, 280), Image.Resampling.BILINEAR)
        path = folder / f"digit{i}.png"
        img.save(path)
        files.append((path, int(test.labels[i])))
    return files


@needs_bundled
def test_predict_json_one_object_per_line(capsys, drawn_mnist, tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    code, out, err = _run(
        capsys, "predict", "--json", *(str(p) for p, _ in drawn_mnist), str(blank)
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(drawn_mnist) + 1
    for row in rows[:-1]:
        assert {"file", "digit", "probs", "verdict"} <= set(row)
        assert row["verdict"] in ("digit", "unsure")
        assert len(row["probs"]) == 10 and abs(sum(row["probs"]) - 1) < 1e-3
    correct = sum(row["digit"] == label for row, (_, label) in zip(rows, drawn_mnist, strict=False))
    assert correct >= 19
    assert rows[-1]["digit"] is None
    assert rows[-1]["probs"] == [0.0] * 10
    assert rows[-1]["verdict"] == "empty"


@needs_bundled
def test_predict_plain_text_and_unreadable_image(capsys, drawn_mnist, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    path, label = drawn_mnist[0]
    code, out, err = _run(capsys, "predict", str(path), str(broken))
    assert code == 1
    assert out.startswith(f"{path}: {label}")
    assert len(err.strip().splitlines()) == 1 and "broken.png" in err


@needs_bundled
def test_eval_json(capsys, mnist_dir):
    code, out, _ = _run(capsys, "eval", "--data", str(mnist_dir), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["n"] == 10_000
    assert 0.99 <= result["accuracy"] <= 1.0


@needs_bundled
def test_info_json_layers(capsys):
    code, out, _ = _run(capsys, "info", "--json")
    assert code == 0
    info = json.loads(out)
    layers = {row["name"]: row for row in info["layers"]}
    assert layers["C1"]["params"] == 156 and layers["C1"]["connections"] == 122_304
    assert layers["C3"]["params"] == 2_416
    assert info["params"] == 61_706
    assert "test_accuracy" in info["metadata"]


def test_info_table_for_a_given_file(capsys, tmp_path):
    path = tmp_path / "w.pt"
    save_weights(path, build_model(), {"test_accuracy": 0.25})
    code, out, _ = _run(capsys, "info", "--weights", str(path))
    assert code == 0
    assert "C1" in out and "122,304" in out and "25.00 %" in out


@pytest.mark.slow
def test_train_writes_a_loadable_file_with_metadata(capsys, mnist_dir, tmp_path):
    out_file = tmp_path / "small.pt"
    code, out, err = _run(
        capsys,
        "train",
        "--data",
        str(mnist_dir),
        "--epochs",
        "1",
        "--limit",
        "4000",
        "--batch-size",
        "32",
        "--out",
        str(out_file),
        "--seed",
        "3",
    )
    assert code == 0, err
    assert "epoch 1" in err and "wrote" in out
    meta = load_weights(out_file).metadata
    assert meta["training"]["limit"] == 4000 and meta["training"]["seed"] == 3
    assert meta["dataset"] == "MNIST (official IDX files), 4,000 train / 10,000 test"
    assert 0.7 < meta["test_accuracy"] <= 1.0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--epochs", "1", "--out", "x.pt"], "required: --data"),
        (["train", "--data", ".", "--epochs", "zero", "--out", "x.pt"], "not a whole number"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_are_one_line_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert len(err.strip().splitlines()) == 1 and message in err


def test_missing_data_folder_is_one_line_exit_1(capsys, tmp_path):
    code, _, err = _run(
        capsys,
        "train",
        "--data",
        str(tmp_path / "nope"),
        "--epochs",
        "1",
        "--out",
        str(tmp_path / "x.pt"),
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "nope" in err


def test_bad_weights_file_is_one_line_exit_1(capsys, tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"\x00" * 100)
    image = tmp_path / "x.png"
    Image.fromarray(np.full((50, 50), 255, np.uint8)).save(image)
    code, _, err = _run(capsys, "predict", "--weights", str(bad), str(image))
    assert code == 1
    assert err.strip().splitlines() == [f"lenet-gui: error: {err.split('error: ', 1)[1].strip()}"]
    assert "bad.pt" in err


def test_module_entry_point_runs_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "lenet_gui", "predict", str(tmp_path / "missing.png")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "missing.png" in proc.stderr


def test_predict_and_info_answer_without_importing_torch(tmp_path: Path):
    """Reading a drawing needs only numpy: the CLI answers in a fraction of a second
    instead of first spending seconds importing torch."""
    if not bundled_weights().is_file():
        pytest.skip("bundled weights not built yet")
    image = np.full((280, 280), 255, np.uint8)
    image[40:240, 130:150] = 0
    Image.fromarray(image).save(tmp_path / "one.png")
    code = (
        "import sys\n"
        "from lenet_gui.cli import main\n"
        f"assert main(['predict', {str(tmp_path / 'one.png')!r}]) == 0\n"
        "assert main(['info']) == 0\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ": 1 " in out.stdout.splitlines()[0]  # the bar reads as a 1
    assert out.stdout.splitlines()[-1] == "False"


@needs_bundled
def test_predict_never_runs_postscript_nor_waits_on_a_fifo(drawn_mnist, tmp_path):
    """A PostScript program named .png used to go to Ghostscript (writing files, looping
    forever); a FIFO blocked open(). Both are refused; the other images are still read."""
    marker = tmp_path / "ran"
    script = tmp_path / "seven.png"
    script.write_text(
        f"%!PS\n/f ({marker}) (w) file def f (x) writestring f closefile\n{{ }} loop\n"
    )
    images = [str(script)]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.png")
        images.append(str(tmp_path / "pipe.png"))
    path, label = drawn_mnist[0]
    proc = subprocess.run(
        [sys.executable, "-m", "lenet_gui", "predict", *images, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{path}: {label}")
    assert (
        proc.stderr.splitlines()[: len(images)]
        == [
            "lenet-gui: error: seven.png: not an image file (cannot identify image file)",
            "lenet-gui: error: pipe.png: not an image file but a named pipe",
        ][: len(images)]
    )
    assert not marker.exists()
