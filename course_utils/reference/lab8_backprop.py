"""lab8_backprop: its reference answers (forward values and chain-rule derivatives) and the hidden checks of its
test cells (see the package's docstring)."""
import numpy as np
import tensorflow as tf

from ..checks import check_close, check_keys, check_true
from ..gradcheck import numerical_gradient, relative_error
from .maths import dense_forward


def small_graph(w):
    """J = (2 + 3w)^2 as the graph w -> c = 3w -> a = 2 + c -> J = a^2: forward values and dJ/d(node)."""
    c = 3.0 * w
    a = 2.0 + c
    J = a ** 2
    dJ_da = 2.0 * a
    dJ_dc = dJ_da * 1.0
    dJ_dw = dJ_dc * 3.0
    return {"c": c, "a": a, "J": J, "dJ_da": dJ_da, "dJ_dc": dJ_dc, "dJ_dw": dJ_dw}


def linear_unit_graph(x, w, b, y):
    """One linear unit with squared error: c = w x, a = c + b, d = a - y, J = d^2 / 2, and every dJ/d(node)."""
    c = w * x
    a = c + b
    d = a - y
    J = d ** 2 / 2.0
    dJ_dd = d
    dJ_da = dJ_dd * 1.0
    dJ_dc = dJ_da * 1.0
    dJ_db = dJ_da * 1.0
    dJ_dw = dJ_dc * x
    dJ_dx = dJ_dc * w
    return {"c": c, "a": a, "d": d, "J": J, "dJ_dd": dJ_dd, "dJ_da": dJ_da, "dJ_dc": dJ_dc, "dJ_db": dJ_db,
            "dJ_dw": dJ_dw, "dJ_dx": dJ_dx}


def two_layer_cost(X, y, W1, b1, W2, b2):
    """Half the squared error, summed over the outputs and averaged over the m examples, of relu(X W1 + b1) W2 + b2."""
    Z2 = dense_forward([(W1, b1), (W2, b2)], X)
    return float(np.sum((Z2 - y) ** 2) / (2 * X.shape[0]))


