"""Labelled digit *drawings* for benchmarks: what people draw with a mouse, not MNIST images.

Two sources, both deterministic from the seed:

* strokes: MNIST test digits thinned to a 1-px skeleton (Zhang-Suen) and redrawn as pen
  strokes on a big white canvas, with a random canvas size, digit size, position, brush
  width (1 px up to 15 % of the digit height, round caps) and a small rotation and shear:
  many writers, many pens;
* fonts: digits rendered with handwriting-style fonts from /usr/share/fonts (Debian packages
  fonts-dkg-handwriting, fonts-breip, fonts-bwht, ...; absent fonts are skipped), at random
  sizes and positions, some with a bolder outline stroke.

Images are white "L" canvases with anti-aliased black ink (drawn 4x larger, then reduced).

    python benchmarks/drawings.py --out DIR --n N --seed S [--source strokes|fonts|both]

writes DIR/00042_label7.png ...; make_drawings() builds the same set in memory.
"""

from __future__ import annotations

import argparse
import gzip
import math
import sys
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

MNIST_DIR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "mnist"
FONT_ROOT = Path("/usr/share/fonts")
# Handwriting-like families. fonts-femkeklaver is left out on purpose: its digits are hollow
# outlines, which nobody draws.
FONT_GLOBS = (
    "truetype/fifthhorseman/dkg*.ttf",
    "truetype/breip/*.ttf",
    "opentype/bwht/*.otf",
    "truetype/humor-sans/*.ttf",
    "opentype/comic-neue/*.otf",
    "truetype/klee/*.ttf",
    "truetype/kristi/*.ttf",
    "opentype/dancingscript/*.otf",
    "opentype/kaushanscript/*.otf",
    "truetype/ecolier-court/*.ttf",
)
SOURCES = ("strokes", "fonts", "both")
SUPERSAMPLE = 4  # draw this much larger, then box-reduce: anti-aliased edges


def read_idx(path: Path) -> np.ndarray:
    """An IDX array (gzip): magic 0x0000 08 <ndim>, ndim big-endian int32 sizes, uint8 data."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = tuple(int(s) for s in np.frombuffer(data, ">i4", count=ndim, offset=4))
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


@cache
def mnist_test(mnist_dir: Path = MNIST_DIR) -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST test images (uint8, 255 = ink) and their labels."""
    return (
        read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz"),
        read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz"),
    )


def zhang_suen(binary: np.ndarray) -> np.ndarray:
    """Thin a binary image to a 1-px, 8-connected skeleton (Zhang & Suen 1984), vectorised."""
    img = np.pad(np.asarray(binary, bool), 1)
    changed = True
    while changed:
        changed = False
        for first_pass in (True, False):
            # Neighbours P2..P9, clockwise from north.
            p2, p3, p4, p5 = img[:-2, 1:-1], img[:-2, 2:], img[1:-1, 2:], img[2:, 2:]
            p6, p7, p8, p9 = img[2:, 1:-1], img[2:, :-2], img[1:-1, :-2], img[:-2, :-2]
            ring = (p2, p3, p4, p5, p6, p7, p8, p9)
            count = sum(p.astype(np.uint8) for p in ring)
            after = ring[1:] + ring[:1]
            rises = sum((~a & b).astype(np.uint8) for a, b in zip(ring, after, strict=True))
            # Pass 1 peels south-east boundary pixels, pass 2 north-west ones.
            keep = (p4 & p6 & (p2 | p8)) if first_pass else (p2 & p8 & (p4 | p6))
            remove = img[1:-1, 1:-1] & (count >= 2) & (count <= 6) & (rises == 1) & ~keep
            if remove.any():
                img[1:-1, 1:-1] &= ~remove
                changed = True
    return img[1:-1, 1:-1]


