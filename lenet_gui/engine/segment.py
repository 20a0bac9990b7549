"""Split a drawing of a number into its digits (no Qt, no torch).

LeNet-5 reads one digit in a 20x20 box; a "42" squeezed into that box reads as one wrong
digit. This module finds the digits, the way LeCun et al. (1998, Section V) read ZIP codes:
heuristic over-segmentation, then the recogniser picks the cut.

1. Ink pieces: connected groups of ink (8-neighbour), on a copy pooled so that the row is
   at most about _WORK_HEIGHT pixels high (cheap, and a 1-px pen line survives pooling).
   Tiny specks join the nearest piece. When the canvas gives the pen strokes, a group made
   of several strokes is split between them: digits that touch were still drawn apart.
2. Clusters: pieces separated by a clear horizontal gap belong to different digits, so the
   row falls apart into clusters read independently.
3. Candidate cuts: a piece too wide to be one digit gets candidate cuts where touching
   digits meet: minima of its column ink count (one or two strokes cross a column there)
   and notches of its upper and lower contours; each is a nearly straight line (upright or
   slanted like handwriting) that dodges ink it can, and the cheapest, spaced apart, are kept.
4. Best path: every run of consecutive pieces (sorted left to right) is a candidate digit,
   read by the recogniser through the same preprocessing as a single digit. Dynamic
   programming keeps the path with the highest sum of log-probabilities, where shapes no
   digit has (too wide, too short for the row) are penalised, and a drawing that is one
   cluster gets _ALONE_BONUS for being read whole. A digit costs nothing more:
   the calibrated network (trained with merged pairs and partial digits as non-digits)
   already answers weakly for junk pieces and for two digits read as one, and a per-digit
   cost made touching digits read as fewer, merged ones (bench_numbers.py, pen rows).

A single digit is never split: a cluster that is one group of ink, no wider than a digit,
and read as one digit with confidence is that digit (and log-probabilities are <= 0, so
splitting a whole read with certainty never scores higher anyway). The whole drawing read
as one digit is exactly Recognizer.predict(), so one digit reads exactly as before.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from lenet_gui.engine.memo import Memo
from lenet_gui.engine.preprocess import Drawing, _pool_any
from lenet_gui.engine.recognizer import Prediction, prediction_bytes

Box = tuple[int, int, int, int]  # left, top, right, bottom in image pixels (exclusive ends)
# reads drawings (parts of one) as one digit each: Recognizer.predict_parts
ReadParts = Callable[[Sequence[Drawing]], list[Prediction]]
Found = tuple[tuple[Box, Prediction], ...]  # the digits found in a cluster of ink

_WORK_HEIGHT = 40  # the row is pooled to at most about this many pixels high
_SPECK_MASS = 0.02  # a group with less of the ink than this, and small, is a speck
_SPECK_SIZE = 0.25  # ... and no longer than this fraction of the row height
_GAP = 0.12  # a horizontal gap wider than this fraction of the row height separates digits
# The guard. A cluster is one digit when it is one tall group of ink (bits too short to be
# digits aside, strokes not side by side) narrower than _NARROW x the row height, or
# _ALONE_NARROW when it is all the drawing (an unsure 8 is still one 8); or, read with
# at least _ALONE_SURE (one reading of the candidate), all the drawing no wider than
# _ALONE_ASPECT x its height (digits drawn alone can be wide and slanted: up to 1.8 in
# benchmarks/drawings.py).
_NARROW = 0.8
_ALONE_NARROW = 1.2
_ALONE_ASPECT = 1.9
_ALONE_SURE = 0.6
_CUT_FROM = 0.75  # pieces wider than this x the row height get candidate cuts
_CUT_MARGIN = 0.2  # cuts stay this fraction of the row height away from a piece's ends
_CUT_SPACING = 0.2  # and this far from each other
_NOTCH_REACH = 0.1  # contour notches and ink minima are the extremes within this x height
_NOTCH_DEPTH = 0.05  # a notch is at least this deep, x the row height
# A cut may wander this fraction of the row height from its line: nearly straight cuts
# read best (bench_numbers.py); cuts that follow the gaps hand one digit's ink to the other.
_CUT_BAND = 0.05
_CUT_SLANTS = (-0.12, 0.0, 0.12)  # the slopes (x per y) of the lines cuts follow: writers slant
_CUT_DRIFT = 0.02  # ink crossed that one column of wandering is worth
_MAX_PIECES = 4  # one digit is made of at most this many pieces
_MAX_ASPECT = 1.6  # no digit is wider than this x the row height
_WIDE_FROM, _WIDE_COST = 1.0, 6.0  # width / row height above which a digit is penalised
# ... and for pieces joined across cuts or strokes (one group of ink read whole aside): a group
# of ink may be one wide digit (MNIST's are up to as wide as high), pieces joined into one that
# wide are mostly two digits
_JOINED_WIDE_FROM = 0.9
# for each stroke a cut crosses, and for each stroke past the first: touching digits meet in
# one stroke, a cut through one digit (a wide 6 cut into 1 and 0) crosses two or three
_CUT_COST, _CUT_COST_MORE = 0.3, 0.3
# log-probability given to reading a cluster that is all the drawing as one digit: most such
# drawings are one digit, and one digit must not be split
_ALONE_BONUS = 2.0
_APART_COST = 3.0  # for reading two tall groups of ink side by side as one digit
_TALL = 0.6  # a group at least this fraction of the row height is tall
_SIDE_BY_SIDE = 0.5  # groups overlapping horizontally by less of the narrower's width
_SHORT_BELOW, _SHORT_COST = 0.55, 12.0  # height / row height below which it is penalised


@dataclass(frozen=True, eq=False)
class _Seam:
    """A cut from top to bottom of the pooled picture, through as little ink as it can:
    in row y, pixels with x < xs[y] are on its left."""

    xs: np.ndarray  # int (h,)
    strokes: int  # the strokes it crosses


@dataclass(frozen=True)
class _Piece:
    """Ink of one label in the pooled owner map, within columns [left, right)."""

    label: int
    group: int  # the connected group of ink it belongs to (several when strokes split one)
    left: int
    right: int
    top: int
    bottom: int
    lo: _Seam | None = None  # the cut on its left (pixels left of it are not its own)
    hi: _Seam | None = None  # the cut on its right

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class _Layout:
    """The pooled picture of the drawing that candidate digits are cut from."""

    owner: np.ndarray  # int32 (h, w) pooled: label of the piece owning each pixel, 0 = none
    scale: int  # pooled pixel = scale x scale image pixels
    height: float  # row height in pooled pixels


@dataclass(frozen=True)
class _ClusterKey:
    """What reading a cluster depends on, to find the reading again on the next mouse move:
    the pixels around it, its ink's labels and groups (renumbered in order), the row's
    height and pooling. Its digits' boxes are remembered from the corner (x, y) of that
    area, which moves when ink is added above or left of the drawing."""

    key: tuple[object, ...]
    x: int
    y: int
    bytes: int  # what the key holds

    @classmethod
    def of(cls, drawing: Drawing, layout: _Layout, cluster: Sequence[_Piece]) -> _ClusterKey:
        h, w = layout.owner.shape
        left, top, right, bottom = _extent(cluster)
        # the margin a cut-out takes (the grown owner map reaches one pooled pixel out)
        left, top = max(0, left - 1), max(0, top - 1)
        right, bottom = min(w, right + 1), min(h, bottom + 1)
        owner = layout.owner[top:bottom, left:right]
        labels, inverse = np.unique(owner, return_inverse=True)
        group_of = {p.label: p.group for p in cluster}
        groups = [group_of.get(int(n), -1) for n in labels]
        ranks = tuple(sorted(set(groups)).index(g) for g in groups)
        s = layout.scale
        grey = drawing.grey[top * s : bottom * s, left * s : right * s]
        pieces, pixels = inverse.astype(np.int16).tobytes(), grey.tobytes()
        key = (s, layout.height, drawing.ink, owner.shape, pieces, ranks, pixels)
        return cls(key, left * s, top * s, len(pieces) + len(pixels))

    def relative(self, digits: Sequence[tuple[Box, Prediction]]) -> Found:
        return tuple(
            ((x0 - self.x, y0 - self.y, x1 - self.x, y1 - self.y), p)
            for (x0, y0, x1, y1), p in digits
        )

    def absolute(self, box: Box) -> Box:
        x0, y0, x1, y1 = box
        return x0 + self.x, y0 + self.y, x1 + self.x, y1 + self.y

    def size(self, digits: Found) -> int:
        """Bytes kept for these digits under this key."""
        return self.bytes + sum(prediction_bytes(p) for _, p in digits)


def split(
    drawing: Drawing,
    read: ReadParts,
    strokes: Sequence[np.ndarray] | None = None,
    memo: Memo[Found] | None = None,
) -> list[tuple[Box, Prediction]]:
    """The digits of `drawing`, left to right: their ink boxes and readings; [] when there
    is nothing to read.

    `read` reads drawings (parts of this one) as one digit each, all in one call:
    Recognizer.predict_parts. A drawing that is one digit comes back as read([drawing])[0],
    exactly. `strokes`, if the canvas has them: the pen strokes that made the ink, each an
    (N, 2) array of (x, y) points in image pixels, in drawing order. `memo`: where the
    digits found in each cluster of ink are remembered, for the next call to use while
    that cluster is unchanged (the recogniser keeps one).
    """
    if strokes is not None and len(strokes) == 1:
        # one pen stroke is one digit: nobody writes two digits without lifting the pen.
        # Most drawings are a single stroke while it is being drawn, so this keeps the
        # live prediction as cheap as predict() alone.
        (stroke,) = read([drawing])
        return [] if stroke.bbox is None else [(stroke.bbox, stroke)]
    mask = drawing.mask()
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []
    scale = max(1, (int(rows[-1]) + 1 - int(rows[0])) // _WORK_HEIGHT)
    # A canvas is mostly paper: work on the inked area only, cut at whole pooled pixels so
    # that it pools exactly as the whole drawing would.
    cols = np.flatnonzero(mask.any(axis=0))
    top, bottom = _work_span(int(rows[0]), int(rows[-1]), scale, mask.shape[0])
    left, right = _work_span(int(cols[0]), int(cols[-1]), scale, mask.shape[1])
    found = _split_area(
        Drawing(drawing.grey[top:bottom, left:right], drawing.ink),
        mask[top:bottom, left:right],
        scale,
        read,
        None if strokes is None else [np.asarray(s) - (left, top) for s in strokes],
        whole=drawing,
        origin=(left, top),
        memo=memo,
    )
    return [((x0 + left, y0 + top, x1 + left, y1 + top), p) for (x0, y0, x1, y1), p in found]


def _work_span(first: int, last: int, scale: int, size: int) -> tuple[int, int]:
    """[start, stop) around inked lines first..last, two pooled pixels of margin (a cut-out
    reaches one past the ink), at whole pooled pixels."""
    return max(0, (first // scale - 2) * scale), min(size, (last // scale + 3) * scale)


def _split_area(
    drawing: Drawing,
    mask: np.ndarray,
    scale: int,
    read: ReadParts,
    strokes: Sequence[np.ndarray] | None,
    whole: Drawing,
    origin: tuple[int, int],
    memo: Memo[Found] | None,
) -> list[tuple[Box, Prediction]]:
    """split() on `drawing`, the inked area of `whole` cut at `origin` (x, y); `mask` its
    ink: boxes in `drawing`'s pixels."""
    owner, count = _label(_pool_any(mask, scale))
    box, _ = _boxes(owner, count)
    height = float(box[1:, 3].max() - box[1:, 1].min())
    owner, count = _merge_specks(owner, count, height)
    group = np.arange(count + 1)
    if strokes:
        owner, group = _split_by_strokes(owner, strokes, scale)
    layout = _Layout(_grow_owner(owner), scale, height)
    clusters = _clusters(_pieces(owner, group), height)
    if len(clusters) == 1:  # all the drawing: read whole, exactly what predict() says of it
        (whole_read,) = read([whole])
        if whole_read.bbox is None:
            return []
        x0, y0, x1, y1 = whole_read.bbox  # in the whole drawing's pixels
        shifted = (x0 - origin[0], y0 - origin[1], x1 - origin[0], y1 - origin[1])
        return _read_cluster(drawing, read, layout, clusters[0], (shifted, whole_read), True)
    # each cluster as one digit, all at once; the clusters found before as they were
    keys = [_ClusterKey.of(drawing, layout, cluster) for cluster in clusters]
    known: list[Found | None] = [None if memo is None else memo.get(k.key) for k in keys]
    todo = [i for i, found in enumerate(known) if found is None]
    for i, one in zip(
        todo, _read_parts(drawing, read, layout, [clusters[i] for i in todo]), strict=True
    ):
        digits = keys[i].relative(_read_cluster(drawing, read, layout, clusters[i], one, False))
        known[i] = digits
        if memo is not None:
            memo.put(keys[i].key, digits, keys[i].size(digits))
    return [
        (key.absolute(box), prediction)
        for key, digits in zip(keys, known, strict=True)
        for box, prediction in digits or ()
    ]


