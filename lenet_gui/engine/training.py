"""The training loop as a library: plain Python, callbacks, and a stop flag.

    control = RunControl()
    result = train(TrainConfig(epochs=5), images, labels, on_batch=print, control=control)
    # from any other thread: control.stop()  → takes effect before the next batch

The run around it (data, hold-out, own samples, test, metadata) is engine/runs.py, which
the CLI and the GUI's worker thread both call; the config is engine/train_config.py.
The whole dataset lives in one tensor and batches are taken by indexing (no DataLoader,
no per-sample transforms), which is what makes an epoch take seconds.
"""

from __future__ import annotations

import copy
import functools
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import torch
from torch import Tensor, nn

from lenet_gui.engine.augment import Draws, distort, draw
from lenet_gui.engine.models import LeNet5, LeNetConfig, build_model
from lenet_gui.engine.preprocess import mnist_to_input, preprocess
from lenet_gui.engine.threads import OtherLoad, slices_for, usable_cores
from lenet_gui.engine.train_config import TrainConfig

EVAL_BATCH = 2000
# steps between looks at what other programs keep busy (a tenth of a second at full speed)
ADAPT_EVERY = 8

# Divergence with finite numbers: `--lr 1e6` reaches a loss of 1e32 and ends no better than
# guessing, without the loss ever becoming inf or NaN.
_BLOWN_UP = 100.0  # a batch loss this many times the run's first one (at least 1.0)
_CHANCE_AFTER = 5000  # training samples after which an epoch at chance level means diverged
_CHANCE_MARGIN = 1.5  # "at chance": training accuracy below this many times 1/classes


@dataclass(frozen=True)
class BatchProgress:
    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based within the epoch
    batches: int
    loss: float  # running mean over this epoch
    accuracy: float  # running training accuracy over this epoch
    samples_per_s: float
    eta_s: float  # for the whole run
    lr: float


@dataclass(frozen=True)
class EpochResult:
    epoch: int
    train_loss: float
    train_accuracy: float
    val_loss: float | None
    val_accuracy: float | None
    seconds: float
    samples_per_s: float


@dataclass
class TrainResult:
    """What a run produced. `model` holds the weights worth keeping (see `status`)."""

    model: LeNet5
    status: str  # "finished", "cancelled" or "diverged"
    message: str
    history: list[EpochResult]
    best_epoch: int | None
    config: TrainConfig

    @property
    def samples_per_s(self) -> float:
        """Mean training throughput over the completed epochs (0 if none completed)."""
        done = [e for e in self.history if e.seconds > 0]
        return sum(e.samples_per_s for e in done) / len(done) if done else 0.0


class TrainControl(Protocol):
    """What `train()` asks of its controller before every batch."""

    @property
    def stop_requested(self) -> bool: ...

    def wait_while_paused(self) -> None:
        """Return at once, or when a pause ends (or a stop cuts it short)."""