def skeleton_graph(skeleton: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(points (K, 2) as x, y; edges (M, 2) of point indices) joining 8-neighbour skeleton
    pixels; a diagonal step is left out where an L-shaped path through a corner exists."""
    ys, xs = np.nonzero(skeleton)
    index = np.full(skeleton.shape, -1)
    index[ys, xs] = np.arange(len(ys))
    padded = np.pad(skeleton, 1)

    def at(dy: int, dx: int) -> np.ndarray:
        return padded[1 + dy : padded.shape[0] - 1 + dy, 1 + dx : padded.shape[1] - 1 + dx]

    edges = []
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        linked = skeleton & at(dy, dx)
        if dy and dx:
            linked &= ~at(0, dx) & ~at(dy, 0)
        y, x = np.nonzero(linked)
        edges.append(np.stack([index[y, x], index[y + dy, x + dx]], axis=1))
    return np.stack([xs, ys], axis=1).astype(np.float64), np.concatenate(edges)


def smooth_path(points: np.ndarray, edges: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Average each mid-stroke point with its two neighbours a few times: the pixel
    staircase of a 28x28 skeleton becomes the smooth curve a hand would draw. Ends and
    junctions stay put."""
    degree = np.bincount(edges.ravel(), minlength=len(points))
    movable = degree == 2
    for _ in range(rounds):
        total = points.copy()
        np.add.at(total, edges[:, 0], points[edges[:, 1]])
        np.add.at(total, edges[:, 1], points[edges[:, 0]])
        points = np.where(movable[:, None], total / (1 + degree)[:, None], points)
    return points


def _place(rng: np.random.Generator, extent: np.ndarray, canvas: int) -> tuple[int, np.ndarray]:
    """A random offset that keeps a box of size `extent` (x, y) 1 px inside the canvas, and
    the canvas size, enlarged in the rare case that a rotated digit would not fit."""
    canvas = max(canvas, math.ceil(extent.max()) + 2)
    return canvas, 1.0 + rng.uniform(0.0, 1.0, 2) * (canvas - 2.0 - extent)


def draw_strokes(image: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """One MNIST digit redrawn as pen strokes along its skeleton on a random white canvas."""
    points, edges = skeleton_graph(zhang_suen(image >= 128))
    points = smooth_path(points, edges)
    canvas = int(rng.integers(200, 601))
    height = rng.uniform(0.3, 0.9) * canvas
    brush = math.exp(rng.uniform(0.0, math.log(max(1.0, 0.15 * height))))  # 1 px .. 15 %
    angle, shear = math.radians(rng.uniform(-12, 12)), rng.uniform(-0.25, 0.25)
    rows = np.flatnonzero(image.any(axis=1))
    scale = (height - brush) / max(rows[-1] - rows[0], 1)
    c, s = math.cos(angle), math.sin(angle)
    affine = scale * np.array([[c, -s], [s, c]]) @ np.array([[1.0, shear], [0.0, 1.0]])
    centre = points.mean(axis=0)

    def place(xy: np.ndarray) -> np.ndarray:
        return (xy - centre) @ affine.T

    moved = place(points)
    low, high = moved.min(axis=0) - brush, moved.max(axis=0) + brush
    canvas, offset = _place(rng, high - low, canvas)
    shift = offset - low
    k = SUPERSAMPLE
    big = Image.new("L", (canvas * k, canvas * k), 255)
    pen = ImageDraw.Draw(big)
    width = max(1, round(brush * k))
    ends = (moved + shift) * k
    for a, b in edges:
        pen.line([tuple(ends[a]), tuple(ends[b])], fill=0, width=width)
    radius = width / 2
    for x, y in ends:
        pen.ellipse([x - radius, y - radius, x + radius, y + radius], fill=0)
    return big.reduce(k)


def available_fonts(root: Path = FONT_ROOT) -> list[Path]:
    """The handwriting fonts of FONT_GLOBS that are installed, sorted (deterministic)."""
    return sorted(path for pattern in FONT_GLOBS for path in root.glob(pattern))


def draw_font_digit(label: int, font_path: Path, rng: np.random.Generator) -> Image.Image:
    """Digit `label` in a font, random size, position, bolder stroke and slight rotation."""
    canvas = int(rng.integers(200, 601))
    height = rng.uniform(0.3, 0.9) * canvas
    k = SUPERSAMPLE
    probe = ImageFont.truetype(str(font_path), 100 * k)
    left, top, right, bottom = probe.getbbox(str(label))
    size = max(8, round(100 * k * height * k / max(bottom - top, 1)))  # glyph ~ height
    font = ImageFont.truetype(str(font_path), size)
    bold = round(rng.uniform(0.01, 0.06) * height * k) if rng.random() < 1 / 3 else 0
    left, top, right, bottom = font.getbbox(str(label), stroke_width=bold)
    glyph = Image.new("L", (right - left + 4 * k, bottom - top + 4 * k), 0)
    ImageDraw.Draw(glyph).text(
        (2 * k - left, 2 * k - top),
        str(label),
        font=font,
        fill=255,
        stroke_width=bold,
        stroke_fill=255,
    )
    glyph = glyph.rotate(rng.uniform(-8, 8), Image.BICUBIC, expand=True)
    canvas, offset = _place(rng, np.array(glyph.size, float) / k, canvas)
    big = Image.new("L", (canvas * k, canvas * k), 255)
    big.paste(0, (round(offset[0] * k), round(offset[1] * k)), glyph)
    return big.reduce(k)


def make_drawings(n: int, seed: int, source: str) -> list[tuple[Image.Image, int]]:
    """n labelled drawings from `source` ("strokes", "fonts" or "both": alternating)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    if source == "both":
        strokes = make_drawings((n + 1) // 2, seed, "strokes")
        fonts = make_drawings(n // 2, seed, "fonts")
        mixed = [pair for two in zip(strokes, fonts, strict=False) for pair in two]
        return mixed + strokes[len(fonts) :]
    rng = np.random.default_rng([seed, SOURCES.index(source)])
    if source == "strokes":
        images, labels = mnist_test()
        picks = rng.choice(len(images), size=n, replace=n > len(images))
        return [(draw_strokes(images[i], rng), int(labels[i])) for i in picks]
    fonts = available_fonts()
    if not fonts:
        raise FileNotFoundError(f"no handwriting fonts under {FONT_ROOT} (see FONT_GLOBS)")
    drawings = []
    for _ in range(n):
        label = int(rng.integers(10))
        drawings.append((draw_font_digit(label, fonts[rng.integers(len(fonts))], rng), label))
    return drawings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--n", type=int, default=1000, help="number of drawings")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", choices=SOURCES, default="both")
    args = parser.parse_args(argv)
    if args.source != "strokes":
        fonts = available_fonts()
        print(f"fonts ({len(fonts)}): " + (", ".join(p.name for p in fonts) or "none"))
    args.out.mkdir(parents=True, exist_ok=True)
    for i, (image, label) in enumerate(make_drawings(args.n, args.seed, args.source)):
        image.save(args.out / f"{i:05d}_label{label}.png")
    print(f"wrote {args.n} drawings to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