def _label(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected groups of a binary image: labels 1..n (0 = background), and n.

    The runs of ink of each row are the nodes; a run is joined to the runs of the next row
    that it touches, diagonals included; the smallest run index spreads along the joins.
    All in array operations: this runs on every mouse move.
    """
    h, w = mask.shape
    steps = np.diff(np.pad(mask, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, stops = np.nonzero(steps == -1)  # exclusive
    n = len(rows)
    if n == 0:
        return np.zeros((h, w), np.int32), 0
    span = w + 2  # runs in global order: row by row, left to right
    start_key, stop_key = rows * span + starts, rows * span + stops
    first = np.searchsorted(rows, np.arange(h + 2))
    below = rows + 1  # the runs of the next row touching run a: stop >= start_a, start <= stop_a
    lo = np.maximum(np.searchsorted(stop_key, below * span + starts), first[below])
    hi = np.minimum(
        np.searchsorted(start_key, below * span + stops, side="right"), first[below + 1]
    )
    count = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(n), count)
    b = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(count.sum())
    label = np.arange(n)
    while True:
        joined = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, joined)
        np.minimum.at(new, b, joined)
        new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    _, run_label = np.unique(label, return_inverse=True)
    marks = np.zeros((h, span), np.int32)
    np.add.at(marks, (rows, starts), run_label + 1)
    np.add.at(marks, (rows, stops), -(run_label + 1))
    return np.cumsum(marks, axis=1)[:, :w].astype(np.int32), int(run_label.max()) + 1


def _boxes(owner: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Per label 1..count: its box (left, top, right, bottom) as rows of an array, and mass."""
    ys, xs = np.nonzero(owner)
    labels = owner[ys, xs]
    box = np.zeros((count + 1, 4), np.int64)
    box[:, :2] = np.iinfo(np.int64).max
    np.minimum.at(box[:, 0], labels, xs)
    np.minimum.at(box[:, 1], labels, ys)
    np.maximum.at(box[:, 2], labels, xs + 1)
    np.maximum.at(box[:, 3], labels, ys + 1)
    return box, np.bincount(labels, minlength=count + 1)


def _merge_specks(owner: np.ndarray, count: int, height: float) -> tuple[np.ndarray, int]:
    """Give each speck (a dot, a tremor) to the nearest real group of ink."""
    if count < 2:
        return owner, count
    box, mass = _boxes(owner, count)
    size = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
    speck = (mass < _SPECK_MASS * mass.sum()) & (size < _SPECK_SIZE * height)
    speck[0] = False
    real = np.flatnonzero(~speck)[1:]
    if real.size == 0 or not speck.any():
        return owner, count
    to = np.arange(count + 1)
    for s in np.flatnonzero(speck):
        dx = np.maximum(0, np.maximum(box[real, 0] - box[s, 2], box[s, 0] - box[real, 2]))
        dy = np.maximum(0, np.maximum(box[real, 1] - box[s, 3], box[s, 1] - box[real, 3]))
        to[s] = real[np.argmin(dx * dx + dy * dy)]
    _, compact = np.unique(to, return_inverse=True)  # 0 stays 0: it maps to itself, first
    return compact[owner].astype(np.int32), int(compact.max())


def _split_by_strokes(
    owner: np.ndarray, strokes: Sequence[np.ndarray], scale: int
) -> tuple[np.ndarray, np.ndarray]:
    """Split every group of ink drawn with several strokes between them: each pixel goes to
    the stroke whose path passes nearest. Returns the new owner map and, per new label, the
    group of ink it came from."""
    count = int(owner.max())
    group = list(range(count + 1))
    if not strokes:
        return owner, np.asarray(group)
    xy, stroke_of = _stroke_points(strokes, scale)
    h, w = owner.shape
    on_label = owner[
        np.clip(xy[:, 1].astype(int), 0, h - 1), np.clip(xy[:, 0].astype(int), 0, w - 1)
    ]
    # the points and the pixels of each label, found once for all labels
    by_label = np.argsort(on_label, kind="stable")
    point_ends = np.searchsorted(on_label[by_label], np.arange(count + 2))
    ys_all, xs_all = np.nonzero(owner)
    pixel_label = owner[ys_all, xs_all]
    pixels_by_label = np.argsort(pixel_label, kind="stable")
    pixel_ends = np.searchsorted(pixel_label[pixels_by_label], np.arange(count + 2))
    out = owner.copy()
    for label in range(1, count + 1):
        on = by_label[point_ends[label] : point_ends[label + 1]]
        strokes_on = stroke_of[on]
        if strokes_on.size == 0 or strokes_on.min() == strokes_on.max():
            continue
        mine = pixels_by_label[pixel_ends[label] : pixel_ends[label + 1]]
        ys, xs = ys_all[mine], xs_all[mine]
        nearest = strokes_on[_nearest(xs + 0.5, ys + 0.5, xy[on, 0], xy[on, 1])]
        for n in np.unique(nearest)[1:]:  # the first stroke keeps the label
            out[ys[nearest == n], xs[nearest == n]] = len(group)
            group.append(label)
    return out, np.asarray(group)


def _stroke_points(strokes: Sequence[np.ndarray], scale: int) -> tuple[np.ndarray, np.ndarray]:
    """Points along the strokes at most half a pooled pixel apart, in pooled pixels (x, y),
    and the stroke of each."""
    points: list[np.ndarray] = []
    for stroke in strokes:
        path = np.asarray(stroke, np.float64).reshape(-1, 2) / scale
        if len(path) > 1:  # k points from a towards b on each step: a + (b - a) * i / k
            a, b = path[:-1], path[1:]
            steps = np.ceil(np.hypot(*(b - a).T) * 2).astype(int).clip(1)
            step = np.repeat(np.arange(len(steps)), steps)
            i = np.arange(len(step)) - np.repeat(np.cumsum(steps) - steps, steps)
            path = np.concatenate([a[step] + (b - a)[step] * (i / steps[step])[:, None], b[-1:]])
        points.append(path)
    ids = np.repeat(np.arange(len(points)), [len(p) for p in points])
    return np.concatenate(points), ids


def _nearest(xs: np.ndarray, ys: np.ndarray, qx: np.ndarray, qy: np.ndarray) -> np.ndarray:
    """Index of the point (qx, qy) nearest to each (xs, ys); some rows of pixels at a time,
    so the distances worked on stay in the processor's cache."""
    rows = max(1, 32768 // len(qx))
    out = np.empty(len(xs), np.intp)
    for start in range(0, len(xs), rows):
        d = xs[start : start + rows, None] - qx
        d *= d
        dy = ys[start : start + rows, None] - qy
        dy *= dy
        d += dy
        out[start : start + rows] = d.argmin(axis=1)
    return out


def _grow_owner(owner: np.ndarray) -> np.ndarray:
    """Owner map grown by one pixel into background, so the faint anti-aliased edge of a stroke
    goes with the stroke when a part is cut out."""
    grown = owner.copy()
    for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)):
        shifted = np.roll(owner, (dy, dx), axis=(0, 1))
        empty = grown == 0
        grown[empty] = shifted[empty]
    return grown


