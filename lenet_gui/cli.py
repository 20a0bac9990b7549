"""Command line: `lenet-gui` opens the app; `eval`, `predict`, `train`, `info`, `samples`,
`adapt` script the engine.

Every failure a user can cause (bad arguments, a missing or damaged file, an unreadable
image) ends in one line on stderr and a non-zero exit code, never a traceback:
exit 1 = the command failed, 2 = bad usage, 130 = interrupted.
Heavy imports (torch, Qt) happen inside the commands, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from lenet_gui import __version__

if TYPE_CHECKING:  # annotations only: the commands import what they use (--help is instant)
    from lenet_gui.engine.mnist import MnistSplit
    from lenet_gui.engine.recognizer import ReadDigit, Recognizer
    from lenet_gui.engine.samples import SampleStore

PROG = "lenet-gui"


class CliError(Exception):
    """A one-line message for the user; the command exits with status 1."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors on one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _bundled(arch: str = "modern") -> Path:
    from lenet_gui.paths import bundled_weights

    return bundled_weights(arch)


def _load_recognizer(weights: Path | None) -> Recognizer:
    from lenet_gui.engine.checkpoint import WeightsError
    from lenet_gui.engine.recognizer import Recognizer

    try:
        return Recognizer.from_file(weights or _bundled())
    except WeightsError as exc:
        raise CliError(str(exc)) from None


def _load_split(data: Path, split: str) -> MnistSplit:
    from lenet_gui.engine.mnist import DatasetError, load_mnist

    try:
        return load_mnist(data, split)
    except DatasetError as exc:
        raise CliError(str(exc)) from None


def _percent(value: float) -> str:
    return f"{100 * value:.2f} %"


# --- commands ------------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    from lenet_gui.ui.app import run_app

    return run_app(screenshot=args.screenshot, draw=args.draw, weights=args.weights)


def cmd_eval(args: argparse.Namespace) -> int:
    from lenet_gui.engine.training import evaluate, to_tensors

    recognizer = _load_recognizer(args.weights)
    split = _load_split(args.data, args.split)
    if len(split) == 0:  # an accuracy of nothing is no 0 %
        raise CliError(f"{args.data}: the MNIST {args.split} set has no images")
    x, y = to_tensors(split.images, split.labels)
    _, accuracy, _ = evaluate(recognizer.model, x, y)
    if args.json:
        print(json.dumps({"accuracy": accuracy, "n": len(split), "split": args.split}))
    else:
        print(f"accuracy on {len(split):,} MNIST {args.split} images: {_percent(accuracy)}")
    return 0


def _digit_record(digit: ReadDigit) -> dict[str, Any]:
    prediction = digit.prediction
    return {
        "digit": prediction.digit,
        "probs": [round(float(p), 6) for p in prediction.probabilities],
        "verdict": prediction.verdict.value,
        "box": list(digit.box),
    }


def cmd_predict(args: argparse.Namespace) -> int:
    from lenet_gui.engine.checkpoint import WeightsError
    from lenet_gui.engine.preprocess import ImageError, load_image
    from lenet_gui.engine.recognizer import Verdict
    from lenet_gui.engine.sdnn import bundled_reader

    recognizer = _load_recognizer(args.weights)
    try:  # an image has no pen strokes: the SDNN checks touching digits
        sdnn = bundled_reader()
    except WeightsError as exc:
        raise CliError(str(exc)) from None
    status = 0
    for path in args.images:
        try:
            reading = sdnn.read(recognizer, load_image(path))
        except ImageError as exc:
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            digits = [_digit_record(d) for d in reading.digits]
            # One digit: its own digit and probs, as before numbers were read. Several: no
            # single digit, and the probs of the least certain one (the digit the window's
            # chart shows first). None: no digit, all-zero probs.
            weakest = digits[reading.weakest] if reading.weakest is not None else None
            record = {
                "file": str(path),
                "text": reading.text,
                "digit": digits[0]["digit"] if len(digits) == 1 else None,
                "probs": weakest["probs"] if weakest else [0.0] * 10,
                "verdict": reading.verdict.value,
                "digits": digits,
            }
            print(json.dumps(record))
        elif not reading.digits:
            print(f"{path}: no digit")
        else:
            note = " (unsure)" if reading.verdict is Verdict.UNSURE else ""
            print(f"{path}: {reading.text}  {_percent(reading.confidence)}{note}")
    return status


