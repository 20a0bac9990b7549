"""The command line contract: exit codes, one-line errors, JSON shapes."""

from __future__ import annotations

import io
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
from tests.written import write


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


def test_predict_plain_text_and_unreadable_image(capsys, drawn_mnist, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    path, label = drawn_mnist[0]
    code, out, err = _run(capsys, "predict", str(path), str(broken))
    assert code == 1
    assert out.startswith(f"{path}: {label}")
    assert len(err.strip().splitlines()) == 1 and "broken.png" in err


def test_eval_json(capsys, mnist_dir):
    code, out, _ = _run(capsys, "eval", "--data", str(mnist_dir), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["n"] == 10_000
    assert 0.99 <= result["accuracy"] <= 1.0


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
        "--threads",
        "1",
        "--precision",
        "float32",
    )
    assert code == 0, err
    assert "epoch 1" in err and "wrote" in out
    meta = load_weights(out_file).metadata
    assert meta["training"]["limit"] == 4000 and meta["training"]["seed"] == 3
    assert meta["training"]["threads"] == 1 and meta["training"]["precision"] == "float32"
    assert meta["dataset"] == "MNIST (official IDX files), 4,000 train / 10,000 test"
    assert 0.7 < meta["test_accuracy"] <= 1.0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--epochs", "1", "--out", "x.pt"], "required: --data"),
        (["train", "--data", ".", "--epochs", "zero", "--out", "x.pt"], "not a whole number"),
        (["train", "--data", ".", "--epochs", "1", "--out", "x.pt", "--threads", "0"], "positive"),
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
    assert bundled_weights().is_file(), f"the bundled weights are missing: {bundled_weights()}"
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


# --- samples and adapt ------------------------------------------------------------------------


def _drawings(folder: Path, digit: int, count: int, seed: int) -> list[Path]:
    """`count` PNG drawings of `digit` by the synthetic writer."""
    from tests import writer

    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        path = folder / f"d{digit}_{seed}_{i}.png"
        writer.drawing(digit, rng).save(path)
        paths.append(path)
    return paths


def test_samples_add_list_remove_round_trip(capsys, tmp_path):
    store = tmp_path / "store"
    sevens = _drawings(tmp_path, 7, 2, seed=0)
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    blank = tmp_path / "blank.png"
    Image.new("L", (100, 100), 255).save(blank)

    code, out, err = _run(
        capsys,
        "samples",
        "add",
        "--dir",
        str(store),
        "--label",
        "7",
        str(sevens[0]),
        str(broken),
        str(blank),
        str(sevens[1]),
    )
    assert code == 1
    assert [line.split()[1:] for line in out.splitlines()] == [["7", str(p)] for p in sevens]
    assert err.count("\n") == 2 and "broken.png" in err and "blank.png: no digit" in err
    ids = [line.split()[0] for line in out.splitlines()]

    code, out, _ = _run(capsys, "samples", "list", "--dir", str(store))
    assert code == 0
    assert out.splitlines() == [f"{i}  7" for i in ids]

    from lenet_gui.engine.preprocess import load_image, preprocess
    from lenet_gui.engine.samples import SampleStore

    stored = SampleStore(store).load_all()
    expected = np.rint(preprocess(load_image(sevens[0])).digit28 * 255)
    assert np.abs(stored.images[0].astype(int) - expected).max() <= 1  # prepared like a drawing

    code, out, err = _run(capsys, "samples", "remove", "--dir", str(store), ids[0], "nonsense")
    assert code == 1 and out.strip() == f"removed {ids[0]}"
    assert err.strip() == f"lenet-gui: error: nonsense: no such sample in {store}"
    code, out, _ = _run(capsys, "samples", "list", "--dir", str(store))
    assert out.splitlines() == [f"{ids[1]}  7"]


def test_samples_default_to_the_per_user_store(capsys, tmp_path):
    from lenet_gui.engine.samples import SampleStore

    (seven,) = _drawings(tmp_path, 7, 1, seed=1)
    code, _, _ = _run(capsys, "samples", "add", "--label", "7", str(seven))
    assert code == 0
    assert [s.label for s in SampleStore().list()] == [7]
    code, out, _ = _run(capsys, "samples", "list")
    assert out.split()[1] == "7"


@pytest.mark.parametrize("label", ["10", "x", "-1", "٣"])
def test_samples_add_refuses_a_label_that_is_not_a_digit(capsys, tmp_path, label):
    with pytest.raises(SystemExit) as exc:
        main(["samples", "add", "--label", label, str(tmp_path / "a.png")])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and "not a digit" in err


def test_adapt_checks_out_before_anything_else(capsys, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    empty = tmp_path / "empty"
    code, _, err = _run(
        capsys, "adapt", "--samples", str(empty), "--out", str(not_a_folder / "my.pt")
    )
    assert code == 1 and err.count("\n") == 1 and "cannot write" in err and "my.pt" in err
    code, _, err = _run(capsys, "adapt", "--samples", str(empty), "--out", str(tmp_path))
    assert code == 1 and err.count("\n") == 1 and "cannot write" in err and "folder" in err


def test_adapt_without_samples_or_with_a_digit_missing(capsys, tmp_path):
    store = tmp_path / "store"
    out = tmp_path / "my.pt"
    code, _, err = _run(capsys, "adapt", "--samples", str(store), "--out", str(out))
    assert code == 1 and err.count("\n") == 1 and "no samples to learn from" in err
    for digit in range(9):
        _run(
            capsys,
            "samples",
            "add",
            "--dir",
            str(store),
            "--label",
            str(digit),
            *map(str, _drawings(tmp_path, digit, 1, seed=digit)),
        )
    code, _, err = _run(capsys, "adapt", "--samples", str(store), "--out", str(out))
    assert code == 1 and err.count("\n") == 1 and "no sample of the digit(s) 9" in err
    assert not out.exists()


@pytest.mark.slow
def test_adapt_writes_an_adapted_network_and_reports(capsys, tmp_path):
    store = tmp_path / "store"
    for digit in range(10):
        code, _, err = _run(
            capsys,
            "samples",
            "add",
            "--dir",
            str(store),
            "--label",
            str(digit),
            *map(str, _drawings(tmp_path, digit, 3, seed=10 + digit)),
        )
        assert code == 0, err
    out = tmp_path / "my.pt"
    code, text, err = _run(
        capsys, "adapt", "--samples", str(store), "--out", str(out), "--seed", "1"
    )
    assert code == 0, err
    lines = text.splitlines()
    assert lines[0].startswith("adapted to 30 samples in ") and lines[0].endswith(f"wrote {out}")
    assert lines[1].startswith("your writing, held out: ") and "(10 samples held out)" in lines[1]
    loaded = load_weights(out)
    assert loaded.metadata["adapted"]["samples"] == 30
    assert loaded.metadata["adapted"]["config"]["seed"] == 1
    assert loaded.metadata["arch"] == "modern"


def test_predict_json_reads_a_number_with_its_digits(capsys, tmp_path):
    number, _, extents = write("307", [0.3, 0.3])
    path = tmp_path / "number.png"
    number.save(path)
    code, out, err = _run(capsys, "predict", "--json", str(path))
    assert code == 0, err
    row = json.loads(out)
    assert set(row) == {"file", "text", "digit", "probs", "verdict", "digits"}
    assert row["text"] == "307"
    assert row["digit"] is None  # several digits: no single one
    assert [d["digit"] for d in row["digits"]] == [3, 0, 7]
    for d, (x0, x1) in zip(row["digits"], extents, strict=True):
        assert set(d) == {"digit", "probs", "verdict", "box"}
        left, top, right, bottom = d["box"]
        assert x0 - 10 <= left < right <= x1 + 10 and top < bottom
        assert len(d["probs"]) == 10 and abs(sum(d["probs"]) - 1) < 1e-3
    # the top-level probs and verdict are those of the least certain digit
    weakest = min(row["digits"], key=lambda d: max(d["probs"]))
    assert row["probs"] == weakest["probs"]
    assert row["verdict"] == (
        "unsure" if "unsure" in {d["verdict"] for d in row["digits"]} else "digit"
    )
    code, out, _ = _run(capsys, "predict", str(path))
    assert code == 0 and out.startswith(f"{path}: 307  ")


def test_predict_reads_touching_digits_with_the_sdnn(capsys, tmp_path):
    number, _, extents = write("003", [-0.05, -0.05])  # the segmentation alone reads 043
    path = tmp_path / "touching.png"
    number.save(path)
    code, out, err = _run(capsys, "predict", "--json", str(path))
    assert code == 0, err
    row = json.loads(out)
    assert row["text"] == "003" and [d["digit"] for d in row["digits"]] == [0, 0, 3]
    for d, (x0, x1) in zip(row["digits"], extents, strict=True):
        left, _, right, _ = d["box"]
        assert left <= (x0 + x1) / 2 <= right


def test_predict_with_a_damaged_sdnn_file_says_so_in_one_line(capsys, tmp_path, monkeypatch):
    from lenet_gui.engine import sdnn

    damaged = tmp_path / "lenet5-sdnn.pt"
    damaged.write_bytes(b"PK\x03\x04 not a weights file")
    monkeypatch.setattr(sdnn, "bundled_sdnn", lambda: damaged)
    sdnn.bundled_reader.cache_clear()
    try:
        number, _, _ = write("42", [0.3])
        path = tmp_path / "number.png"
        number.save(path)
        code, out, err = _run(capsys, "predict", str(path))
    finally:
        sdnn.bundled_reader.cache_clear()
    assert code == 1 and out == ""
    assert err.startswith("lenet-gui: error: ") and "lenet5-sdnn.pt" in err
    assert len(err.strip().splitlines()) == 1


def test_predict_json_one_digit_keeps_digit_and_probs(capsys, drawn_mnist, tmp_path):
    path, label = drawn_mnist[0]
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    code, out, _ = _run(capsys, "predict", "--json", str(path), str(blank))
    assert code == 0
    one, empty = (json.loads(line) for line in out.splitlines())
    assert one["text"] == str(label) and one["digit"] == label
    assert [d["digit"] for d in one["digits"]] == [label]
    assert one["probs"] == one["digits"][0]["probs"]
    assert one["verdict"] == one["digits"][0]["verdict"]
    assert empty["text"] == "" and empty["digits"] == [] and empty["digit"] is None


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


# ---------------------------------------------------------------- hostile input (issue 14)


def _tiny_mnist(folder: Path, train: int = 300, test: int = 100) -> Path:
    """A folder of the four IDX files holding `train` + `test` bars (fast to train on)."""
    from lenet_gui.engine.mnist import FILES, write_idx

    rng = np.random.default_rng(14)
    for split, n in (("train", train), ("test", test)):
        labels = rng.integers(0, 2, n).astype(np.uint8)
        images = np.zeros((n, 28, 28), np.uint8)
        for i, label in enumerate(labels):
            c = int(rng.integers(8, 20))
            if label:
                images[i, c - 2 : c + 2, 4:24] = 255
            else:
                images[i, 4:24, c - 2 : c + 2] = 255
        write_idx(folder / FILES[f"{split}-images"].filename, images)
        write_idx(folder / FILES[f"{split}-labels"].filename, labels)
    return folder


def _train(capsys, data: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    argv = ["train", "--data", str(data), "--epochs", "1", "--batch-size", "50", "--out"]
    return _run(capsys, *argv, str(out), *extra)


def test_train_writes_through_a_symlink_and_keeps_it(capsys, tmp_path):
    data = _tiny_mnist(tmp_path / "mnist")
    real = tmp_path / "models" / "best.pt"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "current.pt"
    link.symlink_to(real)
    code, _, err = _train(capsys, data, link)
    assert code == 0, err
    assert link.is_symlink() and load_weights(real).metadata["training"]["epochs"] == 1
    assert sorted(p.name for p in real.parent.iterdir()) == ["best.pt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_train_refuses_a_fifo_out_before_training(capsys, tmp_path):
    """Checked up front: the data folder is never even read (it does not exist here)."""
    fifo = tmp_path / "out.pt"
    os.mkfifo(fifo)
    code, out, err = _train(capsys, tmp_path / "no-data", fifo)
    assert (code, out) == (1, "")
    assert err == f"lenet-gui: error: {fifo}: cannot write (a named pipe)\n"
    assert fifo.is_fifo()


def test_train_refuses_a_device_out_before_training(capsys, tmp_path):
    """As root, `--out /dev/full` used to replace the device with a regular file."""
    code, _, err = _train(capsys, tmp_path / "no-data", Path(os.devnull))
    assert code == 1
    assert err == f"lenet-gui: error: {os.devnull}: cannot write (a device)\n"
    assert Path(os.devnull).is_char_device()


@pytest.mark.parametrize("device", ["foo", "cuda", "cuda:7", "mps"])
def test_train_refuses_an_unavailable_device_in_one_line(capsys, tmp_path, device):
    import torch

    if device.startswith("cuda") and torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    if device == "mps" and torch.backends.mps.is_available():
        pytest.skip("this machine has an Apple GPU")
    code, _, err = _train(capsys, tmp_path / "no-data", tmp_path / "x.pt", "--device", device)
    assert code == 1
    assert err.startswith("lenet-gui: error: ") and f"device '{device}'" in err
    assert err.count("\n") == 1 and not (tmp_path / "x.pt").exists()


def test_a_diverging_run_fails_and_keeps_the_old_file(capsys, tmp_path):
    """`train --lr 1e6` ended at chance level with exit 0 and overwrote the good file."""
    data = _tiny_mnist(tmp_path / "mnist")
    out_file = tmp_path / "good.pt"
    save_weights(out_file, build_model(), {"test_accuracy": 0.99})
    before = out_file.read_bytes()
    code, out, err = _train(capsys, data, out_file, "--lr", "1e6")
    assert code == 1 and "wrote" not in out
    last = err.strip().splitlines()[-1]
    assert last.startswith("lenet-gui: error: training diverged (the loss blew up to ")
    assert last.endswith("; try a lower learning rate; nothing written")
    assert out_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.pt", "mnist"]


def test_a_full_disk_while_saving_is_one_line_and_loses_nothing(capsys, tmp_path, monkeypatch):
    data = _tiny_mnist(tmp_path / "mnist")
    out_file = tmp_path / "good.pt"
    save_weights(out_file, build_model(), {"test_accuracy": 0.99})
    before = out_file.read_bytes()
    write_bytes = Path.write_bytes

    def disk_full(path: Path, data: bytes) -> int:
        if path.name.endswith(".tmp"):
            write_bytes(path, data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    code, _, err = _train(capsys, data, out_file)
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"lenet-gui: error: {out_file}: cannot write (No space left on device)"
    )
    assert out_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.pt", "mnist"]


def test_eval_on_no_test_images_is_an_error(capsys, tmp_path):
    data = _tiny_mnist(tmp_path / "mnist", test=0)
    code, out, err = _run(capsys, "eval", "--data", str(data))
    assert (code, out) == (1, "")
    assert err == f"lenet-gui: error: {data}: the MNIST test set has no images\n"


def test_info_shows_odd_plain_metadata_as_it_is(capsys, tmp_path):
    path = tmp_path / "w.pt"
    for value, shown in (("high", "high"), (None, "None")):
        save_weights(path, build_model(), {"test_accuracy": value})
        code, out, err = _run(capsys, "info", "--weights", str(path))
        assert (code, err) == (0, "")
        assert f"test_accuracy:  {shown}\n" in out
        code, out, _ = _run(capsys, "info", "--json", "--weights", str(path))
        assert json.loads(out)["metadata"]["test_accuracy"] == value


def _stdout_to(monkeypatch, fd: int) -> None:
    monkeypatch.setattr(sys, "stdout", open(fd, "w", closefd=True))  # noqa: SIM115


def test_a_closed_pipe_ends_the_output_quietly(capsys, tmp_path, monkeypatch):
    """`predict --json ... | head -1` and `info | head -1` printed BrokenPipeError."""
    image = tmp_path / "x.png"
    Image.fromarray(np.full((50, 50), 255, np.uint8)).save(image)
    for argv in (["predict", "--json", *[str(image)] * 400], ["info"]):
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader has gone, as head does after its line
        _stdout_to(monkeypatch, write_end)
        code = main(argv)
        assert code == 141
        assert capsys.readouterr().err == ""
        monkeypatch.undo()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_output_to_a_full_device_is_one_line(capsys, tmp_path, monkeypatch):
    image = tmp_path / "x.png"
    Image.fromarray(np.full((50, 50), 255, np.uint8)).save(image)
    _stdout_to(monkeypatch, os.open("/dev/full", os.O_WRONLY))
    code = main(["predict", str(image)])
    assert code == 1
    assert capsys.readouterr().err == (
        "lenet-gui: error: cannot write the output (No space left on device)\n"
    )


def test_the_progress_bar_fits_the_terminal(monkeypatch):
    """The bar is redrawn in place with \\r: a line longer than the terminal would wrap and
    leave a trail of half lines."""
    from lenet_gui import cli
    from lenet_gui.engine.training import BatchProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 2

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli.os, "get_terminal_size", lambda fd: os.terminal_size((40, 24)))
    progress = cli._ProgressLine()
    progress.batch(BatchProgress(3, 10, 469, 469, 0.1234, 0.98, 12345.0, 99.0, 1e-3))
    line = terminal.getvalue()
    assert line.startswith("\repoch 3/10 [####")
    assert len(line) == 1 + 39


@pytest.mark.parametrize("value", ["1", "0.05", "x"])
def test_train_refuses_an_unsure_threshold_outside_the_calibration_range(capsys, tmp_path, value):
    with pytest.raises(SystemExit) as exc:
        main(["train", "--unsure-below", value, "--out", str(tmp_path / "x.pt")])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and "--unsure-below" in err