def _pieces(owner: np.ndarray, group: np.ndarray) -> list[_Piece]:
    box, _ = _boxes(owner, len(group) - 1)
    return [
        _Piece(n, int(group[n]), left=int(x0), right=int(x1), top=int(y0), bottom=int(y1))
        for n, (x0, y0, x1, y1) in enumerate(box)
        if n > 0 and x1 > x0
    ]


def _clusters(pieces: Sequence[_Piece], height: float) -> list[list[_Piece]]:
    """Pieces grouped left to right, split wherever no ink bridges a gap wider than _GAP x
    the row height; a group too short to be a digit (a 5's flag drawn apart) joins the
    nearer of its neighbours."""
    out: list[list[_Piece]] = []
    reach = -math.inf
    for piece in sorted(pieces, key=lambda p: p.left):
        if not out or piece.left - reach > _GAP * height:
            out.append([])
        out[-1].append(piece)
        reach = max(reach, piece.right)
    while len(out) > 1:
        boxes = [_extent(c) for c in out]
        short = [i for i, b in enumerate(boxes) if b[3] - b[1] < _SHORT_BELOW * height]
        if not short:
            break
        i = short[0]
        before = boxes[i][0] - boxes[i - 1][2] if i > 0 else math.inf
        after = boxes[i + 1][0] - boxes[i][2] if i + 1 < len(out) else math.inf
        j = i - 1 if before <= after else i + 1
        out[min(i, j)] += out.pop(max(i, j))
    return out