def two_layer_gradients(X, y, W1, b1, W2, b2):
    """The cost J of ``two_layer_cost`` and its gradients with respect to W1, b1, W2 and b2 (back-propagation)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    m = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2 + b2
    E = Z2 - y
    J = float(np.sum(E ** 2) / (2 * m))
    dZ2 = E / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"J": J, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def check_small_graph(students_small_graph):
    """Exercise 1: every node's value and derivative at random w, 0 and 7, against the reference, tf.GradientTape
    and finite differences."""
    rng = np.random.default_rng(8101)
    for w in [*rng.normal(scale=2.0, size=4), 0.0, 7]:
        got = students_small_graph(w)
        expected = small_graph(w)
        check_keys("small_graph at a random w", got, list(expected))
        for key in expected:
            check_close(f'small_graph(w)["{key}"] at a random w', got[key], expected[key], show_values=False)
        w_var = tf.Variable(float(w), dtype=tf.float64)
        with tf.GradientTape() as tape:
            c = 3 * w_var
            a = 2 + c
            J = a ** 2
        for key, oracle in zip(("dJ_da", "dJ_dc", "dJ_dw"), tape.gradient(J, [a, c, w_var])):
            check_close(f'small_graph(w)["{key}"] at a random w vs tf.GradientTape', got[key], oracle.numpy(),
                        show_values=False)
        check_close("small_graph(w)['J'] at a random w vs (2 + 3w)**2", got["J"], (2 + 3 * w) ** 2, show_values=False)
        numeric = numerical_gradient(lambda v: (2 + 3 * v[0]) ** 2, np.array([w]))[0]
        check_close("small_graph(w)['dJ_dw'] at a random w vs finite differences", got["dJ_dw"], numeric, rtol=1e-6,
                    show_values=False)


def check_linear_unit_graph(students_linear_unit_graph):
    """Exercise 2: every node's value and derivative on random inputs, against the reference, tf.GradientTape and
    finite differences."""
    rng = np.random.default_rng(8202)
    for x, w, b, y in [*rng.normal(scale=2.0, size=(4, 4)), (3, -2, 1, 5)]:
        got = students_linear_unit_graph(x, w, b, y)
        expected = linear_unit_graph(x, w, b, y)
        check_keys("linear_unit_graph on random inputs", got, list(expected))
        for key in expected:
            check_close(f'linear_unit_graph["{key}"] on random inputs', got[key], expected[key], show_values=False)
        variables = {name: tf.Variable(float(value), dtype=tf.float64) for name, value in zip("xwby", (x, w, b, y))}
        with tf.GradientTape() as tape:
            c = variables["w"] * variables["x"]
            a = c + variables["b"]
            d = a - variables["y"]
            J = d ** 2 / 2
        oracles = tape.gradient(J, [d, a, c, variables["b"], variables["w"], variables["x"]])
        for key, oracle in zip(("dJ_dd", "dJ_da", "dJ_dc", "dJ_db", "dJ_dw", "dJ_dx"), oracles):
            check_close(f'linear_unit_graph["{key}"] on random inputs vs tf.GradientTape', got[key], oracle.numpy(),
                        show_values=False)
        check_close("linear_unit_graph['J'] on random inputs vs tf.GradientTape", got["J"], J.numpy(),
                    show_values=False)
        numeric = numerical_gradient(lambda p: (p[1] * p[0] + p[2] - p[3]) ** 2 / 2, np.array([x, w, b, y]))
        check_close("linear_unit_graph: dJ_dx, dJ_dw, dJ_db on random inputs vs finite differences",
                    [got["dJ_dx"], got["dJ_dw"], got["dJ_db"]], numeric[:3], rtol=1e-6, show_values=False)


def _tape_gradients(X, y, params):
    """The cost of ``two_layer_cost`` and its gradients with respect to ``params``, by tf.GradientTape."""
    variables = [tf.Variable(p, dtype=tf.float64) for p in params]
    with tf.GradientTape() as tape:
        Z2 = tf.matmul(tf.nn.relu(tf.matmul(tf.constant(X), variables[0]) + variables[1]), variables[2]) + variables[3]
        J = tf.reduce_sum(tf.square(Z2 - y)) / (2 * X.shape[0])
    return J, tape.gradient(J, variables)


def check_two_layer_gradients(students_two_layer_gradients):
    """Exercise 3: random networks of four sizes (the inputs unchanged) against the reference, tf.GradientTape and
    finite differences; pre-activations of exactly 0, where a ReLU must block the derivative."""
    # Random inputs give negative pre-activations in every case below (so the ReLU mask matters); bias -30 also
    # turns hidden unit 0 off for every example, and with a single example (m = 1) every hidden unit happens to be
    # off.
    rng = np.random.default_rng(8303)
    for m, n, h, k in ((7, 4, 6, 1), (10, 3, 5, 3), (1, 5, 2, 2), (16, 2, 8, 1)):
        X, y = rng.normal(size=(m, n)), rng.normal(size=(m, k))
        params = [rng.normal(size=(n, h)), rng.normal(size=h), rng.normal(size=(h, k)), rng.normal(size=k)]
        params[1][0] = -30.0
        copies = [a.copy() for a in (X, y, *params)]
        got = students_two_layer_gradients(X, y, *params)
        what = f"two_layer_gradients on a random network ({m} examples, {n} features, {h} hidden, {k} outputs)"
        check_keys(what, got, ["J", "dW1", "db1", "dW2", "db2"])
        for array, copy in zip((X, y, *params), copies):
            check_close(f"{what}: the inputs after the call (they must not change)", array, copy, atol=0, rtol=0,
                        show_values=False)
        expected = two_layer_gradients(X, y, *params)
        for key in ("J", "dW1", "db1", "dW2", "db2"):
            check_close(f"{what}: {key}", got[key], expected[key], rtol=1e-8, atol=1e-10, show_values=False)
        J, oracles = _tape_gradients(X, y, params)
        check_close(f"{what}: J vs TensorFlow", got["J"], J.numpy(), rtol=1e-8, show_values=False)
        for key, oracle in zip(("dW1", "db1", "dW2", "db2"), oracles):
            check_close(f"{what}: {key} vs tf.GradientTape", got[key], oracle.numpy(), rtol=1e-8, atol=1e-10,
                        show_values=False)
        for index, key in enumerate(("dW1", "db1", "dW2", "db2")):
            numeric = numerical_gradient(
                lambda value, index=index: two_layer_cost(X, y, *params[:index], value, *params[index + 1:]),
                params[index])
            check_true(relative_error(got[key], numeric) < 1e-7,
                       f"{what}: {key} differs from finite differences (relative error "
                       f"{relative_error(got[key], numeric):.1e})")
    # A ReLU passes the derivative on only where its input is positive: an example of all zeros and no hidden bias
    # make pre-activations of exactly 0, which must block it (as in TensorFlow).
    X = rng.integers(-2, 3, size=(6, 3)).astype(float)
    X[0] = 0.0
    y = rng.normal(size=(6, 2))
    params = [rng.integers(-2, 3, size=(3, 4)).astype(float), np.zeros(4), rng.normal(size=(4, 2)), rng.normal(size=2)]
    got = students_two_layer_gradients(X, y, *params)
    expected = two_layer_gradients(X, y, *params)
    _, oracles = _tape_gradients(X, y, params)
    for key, oracle in zip(("dW1", "db1"), oracles):
        check_close(f"two_layer_gradients with pre-activations of exactly 0: {key} vs tf.GradientTape", got[key],
                    oracle.numpy(), rtol=1e-8, atol=1e-10, show_values=False)
        check_close(f"two_layer_gradients with pre-activations of exactly 0: {key}", got[key], expected[key],
                    rtol=1e-8, atol=1e-10, show_values=False)
