"""Reference answers for the activations lab."""
import numpy as np


def sigmoid(z):
    """The logistic function, written with tanh: 1/(1+e^-z) = (1 + tanh(z/2)) / 2, which cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def relu(z):
    """max(0, z) element-wise, in a new array."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0.0, z, 0.0)


def linear(z):
    """The identity, in a new float array."""
    return np.array(z, dtype=float, copy=True)


# Exercise 2: the output activation whose range matches each task's labels, and the default for hidden layers.
OUTPUT_ACTIVATIONS = {
    "tumour": "sigmoid",              # labels 0 / 1
    "house_price": "relu",            # never negative
    "temperature_change": "linear",   # either sign
    "ad_click": "sigmoid",            # labels 0 / 1
    "rainfall": "relu",               # never negative
    "profit": "linear",               # losses are negative
}
HIDDEN_ACTIVATION = "relu"


def collapse_linear(model):
    """(W, b) of the single affine map x -> x W + b that a Keras model of two linear Dense layers computes."""
    (kernel_1, bias_1), (kernel_2, bias_2) = (layer.get_weights() for layer in model.layers)
    kernel_1, bias_1, kernel_2, bias_2 = (np.asarray(p, dtype=float) for p in (kernel_1, bias_1, kernel_2, bias_2))
    return np.einsum("ij,jk->ik", kernel_1, kernel_2), np.einsum("j,jk->k", bias_1, kernel_2) + bias_2


def piecewise_target(x):
    """The ReLU exercise's target, from its slopes: 2 on [0, 1], -1 on [1, 2], 0.5 on [2, 3], starting at 0.5."""
    x = np.asarray(x, dtype=float)
    first, second, third = np.clip(x, 0, 1), np.clip(x, 1, 2) - 1, np.clip(x, 2, 3) - 2
    return 0.5 + 2.0 * first - 1.0 * second + 0.5 * third


def relu_network(x, hidden_w, hidden_b, output_w, output_b):
    """a(x) = sum_j output_w[j] relu(hidden_w[j] x + hidden_b[j]) + output_b for a 1-D array x."""
    x = np.asarray(x, dtype=float)[:, None]
    pre = x * np.asarray(hidden_w, dtype=float)[None, :] + np.asarray(hidden_b, dtype=float)[None, :]
    return relu(pre).dot(np.asarray(output_w, dtype=float)) + float(output_b)


# One set of parameters that matches the target exactly: kinks at 0, 1, 2; output weights = changes of slope.
RELU_SOLUTION = {"hidden_w": (1.0, 1.0, 1.0), "hidden_b": (0.0, -1.0, -2.0), "output_w": (2.0, -3.0, 1.5),
                 "output_b": 0.5}
