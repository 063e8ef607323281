"""Regression data (made on the fly from a seed): noisy curves of one input, a piecewise-linear target, and two
features on very different scales."""
import numpy as np

# The piecewise-linear target of the ReLU exercise: its value at the ends of [0, 3] and at its two corners.
PIECEWISE_CORNERS = ((0.0, 0.5), (1.0, 2.5), (2.0, 1.5), (3.0, 2.0))
# The rule the regression targets follow exactly: y = 3 * x1 + 0.5 * x2.
SCALED_REGRESSION_WEIGHTS = (3.0, 0.5)


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


def wavy_curve(m=60, noise=0.08, seed=8):
    """m points (x, y) near y = sin(2x) + x/3 for x in [-2, 2]; both returned as column arrays of shape (m, 1)."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, size=m))
    y = np.sin(2.0 * x) + x / 3.0 + rng.normal(scale=noise, size=m)
    return x.reshape(-1, 1), y.reshape(-1, 1)


def scaled_regression(n_samples=200, scales=(1.0, 10.0), seed=4):
    """Two centred features with standard deviations ``scales`` and noise-free targets y = X @ (3, 0.5).

    Returns ``X`` of shape (n_samples, 2) and ``y`` of shape (n_samples,), both float64. The smallest possible
    mean squared error is 0, reached at w = (3, 0.5).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, len(scales))) * np.asarray(scales, dtype=float)
    X -= X.mean(axis=0)
    return X, X @ np.asarray(SCALED_REGRESSION_WEIGHTS)
