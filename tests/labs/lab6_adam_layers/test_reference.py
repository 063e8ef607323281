"""The Adam and layer-types lab's references agree with independent oracles (Keras's Adam and Conv1D), and its data
sets are what the lab says they are."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import data
from course_utils.reference import lab6_adam_layers as reference

RNG = np.random.default_rng(20260606)

# Keras keeps beta_1, beta_2 and the learning rate as float32. These values are exact in float32, so a float64 Keras
# variable must follow the float64 reference to rounding error.
FLOAT32_EXACT = [(0.0078125, 0.875, 0.9990234375, 2.0 ** -23), (0.0625, 0.75, 0.984375, 0.5),
                 (0.125, 0.5, 0.9990234375, 2.0 ** -10)]


def keras_adam_path(start, gradients, **adam_args):
    variable = keras.Variable(start, dtype="float64")
    optimizer = keras.optimizers.Adam(**adam_args)
    path = []
    for gradient in gradients:
        optimizer.apply_gradients([(gradient, variable)])
        path.append(variable.numpy())
    return np.array(path)


def reference_adam_path(start, gradients, learning_rate, beta1, beta2, epsilon):
    params, m, v, path = start, np.zeros_like(start), np.zeros_like(start), []
    for t, gradient in enumerate(gradients, start=1):
        params, m, v = reference.adam_step(params, gradient, m, v, t, learning_rate, beta1, beta2, epsilon)
        path.append(params)
    return np.array(path)


@pytest.mark.parametrize("learning_rate, beta1, beta2, epsilon", FLOAT32_EXACT)
@pytest.mark.parametrize("shape, scale", [((4,), 1.0), ((3, 2), 1e-3), ((5,), 50.0)])
def test_adam_step_matches_keras_adam(learning_rate, beta1, beta2, epsilon, shape, scale):
    start = RNG.normal(size=shape)
    gradients = RNG.normal(scale=scale, size=(8, *shape))
    expected = keras_adam_path(start, gradients, learning_rate=learning_rate, beta_1=beta1, beta_2=beta2,
                               epsilon=epsilon)
    got = reference_adam_path(start, gradients, learning_rate, beta1, beta2, epsilon)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-13)


def test_adam_step_matches_keras_adam_with_its_defaults():
    start = RNG.normal(size=6)
    gradients = RNG.normal(size=(10, 6))
    expected = keras_adam_path(start, gradients)
    got = reference_adam_path(start, gradients, 0.001, 0.9, 0.999, 1e-7)
    np.testing.assert_allclose(got, expected, rtol=0, atol=2e-7)  # float32 betas: about 1e-5 of each step


def test_adam_step_first_step_moves_each_parameter_by_the_learning_rate():
    grads = np.array([1e-4, -3.0, 250.0])
    params, m, v = reference.adam_step(np.zeros(3), grads, np.zeros(3), np.zeros(3), 1, learning_rate=0.1,
                                       epsilon=0.0)
    np.testing.assert_allclose(params, [-0.1, 0.1, -0.1], rtol=1e-12)
    np.testing.assert_allclose(m, 0.1 * grads, rtol=1e-12)
    np.testing.assert_allclose(v, 0.001 * grads ** 2, rtol=1e-12)


def test_adam_step_leaves_its_inputs_alone():
    arrays = [RNG.normal(size=4) for _ in range(3)] + [RNG.uniform(size=4)]
    copies = [a.copy() for a in arrays]
    reference.adam_step(*arrays, 3, learning_rate=0.01)
    for array, copy in zip(arrays, copies):
        np.testing.assert_array_equal(array, copy)


def test_run_adam_matches_a_keras_adam_loop():
    A = RNG.normal(size=(3, 3))
    A = A @ A.T + np.diag([0.1, 1.0, 30.0])
    b = RNG.normal(size=3)

    def quadratic(w):
        return 0.5 * w @ A @ w - b @ w, A @ w - b

    start = RNG.normal(size=3)
    path, losses = reference.run_adam(quadratic, start, 0.0625, 30)
    assert path.shape == (31, 3) and losses.shape == (31,)
    np.testing.assert_array_equal(path[0], start)
    np.testing.assert_allclose(losses, [quadratic(w)[0] for w in path], rtol=1e-12)
    variable = keras.Variable(start, dtype="float64")
    optimizer = keras.optimizers.Adam(learning_rate=0.0625)
    for k in range(30):
        optimizer.apply_gradients([(quadratic(variable.numpy())[1], variable)])
        np.testing.assert_allclose(path[k + 1], variable.numpy(), atol=5e-5)  # float32 betas in Keras


def test_run_adam_beats_gradient_descent_on_the_lab_problem():
    X, y = data.scaled_regression()

    def loss_and_grad(w):
        errors = X @ w - y
        return 0.5 * np.mean(errors ** 2), X.T @ errors / len(y)

    path, losses = reference.run_adam(loss_and_grad, np.zeros(2), 0.1, 150)
    assert losses[-1] < 1e-4
    np.testing.assert_allclose(path[-1], data.SCALED_REGRESSION_WEIGHTS, atol=0.01)


CONV_CASES = [(None, 12, 3, 4, 5, None, None), (6, 20, 2, 5, 3, "relu", lambda z: np.maximum(z, 0)),
              (3, 9, 1, 9, 2, "sigmoid", lambda z: 1 / (1 + np.exp(-z))), (2, 15, 4, 1, 6, "tanh", np.tanh),
              (5, 30, 1, 7, 1, None, None)]


@pytest.mark.parametrize("m, length, channels, window, filters, keras_activation, numpy_activation", CONV_CASES)
def test_conv1d_forward_matches_keras_conv1d(m, length, channels, window, filters, keras_activation,
                                             numpy_activation):
    x = RNG.normal(size=(length, channels) if m is None else (m, length, channels))
    kernels, biases = RNG.normal(size=(window, channels, filters)), RNG.normal(size=filters)
    layer = keras.layers.Conv1D(filters, window, activation=keras_activation, dtype="float64")
    layer.build((None, length, channels))
    layer.set_weights([kernels, biases])
    expected = layer(x[None] if m is None else x).numpy()
    expected = expected[0] if m is None else expected
    got = reference.conv1d_forward(x, kernels, biases, activation=numpy_activation)
    assert got.shape == expected.shape == ((length - window + 1, filters) if m is None
                                           else (m, length - window + 1, filters))
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_conv1d_forward_matches_tf_nn_conv1d_and_np_correlate():
    x, kernels = RNG.normal(size=(4, 25, 3)), RNG.normal(size=(6, 3, 2))
    expected = tf.nn.conv1d(x, kernels, stride=1, padding="VALID").numpy()
    np.testing.assert_allclose(reference.conv1d_forward(x, kernels, np.zeros(2)), expected, rtol=1e-10, atol=1e-12)
    signal, kernel = RNG.normal(size=40), RNG.normal(size=5)
    np.testing.assert_allclose(reference.conv1d_forward(signal[:, None], kernel[:, None, None], np.zeros(1))[:, 0],
                               np.correlate(signal, kernel, mode="valid"), rtol=1e-10, atol=1e-12)


def test_scaled_regression_is_deterministic_and_badly_scaled():
    X, y = data.scaled_regression()
    X_again, y_again = data.scaled_regression()
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)
    assert X.shape == (200, 2) and y.shape == (200,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    curvatures = np.linalg.eigvalsh(X.T @ X / len(y))
    assert curvatures[-1] / curvatures[0] > 50
    np.testing.assert_allclose(np.linalg.lstsq(X, y, rcond=None)[0], data.SCALED_REGRESSION_WEIGHTS, rtol=1e-10)


def test_ecg_like_has_one_spike_per_beat():
    time, signal = data.ecg_like()
    time_again, signal_again = data.ecg_like()
    np.testing.assert_array_equal(signal, signal_again)
    assert time.shape == signal.shape == (400,)
    spikes = np.flatnonzero((signal[1:-1] > 0.6) & (signal[1:-1] >= signal[:-2]) & (signal[1:-1] >= signal[2:]))
    assert len(spikes) == 5
    assert np.all(np.diff(time[spikes + 1]) > 0.6)
