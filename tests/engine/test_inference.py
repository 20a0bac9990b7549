"""The numpy network the app reads drawings with, held to the torch network's numbers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lenet_gui.engine.architecture import LeNetConfig
from lenet_gui.engine.inference import NumpyLeNet5, blocks_2x2, conv2d
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import build_model
from lenet_gui.engine.preprocess import mnist_to_input
from lenet_gui.engine.weights import load_weights
from lenet_gui.paths import bundled_weights


def _numpy_twin(model: torch.nn.Module) -> NumpyLeNet5:
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    return NumpyLeNet5(model.config, state)


def _torch_activations(model: torch.nn.Module, input32: np.ndarray) -> dict[str, np.ndarray]:
    acts: dict[str, torch.Tensor] = {}
    with torch.no_grad():
        model(torch.from_numpy(input32).view(1, 1, 32, 32), activations=acts)
    return {name: a[0].numpy() for name, a in acts.items()}


def test_conv2d_is_torchs_cross_correlation():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 9, 8)).astype(np.float32)
    w = rng.standard_normal((4, 3, 5, 5)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    expected = torch.nn.functional.conv2d(
        torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)
    ).numpy()
    np.testing.assert_allclose(conv2d(x, w, b), expected, atol=1e-5)


def test_blocks_2x2_groups_each_pooling_window():
    x = np.arange(2 * 4 * 4, dtype=np.float32).reshape(2, 4, 4)
    blocks = blocks_2x2(x)
    assert [b.shape for b in blocks] == [(2, 2, 2)] * 4
    assert [b[1, 0, 1] for b in blocks] == [x[1, 0, 2], x[1, 0, 3], x[1, 1, 2], x[1, 1, 3]]


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_every_layer_matches_the_torch_network(arch: str):
    torch.manual_seed(3)
    model = build_model(LeNetConfig(arch)).eval()
    net = _numpy_twin(model)
    rng = np.random.default_rng(1)
    for _ in range(3):
        input32 = rng.random((32, 32), dtype=np.float32)
        expected = _torch_activations(model, input32)
        got = net.activations(input32)
        assert list(got) == list(expected)
        for name, values in expected.items():
            assert got[name].dtype == np.float32 and got[name].shape == values.shape, name
            np.testing.assert_allclose(got[name], values, rtol=1e-4, atol=1e-4, err_msg=name)


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_bundled_networks_agree_with_torch_on_real_digits(arch: str, mnist_dir):
    path = bundled_weights(arch)
    assert path.is_file(), f"the bundled weights are missing: {path}"
    model = load_weights(path).model
    net = _numpy_twin(model)
    test = load_mnist(mnist_dir, "test")
    inputs = mnist_to_input(test.images[:200])
    with torch.no_grad():
        torch_digits = model(torch.from_numpy(inputs)[:, None]).argmax(dim=1).numpy()
    numpy_digits = [int(net.activations(x)["output"].argmax()) for x in inputs]
    assert (numpy_digits == torch_digits).all()
    assert np.mean(numpy_digits == test.labels[:200]) > 0.97


def test_weights_of_the_wrong_shape_are_refused():
    state = {k: v.numpy() for k, v in build_model().state_dict().items()}
    state["C1.weight"] = state["C1.weight"][:5]
    with pytest.raises(ValueError, match=r"C1\.weight"):
        NumpyLeNet5(LeNetConfig(), state)


def test_the_network_owns_read_only_copies_of_its_weights():
    state = {
        k: v.numpy().copy() for k, v in build_model(LeNetConfig("classic")).state_dict().items()
    }
    net = NumpyLeNet5(LeNetConfig("classic"), state)
    state["C1.weight"][:] = 0  # the caller's arrays are not the network's
    assert net.params["C1.weight"].any()
    with pytest.raises(ValueError, match="read-only"):
        net.kernels["C3"][0, 0, 0, 0] = 1.0


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_a_batch_answers_each_input_exactly_as_alone(arch: str):
    torch.manual_seed(4)
    net = _numpy_twin(build_model(LeNetConfig(arch)).eval())
    inputs = np.random.default_rng(2).random((7, 32, 32), dtype=np.float32)
    batch = net.activations_many(inputs)
    part = net.activations_many(inputs[2:5])
    for i, input32 in enumerate(inputs):
        alone = net.activations(input32)
        assert list(batch) == list(alone)
        for name, values in alone.items():
            np.testing.assert_array_equal(batch[name][i], values, err_msg=name)
            if 2 <= i < 5:
                np.testing.assert_array_equal(part[name][i - 2], values, err_msg=name)