def cmd_info(args: argparse.Namespace) -> int:
    recognizer = _load_recognizer(args.weights)
    layers: list[dict[str, Any]] = [
        {
            "name": row.name,
            "kind": row.kind,
            "output_shape": list(row.output_shape),
            "kernel": row.kernel,
            "params": row.params,
            "connections": row.connections,
        }
        for row in recognizer.layers
    ]
    meta = {k: v for k, v in recognizer.metadata.items() if k != "path"}
    if args.json:
        out = {
            "file": recognizer.metadata.get("path"),
            "arch": recognizer.arch,
            "params": recognizer.parameter_count,
            "connections": sum(row["connections"] for row in layers),
            "layers": layers,
            "metadata": meta,
        }
        print(json.dumps(out, default=str))
        return 0
    print(f"LeNet-5 ({recognizer.arch}) from {recognizer.metadata.get('path')}")
    header = f"{'layer':<8}{'type':<21}{'output':<12}{'kernel':<8}{'params':>9}{'connections':>13}"
    print(header)
    print("-" * len(header))
    for row in layers:
        shape = "x".join(str(s) for s in row["output_shape"])
        print(
            f"{row['name']:<8}{row['kind']:<21}{shape:<12}{row['kernel']:<8}"
            f"{row['params']:>9,}{row['connections']:>13,}"
        )
    total_conn = sum(row["connections"] for row in layers)
    print("-" * len(header))
    print(f"{'total':<49}{recognizer.parameter_count:>9,}{total_conn:>13,}")
    print()
    for key in ("test_accuracy", "date", "train_seconds", "samples_per_s", "dataset"):
        if key in meta:
            value = meta[key]
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            shown = _percent(value) if key == "test_accuracy" and number else value
            print(f"{key + ':':<15} {shown}")
    if "training" in meta:
        print(f"{'training:':<15} {json.dumps(meta['training'], default=str)}")
    if "versions" in meta:
        print(f"{'versions:':<15} {json.dumps(meta['versions'])}")
    return 0


class _ProgressLine:
    """A one-line progress bar on a terminal; plain epoch lines when output is redirected.

    Hand-written rather than tqdm or rich: the figures it shows (whole-run ETA, samples/s,
    running loss) come from train() itself, so a library would only draw the bar, for a
    new dependency; what one would add, fitting the line to the terminal's width so that
    it never wraps, takes a few lines here.
    """

    def __init__(self) -> None:
        self.stream = sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0

    def batch(self, p: Any) -> None:
        now = time.monotonic()
        if not self.tty or (now - self.last < 0.1 and p.batch != p.batches):
            return
        self.last = now
        width = 24
        filled = int(width * p.batch / p.batches)
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"epoch {p.epoch}/{p.epochs} [{bar}] loss {p.loss:.4f} acc {_percent(p.accuracy)} "
            f"{p.samples_per_s:,.0f} samples/s ETA {p.eta_s:4.0f} s"
        )
        columns = self._columns() - 1  # writing into the last column would wrap the line
        self.stream.write("\r" + line[:columns].ljust(columns))
        self.stream.flush()

    def _columns(self) -> int:
        """The terminal's width now (the user may resize it); 80 when it cannot be told."""
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (OSError, ValueError):
            return 80

    def epoch(self, e: Any) -> None:
        val = f" val acc {_percent(e.val_accuracy)}" if e.val_accuracy is not None else ""
        end = "\n" if self.tty else ""
        self.stream.write(
            f"{end}epoch {e.epoch}: loss {e.train_loss:.4f} train acc {_percent(e.train_accuracy)}"
            f"{val} {e.seconds:.1f} s {e.samples_per_s:,.0f} samples/s\n"
        )
        self.stream.flush()