def _is_single(cluster: list[_Piece], layout: _Layout, one: Prediction, alone: bool) -> bool:
    """The guard: is this cluster one digit? `one`: the cluster read as one digit; `alone`:
    the cluster is all the drawing (then a wide digit is more likely than a number)."""
    left, top, right, bottom = _extent(cluster)
    if _side_by_side(cluster, layout.height, by_stroke=True):
        return False
    tall = {p.group for p in cluster if p.bottom - p.top >= _TALL * layout.height}
    if len(tall) <= 1 and right - left < (_ALONE_NARROW if alone else _NARROW) * layout.height:
        return True
    return alone and right - left < _ALONE_ASPECT * (bottom - top) and one.confidence >= _ALONE_SURE


def _extent(pieces: Sequence[_Piece]) -> Box:
    return (
        min(p.left for p in pieces),
        min(p.top for p in pieces),
        max(p.right for p in pieces),
        max(p.bottom for p in pieces),
    )


def _cut(piece: _Piece, owner: np.ndarray, height: float) -> list[_Piece]:
    """A piece too wide for one digit, cut where touching digits may meet: seams started
    where digits may meet (_cut_seeds), each the path through the least ink near its start;
    the cheapest seams, _CUT_SPACING apart, become the cuts."""
    width = piece.right - piece.left
    if width <= _CUT_FROM * height:
        return [piece]
    ink = owner[piece.top : piece.bottom, piece.left : piece.right] == piece.label
    margin = max(1, round(_CUT_MARGIN * height))
    seeds = _cut_seeds(ink, height)
    seeds = seeds[(seeds >= margin) & (seeds < width - margin)]
    if seeds.size == 0:
        return [piece]
    paths, cost, strokes = _seams(ink, seeds, max(1, round(_CUT_BAND * height)))
    centre = paths.mean(axis=1)
    chosen: list[int] = []
    for k in np.argsort(cost, kind="stable"):
        if margin <= centre[k] <= width - margin and all(
            abs(centre[k] - centre[c]) >= _CUT_SPACING * height for c in chosen
        ):
            chosen.append(int(k))
    seams: list[_Seam | None] = [None]
    for k in sorted(chosen, key=lambda k: centre[k]):
        xs = np.empty(owner.shape[0], np.int64)
        xs[: piece.top], xs[piece.bottom :] = paths[k, 0], paths[k, -1]
        xs[piece.top : piece.bottom] = paths[k]
        xs += piece.left
        last = seams[-1]
        if last is not None:  # seams must not cross
            xs = np.maximum(xs, last.xs)
        seams.append(_Seam(xs, int(strokes[k])))
    seams.append(None)
    out = []
    rows = np.arange(owner.shape[0])[:, None]
    cols = np.arange(owner.shape[1])[None, :]
    for lo, hi in itertools.pairwise(seams):
        mine = owner == piece.label
        if lo is not None:
            mine &= cols >= lo.xs[rows]
        if hi is not None:
            mine &= cols < hi.xs[rows]
        ys, xs = np.nonzero(mine)
        if ys.size:
            out.append(
                _Piece(
                    piece.label,
                    piece.group,
                    int(xs.min()),
                    int(xs.max()) + 1,
                    int(ys.min()),
                    int(ys.max()) + 1,
                    lo=lo,
                    hi=hi,
                )
            )
    return out