class RunControl:
    """The TrainControl for a run: thread-safe stop and pause, checked before every batch."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # wake a paused loop so it can stop

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self) -> None:
        while not self._running.wait(timeout=0.1):
            pass


def pick_device(name: str = "auto") -> torch.device:
    """'auto' → a CUDA or Apple MPS GPU when present, else the CPU.

    Raises ValueError, saying why, for a device that is unknown or not on this machine
    (checked here so a run fails before its data is loaded, not at the first batch).
    """
    mps = getattr(torch.backends, "mps", None)
    mps_available = bool(mps and mps.is_available())
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps" if mps_available else "cpu")
    try:
        device = torch.device(name)
    except (RuntimeError, TypeError):
        raise ValueError(f"unknown device {name!r} (use auto, cpu, cuda, cuda:N or mps)") from None
    if device.type == "cpu":
        return device
    if device.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0:
            raise ValueError(f"device {name!r} is not available: this machine has no CUDA GPU")
        if device.index is not None and device.index >= count:
            raise ValueError(
                f"device {name!r} is not available: this machine has {count} CUDA GPU(s)"
            )
        return device
    if device.type == "mps":
        if not mps_available:
            raise ValueError(f"device {name!r} is not available: this machine has no Apple GPU")
        return device
    raise ValueError(f"unknown device {name!r} (use auto, cpu, cuda, cuda:N or mps)")


def divergence(loss: float, first_loss: float) -> str | None:
    """Why a run whose batch loss is `loss` (its first was `first_loss`) has diverged, or
    None while it has not: the loss is no longer a number, or it has blown up."""
    if not math.isfinite(loss):
        return f"the loss became {loss}"
    if loss > _BLOWN_UP * max(first_loss, 1.0):
        return f"the loss blew up to {loss:.3g} from {first_loss:.3g}"
    return None


def ended_at_chance(epoch: EpochResult, samples_seen: int, classes: int) -> str | None:
    """Why a run whose last epoch is `epoch` has diverged although its numbers stayed
    finite, or None: after enough training it does no better than guessing."""
    if samples_seen >= _CHANCE_AFTER and epoch.train_accuracy < _CHANCE_MARGIN / classes:
        return f"training accuracy is {100 * epoch.train_accuracy:.1f} %, as good as guessing"
    return None


def compute_dtype(precision: str, device: torch.device) -> torch.dtype:
    """The dtype the forward and backward passes run in (weights always stay float32).

    A CPU with native bfloat16 (AVX-512 BF16, AMX) runs this network's convolutions about
    1.3-1.8x faster in it, and LeNet-5's accuracy does not notice; elsewhere bfloat16 would
    be emulated and slower, so "auto" keeps float32 there (and on GPUs, where LeNet-5 is
    far from the limit anyway)."""
    if precision == "float32":
        return torch.float32
    if precision == "bfloat16":
        return torch.bfloat16
    if precision != "auto":
        raise ValueError(f"unknown precision {precision!r} (auto, float32 or bfloat16)")
    native = (
        getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)()
        or getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)()
    )
    return torch.bfloat16 if device.type == "cpu" and native else torch.float32


def redrawn(images: np.ndarray, control: TrainControl | None = None) -> np.ndarray:
    """MNIST digits as the app's preprocessing turns a drawing into them (uint8 28x28).

    A drawing reaches the network with one uniform stroke width, recentred and rescaled;
    training on these copies too makes MNIST look like what the app will be shown.
    Digits with no ink left are kept as they are.
    """
    out = images.copy()
    for i, image in enumerate(images):
        if control is not None and i % 1000 == 0 and control.stop_requested:
            break
        prepared = preprocess(image)
        if prepared is not None:
            out[i] = np.rint(prepared.digit28 * 255).astype(np.uint8)
    return out


def to_tensors(images: np.ndarray, labels: np.ndarray) -> tuple[Tensor, Tensor]:
    """MNIST uint8 (N, 28, 28) + labels → network-ready (N, 1, 32, 32) float and int64."""
    x = torch.from_numpy(mnist_to_input(images)).unsqueeze(1)
    return x, torch.from_numpy(np.asarray(labels, dtype=np.int64))


@torch.no_grad()
def evaluate(
    model: LeNet5, images: Tensor, labels: Tensor, batch_size: int = EVAL_BATCH
) -> tuple[float, float, Tensor]:
    """(mean loss, accuracy, predictions) of `model` on prepared tensors."""
    model.eval()
    device = next(model.parameters()).device
    total_loss, preds = 0.0, []
    for start in range(0, len(images), batch_size):
        x = images[start : start + batch_size].to(device)
        y = labels[start : start + batch_size].to(device)
        scores = model(x)
        total_loss += float(model.loss(scores, y)) * len(x)
        preds.append(scores.argmax(dim=1).cpu())
    predictions = torch.cat(preds) if preds else torch.empty(0, dtype=torch.long)
    n = len(images)
    accuracy = int((predictions == labels).sum()) / n if n else 0.0
    return total_loss / max(1, n), accuracy, predictions


def _lr_at(step: int, total: int, peak: float) -> float:
    """One-cycle schedule: linear warm-up over the first 10 %, then cosine decay to ~0."""
    warm = max(1, total // 10)
    if step < warm:
        return peak * (0.1 + 0.9 * step / warm)
    progress = (step - warm) / max(1, total - warm)
    return peak * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * progress)))


class _Streams:
    """Runs each training step of a CPU run as `count` slices of the batch, one per thread,
    each thread computing with one torch thread; the gradients add up in the parameters
    (autograd adds into `.grad` under a lock, and a sum of two does not depend on the order).

    WHY not torch's own threads: they meet at every operation and wait for each other
    spinning, so a core another program holds makes the thread there hold all back (with 2
    threads on a 2-core machine and one core busy, a third of the idle speed). Slices meet
    once a step and wait without spinning, and while other programs keep cores busy
    `adapt()` adds a slice per busy core (engine/threads.py says why).
    Elsewhere (a GPU) the step runs whole in the calling thread, torch's threads untouched.
    """

    def __init__(self, count: int, cpu: bool, adaptive: bool = False) -> None:
        """`count` slices; `adaptive`: follow the other programs' load (count = the
        cores), measured every ADAPT_EVERY steps."""
        self.cores = count
        self.count = count if cpu else 1
        self.original = torch.get_num_threads()
        self.cpu = cpu
        self._load = OtherLoad() if cpu and adaptive else None
        # threads for the most slices adapt() may ask for: every core busy elsewhere
        most = slices_for(count, count) if self._load is not None else self.count
        self._pool = (
            ThreadPoolExecutor(
                most - 1,
                thread_name_prefix="lenet-train",
                initializer=torch.set_num_threads,
                initargs=(1,),
            )
            if most > 1
            else None
        )
        if cpu:
            torch.set_num_threads(1)

    def adapt(self) -> None:
        """One slice per core, plus one per core other programs kept busy lately."""
        if self._load is not None:
            load = self._load.measure()
            if load is not None:
                self.count = slices_for(self.cores, load)

    def run(self, step: Callable[[slice], Tensor], n: int) -> Tensor:
        """The sum of `step(part)` over the parts of range(n), run side by side."""
        bounds = [len(b) for b in torch.arange(n).tensor_split(self.count)]
        starts = [sum(bounds[:i]) for i in range(len(bounds))]
        parts = [slice(a, a + size) for a, size in zip(starts, bounds, strict=True) if size]
        others = [self._pool.submit(step, part) for part in parts[1:]] if self._pool else []
        try:
            total = step(parts[0])
        finally:
            wait(others)  # no slice may still run once this returns or raises
        results = [f.result() for f in others]  # raises what a slice raised
        return torch.stack([total, *results]).sum(dim=0) if results else total

    def close(self) -> None:
        """Ends the threads (waiting for any step still running) and puts torch's thread
        count back (torch's setting outlives the run otherwise)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self.cpu:
            torch.set_num_threads(self.original)


def _snapshot(model: nn.Module) -> dict[str, Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def train(
    config: TrainConfig,
    images: np.ndarray,
    labels: np.ndarray,
    *,
    initial_model: LeNet5 | None = None,
    on_batch: Callable[[BatchProgress], None] | None = None,
    on_epoch: Callable[[EpochResult], None] | None = None,
    control: TrainControl | None = None,
    extra: tuple[np.ndarray, np.ndarray, float] | None = None,
) -> TrainResult:
    """Train a LeNet-5 on MNIST-style uint8 images (N, 28, 28) with labels (N,).

    `initial_model` continues from existing weights (a copy; the original is untouched).
    `extra` = (images, labels, weight) mixes additional samples (e.g. the user's own
    handwriting) into every epoch, repeated `weight` times as often as MNIST samples.
    Stops cleanly on `control.stop()`, and on a non-finite loss ("diverged"), in both cases
    returning the best weights seen so far.
    """
    control = control or RunControl()
    device = pick_device(config.device)
    dtype = compute_dtype(config.precision, device)
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)

    if config.limit is not None:
        images, labels = images[: config.limit], labels[: config.limit]
    if config.val_size > 0:
        if config.val_size >= len(images):
            raise ValueError("val_size must be smaller than the number of training images")
        x_val, y_val = to_tensors(images[-config.val_size :], labels[-config.val_size :])
        images, labels = images[: -config.val_size], labels[: -config.val_size]
    if config.redraw:  # after the hold-out, so no redrawn copy of a validation image is seen
        images = np.concatenate([images, redrawn(images, control)])
        labels = np.concatenate([labels, labels])
    x_all, y_all = to_tensors(images, labels)
    if extra is not None and len(extra[0]):
        x_extra, y_extra = to_tensors(extra[0], extra[1])
        repeats = max(1, round(extra[2]))
        x_all = torch.cat([x_all, x_extra.repeat(repeats, 1, 1, 1)])
        y_all = torch.cat([y_all, y_extra.repeat(repeats)])
    if len(x_all) == 0:
        raise ValueError("no training images")

    if initial_model is not None:
        model = copy.deepcopy(initial_model)
    else:
        model = build_model(LeNetConfig(arch=config.arch))
    model = model.to(device=device, memory_format=torch.channels_last)  # type: ignore[call-overload]
    # fused Adam updates all ten parameter tensors in one kernel instead of a Python loop
    optimizer = torch.optim.Adam(
        model.parameters(),
        lr=config.lr,
        weight_decay=config.weight_decay,
        fused=device.type in ("cpu", "cuda"),
    )

    n = len(x_all)
    batches = math.ceil(n / config.batch_size)
    total_steps = batches * config.epochs
    history: list[EpochResult] = []
    best_state, best_score, best_epoch = _snapshot(model), -1.0, None
    status, message = "finished", "training finished"
    run_start, step = time.perf_counter(), 0
    first_loss: float | None = None
    classes = [0]  # the network's outputs, known from the first batch

    def slice_step(xb: Tensor, yb: Tensor, draws: Draws | None, part: slice) -> Tensor:
        """Augmentation, forward and backward of a part of a batch, in any thread: [its
        share of the batch's mean loss, its correct answers] (one tensor, so that a step
        reads back from the device once)."""
        x, y = xb[part], yb[part].to(device, non_blocking=True)
        if draws is not None:
            x = distort(x, draws[part], config.augment_config)
        x = x.to(device, non_blocking=True).contiguous(memory_format=torch.channels_last)
        # autocast's state is per thread: entered here, in the thread that computes
        with torch.autocast(device.type, dtype=dtype, enabled=dtype != torch.float32):
            scores = model(x)
            loss = model.loss(scores, y) * (len(y) / len(yb))
        torch.autograd.backward(loss)
        classes[0] = scores.shape[1]
        return torch.stack([loss.detach().float(), (scores.argmax(dim=1) == y).sum().float()])

    def validate_part(part: slice) -> Tensor:
        """[summed loss, correct answers] on a part of the held-out images, in any thread."""
        loss, accuracy, _ = evaluate(model, x_val[part], y_val[part])
        return torch.tensor([loss, accuracy]) * len(y_val[part])

    streams = _Streams(
        config.threads or usable_cores(), cpu=device.type == "cpu", adaptive=not config.threads
    )
    try:
        for epoch in range(1, config.epochs + 1):
            model.train()
            order = torch.randperm(n, generator=gen)
            epoch_start = time.perf_counter()
            loss_sum, correct, seen = 0.0, 0, 0
            for b in range(batches):
                control.wait_while_paused()
                if control.stop_requested:
                    status, message = "cancelled", "training cancelled"
                    break
                if step % ADAPT_EVERY == 0:
                    streams.adapt()
                idx = order[b * config.batch_size : (b + 1) * config.batch_size]
                xb, yb = x_all[idx], y_all[idx]
                # drawn here, in the generator's order; each slice distorts its own images
                draws = (
                    draw(len(idx), xb.shape[-1], gen, config.augment_config)
                    if config.augment
                    else None
                )
                lr = _lr_at(step, total_steps, config.lr)
                for group in optimizer.param_groups:
                    group["lr"] = lr
                optimizer.zero_grad(set_to_none=True)
                # the one read-back per batch: the divergence check and the running means
                batch = functools.partial(slice_step, xb, yb, draws)
                batch_loss, batch_correct = streams.run(batch, len(yb)).tolist()
                first_loss = batch_loss if first_loss is None else first_loss
                reason = divergence(batch_loss, first_loss)
                if reason is not None:
                    status = "diverged"
                    message = (
                        f"training diverged ({reason}) in epoch {epoch}, batch {b + 1}; "
                        "try a lower learning rate"
                    )
                    break  # before the step: the weights stay those of the last good batch
                optimizer.step()

                step += 1
                loss_sum += batch_loss * len(yb)
                correct += round(batch_correct)
                seen += len(yb)
                if on_batch is not None:
                    elapsed = time.perf_counter() - run_start
                    rate = step * config.batch_size / max(elapsed, 1e-9)
                    on_batch(
                        BatchProgress(
                            epoch=epoch,
                            epochs=config.epochs,
                            batch=b + 1,
                            batches=batches,
                            loss=loss_sum / seen,
                            accuracy=correct / seen,
                            samples_per_s=rate,
                            eta_s=(total_steps - step) * config.batch_size / max(rate, 1e-9),
                            lr=lr,
                        )
                    )
            if status != "finished":
                break

            seconds = time.perf_counter() - epoch_start
            val_loss = val_acc = None
            if config.val_size > 0:
                val_loss_sum, val_correct = streams.run(validate_part, len(y_val)).tolist()
                val_loss, val_acc = val_loss_sum / len(y_val), round(val_correct) / len(y_val)
            result = EpochResult(
                epoch=epoch,
                train_loss=loss_sum / max(1, seen),
                train_accuracy=correct / max(1, seen),
                val_loss=val_loss,
                val_accuracy=val_acc,
                seconds=seconds,
                samples_per_s=seen / max(seconds, 1e-9),
            )
            history.append(result)
            if on_epoch is not None:
                on_epoch(result)
            reason = ended_at_chance(result, step * config.batch_size, classes[0])
            if reason is not None and epoch == config.epochs:
                status = "diverged"
                message = f"training diverged ({reason}); try a lower learning rate"
                break
            score = val_acc if val_acc is not None else float(epoch)  # no validation: latest wins
            if score >= best_score:
                best_state, best_score, best_epoch = _snapshot(model), score, epoch
    finally:
        streams.close()

    if status == "diverged" or (status == "cancelled" and best_epoch is not None):
        model.load_state_dict(best_state)
    model = model.to(device="cpu", memory_format=torch.contiguous_format).eval()
    return TrainResult(model, status, message, history, best_epoch, config)


PROBE_WARMUP_BATCHES = 3  # the first batches pay for allocations and kernel selection
PROBE_BATCHES = 64  # at most, warm-up included (bounds the probe's memory and time)


def measure_samples_per_s(
    config: TrainConfig, seconds: float = 1.0, control: RunControl | None = None
) -> float:
    """Training samples a second this machine manages for `config` now: `train()` itself,
    with the config's architecture, batch size, augmentation, precision and threads, run
    on blank digits for about `seconds` after a few warm-up batches (or PROBE_BATCHES in
    all, if those end first).

    What a run will take depends on this machine and on what else it is doing, so a front
    end asks before a run instead of trusting a figure measured elsewhere. `control.stop()`
    ends the probe early (0.0 if no batch was timed yet).
    """
    probe = replace(config, epochs=1, val_size=0, redraw=False, limit=None)
    images = np.zeros((probe.batch_size * PROBE_BATCHES, 28, 28), np.uint8)
    labels = np.arange(len(images)) % 10
    control = control or RunControl()
    start: list[float] = []  # when the warm-up ended
    timed = [0]  # samples trained since

    def on_batch(p: BatchProgress) -> None:
        now = time.perf_counter()
        if p.batch == PROBE_WARMUP_BATCHES:
            start.append(now)
        elif start:
            timed[0] += probe.batch_size
            if now - start[0] >= seconds:
                control.stop()

    train(probe, images, labels, on_batch=on_batch, control=control)
    elapsed = time.perf_counter() - start[0] if start else 0.0
    return timed[0] / elapsed if elapsed > 0 else 0.0