def cmd_train(args: argparse.Namespace) -> int:
    from lenet_gui.engine.atomic import writable_target
    from lenet_gui.engine.mnist import DatasetError
    from lenet_gui.engine.pendigits import PenDigitsError
    from lenet_gui.engine.runs import run_training
    from lenet_gui.engine.train_config import TrainConfig
    from lenet_gui.engine.training import pick_device
    from lenet_gui.engine.weights import save_weights

    # The architecture's recommended run, except what the command line states: --augment
    # is a switch (off unless given) and --val-size defaults to 0, so a command line spells
    # out its whole recipe; an unset --batch-size or --lr is the preset's.
    chosen = {
        "batch_size": args.batch_size,
        "lr": args.lr,
        "limit": args.limit,
        "unsure_below": args.unsure_below,
    }
    config = TrainConfig.preset(
        args.arch,
        epochs=args.epochs,
        augment=args.augment,
        redraw=args.redraw,
        seed=args.seed,
        val_size=args.val_size,
        device=args.device,
        pen=str(args.pen) if args.pen is not None else None,
        pen_copies=args.pen_copies,
        non_digits=args.non_digits,
        rows=args.rows,
        threads=args.threads,
        precision=args.precision,
        **{name: value for name, value in chosen.items() if value is not None},
    )
    # what can be known now is checked now, not after the whole run
    try:
        pick_device(config.device)
        writable_target(args.out)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{args.out}: cannot write ({exc.strerror or exc})") from None
    progress = _ProgressLine()
    try:
        run = run_training(
            config,
            args.data,
            source=" ".join([PROG, *sys.argv[1:]]) if sys.argv else PROG,
            on_batch=progress.batch,
            on_epoch=progress.epoch,
        )
    except (
        DatasetError,
        PenDigitsError,
        ValueError,
    ) as exc:  # a bad folder; settings the loop refuses
        raise CliError(str(exc)) from None
    if run is None:  # only a should_test() saying no skips the test; none is given here
        raise CliError("training stopped before the test; nothing written")
    if run.result.status != "finished":
        raise CliError(f"{run.result.message}; nothing written")
    try:
        save_weights(args.out, run.result.model, run.metadata)
    except OSError as exc:
        raise CliError(f"{args.out}: cannot write ({exc.strerror or exc})") from None
    accuracy, count = run.assessment.accuracy, run.assessment.count
    print(f"test accuracy {_percent(accuracy)} on {count:,} images; wrote {args.out}")
    return 0


def _sample_store(folder: Path | None) -> SampleStore:
    from lenet_gui.engine.samples import SampleStore

    return SampleStore(folder)


def cmd_samples_add(args: argparse.Namespace) -> int:
    from lenet_gui.engine.preprocess import ImageError, load_image, preprocess

    store = _sample_store(args.dir)
    status = 0
    for path in args.images:
        try:
            prepared = preprocess(load_image(path))
        except ImageError as exc:
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            status = 1
            continue
        if prepared is None:
            print(f"{PROG}: error: {path.name}: no digit in the image", file=sys.stderr)
            status = 1
            continue
        try:
            sample_id = store.add(prepared.digit28, args.label)
        except OSError as exc:
            raise CliError(f"{store.folder}: cannot write ({exc.strerror or exc})") from None
        print(f"{sample_id}  {args.label}  {path}")
    return status


def cmd_samples_list(args: argparse.Namespace) -> int:
    store = _sample_store(args.dir)
    samples = store.list()
    if not samples:
        print(f"no samples in {store.folder}")
    for info in samples:
        print(f"{info.id}  {info.label}")
    return 0


