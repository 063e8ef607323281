"""A one-dimensional regression data set for training a small network by hand (back-propagation lab)."""
import numpy as np


def wavy_curve(m=60, noise=0.08, seed=8):
    """m points (x, y) near y = sin(2x) + x/3 for x in [-2, 2]; both returned as column arrays of shape (m, 1)."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, size=m))
    y = np.sin(2.0 * x) + x / 3.0 + rng.normal(scale=noise, size=m)
    return x.reshape(-1, 1), y.reshape(-1, 1)
