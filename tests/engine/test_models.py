"""The network's layers, shapes and counts against the LeNet-5 facts."""

from __future__ import annotations

import pytest
import torch

from lenet_gui.engine.architecture import LAYER_NAMES, LeNetConfig, describe
from lenet_gui.engine.models import build_model, count_parameters

# (output shape, trainable parameters, connections) of the modern variant
MODERN = {
    "C1": ((6, 28, 28), 156, 122_304),
    "S2": ((6, 14, 14), 0, 6 * 14 * 14 * 4),
    "C3": ((16, 10, 10), 2_416, 241_600),
    "S4": ((16, 5, 5), 0, 16 * 5 * 5 * 4),
    "C5": ((120, 1, 1), 48_120, 48_120),
    "F6": ((84,), 10_164, 10_164),
    "output": ((10,), 850, 850),
}


def test_modern_layer_table_matches_lenet5_facts():
    rows = {row.name: row for row in describe(LeNetConfig())}
    assert list(rows) == list(LAYER_NAMES)
    for name, (shape, params, connections) in MODERN.items():
        assert rows[name].output_shape == shape, name
        assert rows[name].params == params, name
        assert rows[name].connections == connections, name


def test_modern_has_61706_trainable_parameters():
    assert count_parameters(build_model()) == 61_706


def test_activations_come_from_the_same_pass_as_the_output():
    torch.manual_seed(0)
    model = build_model().eval()
    x = torch.rand(3, 1, 32, 32)
    acts: dict[str, torch.Tensor] = {}
    scores = model(x, activations=acts)
    assert list(acts) == list(LAYER_NAMES)
    assert acts["C1"].shape == (3, 6, 28, 28)
    assert acts["C3"].shape == (3, 16, 10, 10)
    assert torch.equal(acts["output"], scores)
    # the stored maps are the ones the next layer consumed
    assert torch.allclose(model.S2(acts["C1"]), acts["S2"])
    assert torch.allclose(model(x), scores)


def test_input_is_ink_coverage_so_blank_background_differs_from_ink():
    model = build_model().eval()
    blank, ink = torch.zeros(1, 1, 32, 32), torch.ones(1, 1, 32, 32)
    assert not torch.allclose(model(blank), model(ink))


def test_config_round_trip_and_unknown_values():
    config = LeNetConfig(arch="modern", num_classes=10)
    assert LeNetConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ValueError, match="unknown model settings"):
        LeNetConfig.from_dict({"arch": "modern", "dropout": 0.5})
    with pytest.raises(ValueError, match="unknown architecture 'resnet'"):
        build_model(LeNetConfig(arch="resnet"))