def cmd_samples_remove(args: argparse.Namespace) -> int:
    store = _sample_store(args.dir)
    status = 0
    for sample_id in args.ids:
        try:
            removed = store.delete(sample_id)
        except OSError as exc:
            raise CliError(f"{sample_id}: cannot remove ({exc.strerror or exc})") from None
        if removed:
            print(f"removed {sample_id}")
        else:
            print(f"{PROG}: error: {sample_id}: no such sample in {store.folder}", file=sys.stderr)
            status = 1
    return status


def cmd_adapt(args: argparse.Namespace) -> int:
    from lenet_gui.engine.adapt import AdaptConfig, AdaptError, adapt, adapted_metadata, estimate
    from lenet_gui.engine.atomic import writable_target
    from lenet_gui.engine.weights import save_weights

    try:  # before any work: adapting takes seconds that a typo should not cost
        writable_target(args.out)
    except OSError as exc:
        raise CliError(f"{args.out}: cannot write ({exc.strerror or exc})") from None
    weights = args.weights or _bundled()
    loaded = _load_recognizer(weights)
    samples = _sample_store(args.samples).load_all()
    for note in samples.skipped:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    config = AdaptConfig(seed=args.seed)
    start = time.perf_counter()
    try:
        held_out = estimate(loaded.model, samples.images, samples.labels, config)
        result = adapt(loaded.model, samples.images, samples.labels, config)
    except AdaptError as exc:
        raise CliError(str(exc)) from None
    seconds = time.perf_counter() - start
    metadata = adapted_metadata(loaded.metadata, result, source_name=Path(weights).name)
    try:
        save_weights(args.out, result.model, metadata)
    except OSError as exc:
        raise CliError(f"{args.out}: cannot write ({exc.strerror or exc})") from None
    print(
        f"adapted to {len(samples)} samples in {seconds:.1f} s "
        f"(the adaptation itself {result.seconds:.1f} s); wrote {args.out}"
    )
    if held_out is None:
        print("your writing, held out: no estimate (it needs two samples of some digit)")
    else:
        print(
            f"your writing, held out: {_percent(held_out.before)} -> {_percent(held_out.after)} "
            f"({held_out.n} samples held out)"
        )
    return 0


# --- argument parsing ----------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def _probability(text: str) -> float:
    """A threshold on the confidence: the range Calibration.from_metadata accepts."""
    value = _positive_float(text)
    if not 0.1 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0.1 to below 1: {text}")
    return value