def _cut_seeds(ink: np.ndarray, height: float) -> np.ndarray:
    """Columns where touching digits may meet: minima of the column ink count (one or two
    strokes cross there), valleys of the upper contour and peaks of the lower one (the
    notch between two digits' tops or bottoms)."""
    h = ink.shape[0]
    count = np.convolve(ink.sum(axis=0), np.ones(3) / 3, mode="same")
    has = ink.any(axis=0)
    top = np.where(has, ink.argmax(axis=0), h)
    bottom = np.where(has, h - 1 - ink[::-1].argmax(axis=0), -1)
    r = max(1, round(_NOTCH_REACH * height))
    pad = np.pad(np.stack([count, top, -bottom]).astype(np.float64), ((0, 0), (r, r)), mode="edge")
    window = np.lib.stride_tricks.sliding_window_view(pad, 2 * r + 1, axis=1)  # (3, w, 2r+1)
    lowest, highest = window.min(axis=2), window.max(axis=2)
    minimum = (count <= lowest[0]) & (count < count.max())
    notch = (np.stack([top, -bottom]) >= highest[1:]) & (
        np.stack([top, -bottom]) - lowest[1:] >= _NOTCH_DEPTH * height
    )
    return np.flatnonzero(minimum | notch.any(axis=0))


def _seams(
    ink: np.ndarray, seeds: np.ndarray, band: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each seed column and each slant of _CUT_SLANTS, the cut from top to bottom of
    `ink` (h, w) that crosses the least ink (seam carving: dynamic programming row by row,
    a step of at most one column per row, within `band` columns of the slanted line through
    the seed at mid-height, each column of wandering costing _CUT_DRIFT), all at once.
    Returns the paths (k, h) in columns of `ink`, their costs (k,) and the strokes each
    crosses (k,)."""
    h, w = ink.shape
    slant = np.tile(np.asarray(_CUT_SLANTS), len(seeds))
    seeds = np.repeat(seeds, len(_CUT_SLANTS))
    k = len(seeds)
    line = seeds[None, :] + np.rint(slant[None, :] * (np.arange(h)[:, None] - (h - 1) / 2))
    offsets = np.arange(-band, band + 1)
    cols = line.astype(np.int64)[:, :, None] + offsets  # (h, k, b): the columns seams may use
    inside = (cols >= 0) & (cols < w)
    cost = np.where(inside, ink[np.arange(h)[:, None, None], cols.clip(0, w - 1)], np.inf)
    cost += _CUT_DRIFT * np.abs(offsets)
    came = np.zeros(cost.shape, np.int8)
    total = cost[0].copy()
    options = np.full((3, *total.shape), np.inf)
    for y in range(1, h):
        options[0, :, 1:], options[1], options[2, :, :-1] = total[:, :-1], total, total[:, 1:]
        pick = options.argmin(axis=0)
        came[y] = pick - 1
        total = np.take_along_axis(options, pick[None], axis=0)[0] + cost[y]
    at = total.argmin(axis=1)
    best = total[np.arange(k), at]
    path = np.empty((k, h), np.int64)
    path[:, -1] = at
    for y in range(h - 1, 0, -1):
        path[:, y - 1] = path[:, y] + came[y, np.arange(k), path[:, y]]
    path = (path + cols[:, :, 0].T).clip(0, w - 1)
    on_ink = ink[np.arange(h)[None, :], path]
    strokes = np.count_nonzero(on_ink[:, 1:] & ~on_ink[:, :-1], axis=1) + on_ink[:, 0]
    return path, best, strokes


def _read_cluster(
    drawing: Drawing,
    read: ReadParts,
    layout: _Layout,
    cluster: list[_Piece],
    one: tuple[Box, Prediction],
    alone: bool,
) -> list[tuple[Box, Prediction]]:
    """The best-scoring way to read a cluster as a row of digits; `one`: the cluster read
    as one digit; `alone`: the cluster is all the drawing."""
    if one[1].digit is None:
        return []
    if _is_single(cluster, layout, one[1], alone):
        return [one]
    owner = layout.owner
    pieces = sorted(
        (cut for piece in cluster for cut in _cut(piece, owner, layout.height)),
        key=lambda p: p.centre,
    )
    n = len(pieces)
    # every run of at most _MAX_PIECES pieces, read at once (whether a path reaches it or not)
    spans = [
        (i, j)
        for j in range(1, n + 1)
        for i in range(max(0, j - _MAX_PIECES), j)
        if (i, j) != (0, n)
    ]
    read_spans = _read_candidates(drawing, read, layout, [pieces[i:j] for i, j in spans])
    cache = dict(zip(spans, read_spans, strict=True))
    whole = _score(
        layout,
        pieces,
        one,
        _WIDE_FROM if len({p.label for p in cluster}) == 1 else _JOINED_WIDE_FROM,
    )
    cache[(0, n)] = (whole + (_ALONE_BONUS if alone else 0.0), one)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - _MAX_PIECES), j):
            if best[i] == -math.inf:
                continue
            total = best[i] + cache[(i, j)][0]
            if total > best[j]:
                best[j], back[j] = total, i
    if best[n] == -math.inf or back[n] == 0:  # no better way than as one digit
        return [one]
    path: list[tuple[Box, Prediction]] = []
    j = n
    while j > 0:
        found = cache[(back[j], j)][1]
        assert found is not None
        path.append(found)
        j = back[j]
    return path[::-1]


def _read_candidates(
    drawing: Drawing, read: ReadParts, layout: _Layout, runs: Sequence[Sequence[_Piece]]
) -> list[tuple[float, tuple[Box, Prediction] | None]]:
    """Each run of pieces read as one digit, and the score of that; -inf when it cannot be
    one."""
    fits = [
        right - left <= _MAX_ASPECT * layout.height and len(_clusters(run, layout.height)) == 1
        for run in runs
        for left, _, right, _ in [_extent(run)]
    ]
    found = iter(_read_parts(drawing, read, layout, list(itertools.compress(runs, fits))))
    out: list[tuple[float, tuple[Box, Prediction] | None]] = []
    for run, ok in zip(runs, fits, strict=True):
        if ok:
            part = next(found)
            wide_from = _JOINED_WIDE_FROM if len(run) > 1 else _WIDE_FROM
            out.append((_score(layout, run, part, wide_from), part))
        else:
            out.append((-math.inf, None))
    return out


def _score(
    layout: _Layout,
    pieces: Sequence[_Piece],
    found: tuple[Box, Prediction],
    wide_from: float = _WIDE_FROM,
) -> float:
    """log P(best digit) of these pieces read as one digit, minus the penalties for its
    shape: wider than `wide_from` x the row height or too short for the row, tall groups
    side by side, cuts through strokes."""
    prediction = found[1]
    if prediction.digit is None:
        return -math.inf
    left, top, right, bottom = _extent(pieces)
    height = layout.height
    penalty = _WIDE_COST * max(0.0, (right - left) / height - wide_from)
    penalty += _SHORT_COST * max(0.0, _SHORT_BELOW - (bottom - top) / height)
    penalty += _APART_COST * _side_by_side(pieces, height)
    inner = {id(p.lo) for p in pieces if p.lo is not None}
    crossed = [p.hi.strokes for p in pieces if p.hi and id(p.hi) not in inner]
    penalty += sum(_CUT_COST * n + _CUT_COST_MORE * max(0, n - 1) for n in crossed)
    return math.log(max(prediction.confidence, 1e-9)) - penalty


def _side_by_side(pieces: Sequence[_Piece], height: float, by_stroke: bool = False) -> int:
    """How many pairs of tall groups of ink (or of strokes) stand side by side among these
    pieces, as two digits do (a 5's flag, the bar of a 4 or 7 overlap their digit's body
    instead)."""
    groups: dict[int, list[_Piece]] = {}
    for p in pieces:
        groups.setdefault(p.label if by_stroke else p.group, []).append(p)
    tall = sorted(
        (box for box in map(_extent, groups.values()) if box[3] - box[1] >= _TALL * height),
        key=lambda box: box[0],
    )
    count = 0
    for a, b in itertools.pairwise(tall):
        overlap = min(a[2], b[2]) - max(a[0], b[0])
        count += overlap < _SIDE_BY_SIDE * min(a[2] - a[0], b[2] - b[0])
    return count


def _read_parts(
    drawing: Drawing, read: ReadParts, layout: _Layout, runs: Sequence[Sequence[_Piece]]
) -> list[tuple[Box, Prediction]]:
    """Each run of pieces cut out of the drawing (everything else becomes background) and
    read as one digit, all in one call; the boxes are the ink's boxes in image pixels."""
    cut = [_cut_out(drawing, layout, run) for run in runs]
    found = read([part for part, _ in cut])
    out = []
    for (_, box), prediction in zip(cut, found, strict=True):
        if prediction.bbox is None:
            out.append((box, prediction))
        else:
            x0, y0, x1, y1 = prediction.bbox
            out.append(((box[0] + x0, box[1] + y0, box[0] + x1, box[1] + y1), prediction))
    return out


def _cut_out(drawing: Drawing, layout: _Layout, pieces: Sequence[_Piece]) -> tuple[Drawing, Box]:
    """The part of the drawing that is these pieces' ink, and the box it was cut from."""
    s = layout.scale
    left, top, right, bottom = _extent(pieces)
    # one pooled pixel of margin: the grown owner map reaches it
    left, top = max(0, left - 1), max(0, top - 1)
    right, bottom = min(layout.owner.shape[1], right + 1), min(layout.owner.shape[0], bottom + 1)
    owner = layout.owner[top:bottom, left:right]
    keep = np.zeros(owner.shape, bool)
    rows = np.arange(top, bottom)[:, None]
    cols = np.arange(left, right)[None, :]
    for p in pieces:
        mine = owner == p.label
        if p.lo is not None:
            mine &= cols >= p.lo.xs[rows]
        if p.hi is not None:
            mine &= cols < p.hi.xs[rows]
        keep |= mine
    height, width = drawing.grey.shape
    box = (left * s, top * s, min(right * s, width), min(bottom * s, height))
    keep = np.repeat(np.repeat(keep, s, axis=0), s, axis=1)[: box[3] - box[1], : box[2] - box[0]]
    return drawing.part(keep, box), box
