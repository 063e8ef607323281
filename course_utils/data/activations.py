"""One-input data for the activations lab: a curved regression set, a piecewise-linear target and a random
network of two linear layers."""
import numpy as np

# The piecewise-linear target of the ReLU exercise: its value at the ends of [0, 3] and at its two corners.
PIECEWISE_CORNERS = ((0.0, 0.5), (1.0, 2.5), (2.0, 1.5), (3.0, 2.0))


def curved_data(n_samples=200, noise=0.15, seed=11):
    """Noisy points on the parabola y = x**2 for x in [-2, 2].

    Returns ``x`` of shape (n_samples, 1) and ``y`` of shape (n_samples,), both float32.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, size=(n_samples, 1))
    y = x[:, 0] ** 2 + rng.normal(scale=noise, size=n_samples)
    return x.astype(np.float32), y.astype(np.float32)


def piecewise_target(x):
    """The ReLU exercise's target on [0, 3]: straight lines joining ``PIECEWISE_CORNERS`` (float64, shape of x)."""
    corners_x, corners_y = np.asarray(PIECEWISE_CORNERS, dtype=float).T
    return np.interp(np.asarray(x, dtype=float), corners_x, corners_y)


def two_linear_layers(n_inputs, n_hidden, n_outputs, seed=0):
    """A Keras model of two Dense layers without activation, with random (normal) weights *and* biases.

    The layers map ``n_inputs`` -> ``n_hidden`` -> ``n_outputs`` values; the model needs no training.
    """
    import keras

    rng = np.random.default_rng(seed)
    model = keras.Sequential([keras.Input(shape=(n_inputs,)),
                              keras.layers.Dense(n_hidden, activation="linear"),
                              keras.layers.Dense(n_outputs, activation="linear")])
    model.set_weights([rng.normal(size=weights.shape).astype(np.float32) for weights in model.get_weights()])
    return model
