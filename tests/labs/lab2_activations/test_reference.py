"""The activations lab's references agree with TensorFlow/Keras, and its data helpers do what the lab says."""
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import data
from course_utils.checks import check_no_float_errors
from course_utils.reference import lab2_activations as reference

RNG = np.random.default_rng(20260202)


@pytest.mark.parametrize("shape, scale", [((7,), 1.0), ((4, 5), 6.0), ((50,), 2000.0), ((2, 3, 4), 30.0)])
def test_activations_match_tensorflow(shape, scale):
    z = RNG.normal(scale=scale, size=shape)
    np.testing.assert_allclose(reference.sigmoid(z), tf.nn.sigmoid(z).numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(reference.relu(z), tf.nn.relu(z).numpy())
    np.testing.assert_array_equal(reference.linear(z), np.asarray(keras.activations.linear(z)))


def test_sigmoid_reference_is_quiet_and_finite_for_huge_inputs():
    z = np.array([-1e308, -3000.0, -746.0, -710.0, 0.0, 710.0, 746.0, 3000.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            result = reference.sigmoid(z)
    np.testing.assert_allclose(result, [0, 0, 0, 0, 0.5, 1, 1, 1, 1], atol=1e-300)


def test_check_no_float_errors_rejects_an_overflowing_sigmoid():
    def naive(z):
        return 1 / (1 + np.exp(-z))

    with pytest.raises(AssertionError, match="overflowed"):
        check_no_float_errors("naive sigmoid", naive, np.array([-1000.0]))
    np.testing.assert_allclose(check_no_float_errors("reference sigmoid", reference.sigmoid, np.array([-1000.0])), [0])


def test_references_do_not_change_their_input():
    z = RNG.normal(size=(3, 4))
    copy = z.copy()
    for activation in (reference.sigmoid, reference.relu, reference.linear):
        activation(z)[...] = 7.0  # even writing into the result leaves z alone
        np.testing.assert_array_equal(z, copy)


def test_output_activations_follow_the_label_ranges():
    ranges = {"sigmoid": "0 or 1", "relu": "never negative", "linear": "either sign"}
    labels = {"tumour": "0 or 1", "ad_click": "0 or 1", "house_price": "never negative",
              "rainfall": "never negative", "temperature_change": "either sign", "profit": "either sign"}
    assert {task: ranges[choice] for task, choice in reference.OUTPUT_ACTIVATIONS.items()} == labels
    assert reference.HIDDEN_ACTIVATION == "relu"


@pytest.mark.parametrize("sizes, seed", [((3, 4, 2), 5), ((5, 7, 3), 1), ((1, 16, 1), 2), ((2, 1, 4), 3)])
def test_collapse_linear_matches_the_model(sizes, seed):
    model = data.two_linear_layers(*sizes, seed=seed)
    W, b = reference.collapse_linear(model)
    assert W.shape == (sizes[0], sizes[2]) and b.shape == (sizes[2],)
    X = RNG.normal(size=(11, sizes[0])).astype(np.float32)
    np.testing.assert_allclose(X @ W + b, model(X).numpy(), rtol=1e-4, atol=1e-4)
    # and a single Dense layer holding (W, b) is the same function
    single = keras.Sequential([keras.Input(shape=(sizes[0],)), keras.layers.Dense(sizes[2])])
    single.set_weights([W.astype(np.float32), b.astype(np.float32)])
    np.testing.assert_allclose(single(X).numpy(), model(X).numpy(), rtol=1e-4, atol=1e-4)


def test_two_linear_layers_has_nonzero_biases_and_is_deterministic():
    first, again = data.two_linear_layers(3, 4, 2, seed=5), data.two_linear_layers(3, 4, 2, seed=5)
    for ours, theirs in zip(first.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
    assert all(np.abs(bias).min() > 0 for bias in first.get_weights()[1::2])
    assert [layer.activation.__name__ for layer in first.layers] == ["linear", "linear"]


def test_piecewise_targets_agree():
    x = np.concatenate([np.linspace(0, 3, 3001), RNG.uniform(0, 3, 200)])
    np.testing.assert_allclose(reference.piecewise_target(x), data.piecewise_target(x), rtol=0, atol=1e-12)
    corners_x, corners_y = np.array(data.PIECEWISE_CORNERS).T
    np.testing.assert_allclose(reference.piecewise_target(corners_x), corners_y, atol=1e-12)


def test_relu_solution_matches_the_target_in_numpy_and_keras():
    solution = reference.RELU_SOLUTION
    x = np.linspace(0, 3, 30001)
    assert np.max(np.abs(reference.relu_network(x, **solution) - data.piecewise_target(x))) <= 1e-12
    network = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(3, activation="relu"),
                                keras.layers.Dense(1)])
    network.set_weights([np.reshape(solution["hidden_w"], (1, 3)), np.asarray(solution["hidden_b"]),
                         np.reshape(solution["output_w"], (3, 1)), np.reshape(solution["output_b"], (1,))])
    np.testing.assert_allclose(network(x[:, None]).numpy()[:, 0], data.piecewise_target(x), atol=1e-5)


def test_curved_data_is_deterministic_and_a_parabola():
    x, y = data.curved_data()
    x_again, y_again = data.curved_data()
    assert x.shape == (200, 1) and y.shape == (200,) and x.dtype == y.dtype == np.float32
    np.testing.assert_array_equal(x, x_again)
    np.testing.assert_array_equal(y, y_again)
    assert np.std(y - x[:, 0] ** 2) < 0.2 and x.min() >= -2 and x.max() <= 2
