"""Reference answers for the back-propagation lab: forward values and chain-rule derivatives."""
import numpy as np


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
    Z2 = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
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
