"""The Learn view's teaching prose: what each layer does, in the modern and the 1998
("classic") variant, and the notes under the output codes and the slid network.

Kept apart from the widgets so the explanations read as one text. They are translated
in the "LearnView" context, the window that shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def layer_explanations(arch: str) -> dict[str, str]:
    """What each layer does, for the modern or the 1998 ("classic") network."""
    classic = arch == "classic"
    activation = (
        QCoreApplication.translate(
            "LearnView", "Activation: the scaled tanh f(a) = 1.7159·tanh(2a/3), so f(±1) = ±1."
        )
        if classic
        else QCoreApplication.translate("LearnView", "Activation: ReLU, f(a) = max(0, a).")
    )
    pooling = (
        QCoreApplication.translate(
            "LearnView",
            "{layer} halves the resolution of {source}: each unit adds up a 2×2 block of "
            "one map, multiplies the sum by a trainable coefficient and adds a trainable "
            "bias (two parameters per map), then applies the activation function. "
            "Exact positions matter less afterwards; what remains is roughly where each "
            "feature is.",
        )
        if classic
        else QCoreApplication.translate(
            "LearnView",
            "{layer} halves the resolution of {source}: each unit keeps the largest value "
            "of a 2×2 block of one map (max-pooling, no parameters). A drawing moved by "
            "a pixel then gives almost the same maps.",
        )
    )
    c3 = (
        QCoreApplication.translate(
            "LearnView",
            "C3 computes 16 maps of 10×10 with 5×5 kernels, but each map reads only some "
            "of the S2 maps (the paper's Table I, drawn below): maps 0–5 read 3 adjacent "
            "maps, 6–11 read 4 adjacent ones, 12–14 read 4 non-adjacent ones and 15 reads "
            "all 6. That saves connections and, by breaking the symmetry, makes the maps "
            "learn different features. Hover a unit to see its sum; click a column of "
            "the grid to pick that map.",
        )
        if classic
        else QCoreApplication.translate(
            "LearnView",
            "C3 computes 16 maps of 10×10 with 5×5 kernels. In the modern network every "
            "C3 map reads all 6 S2 maps (the grid below is full), so each unit adds up "
            "6 × 25 weighted values and a bias. Hover a unit to see its sum.",
        )
    )
    output = (
        QCoreApplication.translate(
            "LearnView",
            "The output layer has 10 Euclidean RBF units. Unit i compares F6 with a fixed "
            "7×12 bitmap of digit i (+1 or −1 per pixel): its penalty is "
            "y_i = Σ (x_j − w_ij)². The smallest penalty wins; the chart shows a softmax "
            "over −y_i. Training minimises the paper's loss: the penalty of the correct "
            "digit plus log(e^−j + Σ e^−y_i), which keeps the classes competing.",
        )
        if classic
        else QCoreApplication.translate(
            "LearnView",
            "The output layer has 10 units, each a weighted sum of the 84 F6 values plus "
            "a bias. A softmax turns these scores into the probabilities of the chart; "
            "training minimises the cross-entropy.",
        )
    )
    f6 = QCoreApplication.translate(
        "LearnView",
        "F6 has 84 units, each connected to all 120 C5 values: a weighted sum plus a bias.",
    )
    if classic:
        f6 += " " + QCoreApplication.translate(
            "LearnView",
            "84 = 7 × 12: the output layer compares F6 with 7×12 bitmaps of the digits, "
            "so F6 can be drawn as a small picture (select the output layer).",
        )
    return {
        "C1": QCoreApplication.translate(
            "LearnView",
            "C1 slides 6 learned 5×5 kernels over the 32×32 input. Each unit adds up the "
            "25 pixels under the kernel, each times its weight, plus a bias. All units of "
            "a map share these 26 parameters, so a map shows where in the image its "
            "feature (an edge, a stroke end …) occurs. Hover a unit to see its sum.",
        )
        + " "
        + activation,
        "S2": pooling.format(layer="S2", source="C1"),
        "C3": c3 + " " + activation,
        "S4": pooling.format(layer="S4", source="C3"),
        "C5": QCoreApplication.translate(
            "LearnView",
            "C5 has 120 units, each a 5×5 convolution over all 16 S4 maps. The S4 maps "
            "are exactly 5×5, so each C5 map is 1×1: in effect a fully connected layer, "
            "but the paper calls it a convolution because a larger input would give "
            "larger maps.",
        )
        + " "
        + activation,
        "F6": f6 + " " + activation,
        "output": output,
    }


def codes_note(rbf: bool) -> str:
    """Under the output layer: how to read the 1998 codes (`rbf`), or why there are none."""
    if rbf:
        return QCoreApplication.translate(
            "LearnView",
            "Framed: the code F6 is closest to, the network's answer. Under each code: "
            "its penalty y_i (smaller is closer). F6 is drawn as 7×12 the same way "
            "(dark = +1, light = −1).",
        )
    return QCoreApplication.translate(
        "LearnView",
        "The modern network's output layer is an ordinary trainable layer followed "
        "by a softmax. Switch to the 1998 network to see its fixed 7×12 digit codes.",
    )


def slide_note(reading: str, by_sdnn: bool = False) -> str:
    """Under the slid network: what it shows, next to what the app read (`reading`): by
    cutting the drawing into digits, or (`by_sdnn`) by the SDNN reader, where cutting an
    image without pen strokes was unsure. Whole sentences each, for the translators."""
    if by_sdnn:
        note = QCoreApplication.translate(
            "LearnView",
            "C5 is a convolution too, so LeNet-5 run on a strip 32 pixels high answers"
            " for every 32-pixel window, 4 pixels apart, without cutting the drawing"
            " into digits (the paper's space-displacement network, Section VII). Under"
            " each window: its answer, faint when unsure. Cutting this image into digits"
            " was unsure; a LeNet-5 trained on windows of written numbers, slid the same"
            " way, reads: {text}",
        )
    else:
        note = QCoreApplication.translate(
            "LearnView",
            "C5 is a convolution too, so LeNet-5 run on a strip 32 pixels high answers"
            " for every 32-pixel window, 4 pixels apart, without cutting the drawing"
            " into digits (the paper's space-displacement network, Section VII). Under"
            " each window: its answer, faint when unsure. Cutting the drawing into"
            " digits reads: {text}",
        )
    return note.format(text=reading or "–")
