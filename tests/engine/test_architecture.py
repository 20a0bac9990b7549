"""The torch-free layer table against the torch networks it describes."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from lenet_gui.engine.architecture import LeNetConfig, describe, parameter_shapes
from lenet_gui.engine.models import build_model, count_parameters

CONFIGS = [LeNetConfig("modern"), LeNetConfig("classic")]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.arch)
def test_parameter_shapes_are_the_networks_state_dict(config: LeNetConfig):
    state = build_model(config).state_dict()
    assert parameter_shapes(config) == {k: tuple(v.shape) for k, v in state.items()}


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.arch)
def test_table_matches_a_real_forward_pass_and_the_modules(config: LeNetConfig):
    model = build_model(config)
    acts: dict[str, torch.Tensor] = {}
    with torch.no_grad():
        model(torch.zeros(1, 1, 32, 32), activations=acts)
    rows = describe(config)
    assert [row.name for row in rows] == list(acts)
    for row in rows:
        assert row.output_shape == tuple(acts[row.name].shape[1:]), row.name
        layer_params = sum(p.numel() for p in getattr(model, row.name).parameters())
        assert row.params == layer_params, row.name
    assert sum(row.params for row in rows) == count_parameters(model)


def test_other_class_counts_change_the_output_layer_only():
    rows = {row.name: row for row in describe(LeNetConfig("modern", num_classes=26))}
    assert rows["output"].output_shape == (26,) and rows["output"].params == 84 * 26 + 26
    assert rows["F6"].params == 10_164


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"arch": "resnet"}, "unknown architecture 'resnet'"),
        ({"arch": "classic", "num_classes": 26}, "10 digits only"),
        ({"arch": "modern", "num_classes": 0}, "bad number of classes"),
    ],
)
def test_impossible_settings_are_refused(settings: dict, message: str):
    with pytest.raises(ValueError, match=message):
        LeNetConfig.from_dict(settings)


def test_reading_and_running_a_network_needs_no_torch():
    """What the app needs before torch has loaded: the table, a weights file, a prediction."""
    code = (
        "import sys\n"
        "from lenet_gui.engine.recognizer import Recognizer\n"
        "from lenet_gui.engine.saliency import unit_sum\n"
        "from lenet_gui.paths import bundled_weights\n"
        "r = Recognizer.from_file(bundled_weights())\n"
        "import numpy as np\n"
        "image = np.full((280, 280), 255, np.uint8); image[40:240, 130:150] = 0\n"
        "p = r.predict(image)\n"
        "u = unit_sum(r.net, p.input32, p.activations, 'C3', 0, 0, 0)\n"
        "print(p.digit, len(r.layers), 'torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "7", "False"]
