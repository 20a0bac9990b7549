"""The Learn view's layer table: the numbers of the network in use."""

from __future__ import annotations

import itertools

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.ui.learn.layer_table import layer_rows
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.session import Session
from tests.ui.learn.support import CLASSIC, MODERN_C3, untrained


def test_learn_table_numbers_of_the_1998_network(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    for layer, (params, connections) in CLASSIC.items():
        assert (learn.cell_text(layer, 4), learn.cell_text(layer, 5)) == (params, connections)
    assert learn.cell_text("C3", 1) == "partial convolution"
    assert learn.cell_text("C3", 2) == "6@14×14 → 16@10×10"
    assert learn.cell_text("C1", 2) == "1@32×32 → 6@28×28"
    assert learn.cell_text("S2", 1) == "subsampling"
    assert learn.cell_text("output", 1) == "Euclidean RBF"
    total = learn.table.rowCount() - 1
    assert learn.table.item(total, 4).text() == "60,000"
    assert learn.table.item(total, 5).text() == "340,908"


def test_learn_table_follows_the_network_in_use(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(untrained("modern"))
    assert (learn.cell_text("C3", 4), learn.cell_text("C3", 5)) == MODERN_C3
    assert learn.cell_text("S2", 1) == "max-pooling"
    learn.select_layer("S2")
    assert "largest value" in learn.explanation.text()
    session.set_recognizer(classic)
    assert (learn.cell_text("C3", 4), learn.cell_text("C3", 5)) == CLASSIC["C3"]
    assert learn.selected_layer() == "S2"  # the selection survives the switch
    assert "trainable coefficient" in learn.explanation.text()


def test_each_layer_reads_the_previous_layers_output(classic: Recognizer) -> None:
    rows = layer_rows(classic.layers)
    assert rows[0][1] == (1, 32, 32)  # C1 reads the image
    for (previous, _), (_, input_shape) in itertools.pairwise(rows):
        assert input_shape == previous.output_shape
