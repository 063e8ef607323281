"""The back-propagation references agree with tf.GradientTape (float64) and with central finite differences."""
import numpy as np
import pytest
import tensorflow as tf

from course_utils.gradcheck import numerical_gradient, relative_error
from course_utils.reference import lab8_backprop as reference

RNG = np.random.default_rng(20261208)


def tape_gradients(function, **inputs):
    """function(**tensors) -> (J, {name: intermediate tensor}); returns J's gradient w.r.t. inputs and intermediates."""
    variables = {name: tf.Variable(np.float64(value)) for name, value in inputs.items()}
    with tf.GradientTape() as tape:
        J, intermediates = function(**variables)
    names = list(intermediates) + list(variables)
    gradients = tape.gradient(J, [intermediates[n] for n in intermediates] + [variables[n] for n in variables])
    return float(J), {name: float(g) for name, g in zip(names, gradients)}


@pytest.mark.parametrize("w", [3.0, -1.0, 0.0, *RNG.normal(scale=2.0, size=3)])
def test_small_graph_matches_gradient_tape(w):
    def graph(w):
        c = 3 * w
        a = 2 + c
        return a ** 2, {"c": c, "a": a}

    J, gradients = tape_gradients(graph, w=w)
    result = reference.small_graph(w)
    assert result["J"] == pytest.approx(J, rel=1e-12) == pytest.approx((2 + 3 * w) ** 2, rel=1e-12)
    for name in ("a", "c", "w"):
        assert result[f"dJ_d{name}"] == pytest.approx(gradients[name], rel=1e-12, abs=1e-12)
    finite_difference = numerical_gradient(lambda v: (2 + 3 * v[0]) ** 2, np.array([w]))[0]
    assert result["dJ_dw"] == pytest.approx(finite_difference, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("x, w, b, y", [(2.0, -2.0, 8.0, 1.0), (1.5, 2.0, -1.0, 0.5),
                                        *RNG.normal(scale=2.0, size=(4, 4)).tolist()])
def test_linear_unit_graph_matches_gradient_tape_and_finite_differences(x, w, b, y):
    def graph(x, w, b, y):
        c = w * x
        a = c + b
        d = a - y
        return d ** 2 / 2, {"c": c, "a": a, "d": d}

    J, gradients = tape_gradients(graph, x=x, w=w, b=b, y=y)
    result = reference.linear_unit_graph(x, w, b, y)
    assert result["J"] == pytest.approx(J, rel=1e-12)
    for name in ("d", "a", "c", "b", "w", "x"):
        assert result[f"dJ_d{name}"] == pytest.approx(gradients[name], rel=1e-12, abs=1e-12)
    point = np.array([x, w, b, y])
    numeric = numerical_gradient(lambda p: (p[1] * p[0] + p[2] - p[3]) ** 2 / 2, point)
    np.testing.assert_allclose([result["dJ_dx"], result["dJ_dw"], result["dJ_db"]], numeric[:3], rtol=1e-7,
                               atol=1e-8)


def random_network(m, n, h, k):
    X, y = RNG.normal(size=(m, n)), RNG.normal(size=(m, k))
    W1, b1 = RNG.normal(size=(n, h)), RNG.normal(size=h)
    W2, b2 = RNG.normal(size=(h, k)), RNG.normal(size=k)
    return X, y, W1, b1, W2, b2


@pytest.mark.parametrize("m, n, h, k", [(5, 3, 4, 1), (12, 4, 7, 3), (1, 2, 3, 2), (30, 6, 10, 1)])
def test_two_layer_gradients_match_gradient_tape(m, n, h, k):
    X, y, W1, b1, W2, b2 = random_network(m, n, h, k)
    assert (X @ W1 + b1 < 0).any() and (X @ W1 + b1 > 0).any(), "the ReLU mask must matter in this test"
    variables = [tf.Variable(p) for p in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        Z2 = tf.matmul(tf.nn.relu(tf.matmul(X, variables[0]) + variables[1]), variables[2]) + variables[3]
        J = tf.reduce_sum(tf.square(Z2 - y)) / (2 * m)
    expected = [g.numpy() for g in tape.gradient(J, variables)]
    result = reference.two_layer_gradients(X, y, W1, b1, W2, b2)
    assert result["J"] == pytest.approx(float(J), rel=1e-12)
    assert result["J"] == pytest.approx(reference.two_layer_cost(X, y, W1, b1, W2, b2), rel=1e-12)
    for name, tape_gradient in zip(("dW1", "db1", "dW2", "db2"), expected):
        assert result[name].shape == tape_gradient.shape
        np.testing.assert_allclose(result[name], tape_gradient, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("m, n, h, k", [(6, 3, 5, 1), (9, 2, 4, 2)])
def test_two_layer_gradients_match_finite_differences(m, n, h, k):
    X, y, W1, b1, W2, b2 = random_network(m, n, h, k)
    b1[0] = -50.0  # a hidden unit that is off for every example: its gradients are exactly zero
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    result = reference.two_layer_gradients(X, y, W1, b1, W2, b2)
    assert not result["db1"][0] and not result["dW1"][:, 0].any()
    for name, value in params.items():
        cost = lambda p, name=name: reference.two_layer_cost(X, y, **{**params, name: p})  # noqa: E731
        assert relative_error(result["d" + name], numerical_gradient(cost, value)) < 1e-8


def test_two_layer_gradients_leave_the_inputs_unchanged():
    arrays = random_network(4, 3, 5, 2)
    copies = [a.copy() for a in arrays]
    reference.two_layer_gradients(*arrays)
    for array, copy in zip(arrays, copies):
        np.testing.assert_array_equal(array, copy)