def _digit(text: str) -> int:
    if len(text) != 1 or text not in "0123456789":
        raise argparse.ArgumentTypeError(f"not a digit 0-9: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    from lenet_gui.engine.architecture import ARCH_NAMES  # both without torch
    from lenet_gui.engine.train_config import TrainConfig

    parser = _Parser(prog=PROG, description="Draw a digit and watch LeNet-5 read it.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--weights", type=Path, help="weights file (default: the bundled one)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE", help="save a PNG and exit")
    parser.add_argument("--draw", type=Path, metavar="IMAGE", help="with --screenshot: draw this")
    parser.set_defaults(func=cmd_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    weights_help = "weights file (default: the bundled modern LeNet-5)"

    p = sub.add_parser("eval", help="accuracy on the MNIST test set")
    p.add_argument("--weights", type=Path, help=weights_help)
    p.add_argument("--data", type=Path, required=True, help="folder with the MNIST IDX files")
    p.add_argument("--split", choices=("test", "train"), default="test")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("predict", help="read digits from image files")
    p.add_argument("--weights", type=Path, help=weights_help)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("train", help="train a LeNet-5 on MNIST and save it")
    p.add_argument("--data", type=Path, required=True, help="folder with the MNIST IDX files")
    p.add_argument("--epochs", type=_positive_int, required=True)
    p.add_argument("--out", type=Path, required=True, help="weights file to write")
    p.add_argument("--arch", choices=("modern", "classic"), default="modern")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--augment", action="store_true", help="distort images like drawings")
    p.add_argument(
        "--redraw",
        action="store_true",
        help="also train on each image as the app's preprocessing redraws it",
    )
    p.add_argument("--limit", type=_positive_int, help="train on the first N images only")
    p.add_argument(
        "--pen",
        type=Path,
        metavar="DIR",
        help="also train on real pen digits (a pendigits folder) drawn like the canvas; "
        "its held-out writers calibrate the confidence",
    )
    p.add_argument(
        "--pen-copies",
        type=_positive_int,
        default=TrainConfig.pen_copies,
        help=f"drawings per pen digit (default: {TrainConfig.pen_copies})",
    )
    p.add_argument(
        "--non-digits",
        type=int,
        default=0,
        metavar="N",
        help="also N drawings that are no digit, answered with no preference",
    )
    p.add_argument(
        "--rows",
        type=int,
        default=0,
        metavar="N",
        help="also windows of N written numbers, to read a row without cutting it "
        "(the SDNN reader; with --pen, a third of them in pen digits)",
    )
    p.add_argument(
        "--unsure-below",
        type=_probability,
        metavar="P",
        help="below this calibrated confidence the app answers unsure (default: "
        + ", ".join(f"{a}: {TrainConfig.preset(a).unsure_below:g}" for a in ARCH_NAMES)
        + "; stored with the calibration)",
    )
    batches = ", ".join(f"{a}: {TrainConfig.preset(a).batch_size}" for a in ARCH_NAMES)
    p.add_argument("--batch-size", type=_positive_int, help=f"default: {batches}")
    p.add_argument(
        "--lr", type=_positive_float, help=f"peak learning rate (default: {TrainConfig.lr:g})"
    )
    p.add_argument("--val-size", type=int, default=0, help="hold out N images for validation")
    p.add_argument("--device", default="auto", help="auto (default), cpu, cuda or mps")
    p.add_argument(
        "--precision",
        choices=("auto", "float32", "bfloat16"),
        default="auto",
        help="auto (default): bfloat16 on CPUs that compute it natively, else float32",
    )
    p.add_argument(
        "--threads",
        type=_positive_int,
        help="compute threads, each taking a slice of every batch (default: one per core, "
        "one more per core another program keeps busy)",
    )
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("samples", help="your handwriting samples: add, list, remove")
    samples_sub = p.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=_Parser, required=True
    )
    dir_help = "samples folder (default: the app's per-user one)"
    q = samples_sub.add_parser("add", help="add images of one digit, prepared like drawings")
    q.add_argument("--dir", type=Path, help=dir_help)
    q.add_argument("--label", type=_digit, required=True, metavar="D", help="the digit drawn")
    q.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    q.set_defaults(func=cmd_samples_add)
    q = samples_sub.add_parser("list", help="list the samples: id and digit")
    q.add_argument("--dir", type=Path, help=dir_help)
    q.set_defaults(func=cmd_samples_list)
    q = samples_sub.add_parser("remove", help="remove samples by id")
    q.add_argument("--dir", type=Path, help=dir_help)
    q.add_argument("ids", nargs="+", metavar="ID")
    q.set_defaults(func=cmd_samples_remove)

    p = sub.add_parser("adapt", help="teach a network your handwriting from your samples")
    p.add_argument("--weights", type=Path, help=weights_help)
    p.add_argument("--samples", type=Path, metavar="DIR", help=dir_help)
    p.add_argument("--out", type=Path, required=True, help="weights file to write")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_adapt)

    p = sub.add_parser("info", help="architecture table and weights metadata")
    p.add_argument("--weights", type=Path, help=weights_help)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return status
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `| head -1` has read enough: stop quietly
        _drop_stdout()
        return 141  # what a command killed by SIGPIPE reports
    except OSError as exc:
        if exc.filename is not None:  # a file of the command's: not about our output
            raise
        _drop_stdout()
        print(f"{PROG}: error: cannot write the output ({exc.strerror or exc})", file=sys.stderr)
        return 1


def _drop_stdout() -> None:
    """Point stdout at the null device, so that Python's final flush of what is still
    buffered does not fail again at exit with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
