"""Multi-label data: points in the plane that each carry several independent yes/no labels (made from a seed)."""
import numpy as np

# The three questions asked about every point (x1, x2); a point can answer "yes" to any number of them.
THREE_LABEL_NAMES = ("right half: x1 > 0", "inside the circle", "above the line")
CIRCLE_RADIUS = 1.8
LINE_SLOPE, LINE_INTERCEPT = 0.5, 0.5  # the line x2 = 0.5 x1 + 0.5


def three_label_rules(X):
    """The noise-free labels of 2-D points ``X`` (shape (n, 2)): an (n, 3) int64 array of 0/1, one column per question.

    Column 0: x1 > 0. Column 1: the point lies inside the circle of radius ``CIRCLE_RADIUS`` around the origin.
    Column 2: the point lies above the line x2 = ``LINE_SLOPE`` * x1 + ``LINE_INTERCEPT``.
    """
    X = np.asarray(X, dtype=float)
    right = X[:, 0] > 0
    inside = X[:, 0] ** 2 + X[:, 1] ** 2 < CIRCLE_RADIUS ** 2
    above = X[:, 1] > LINE_SLOPE * X[:, 0] + LINE_INTERCEPT
    return np.column_stack([right, inside, above]).astype(np.int64)


def three_label_points(n_samples=1000, noise=0.03, seed=0, extent=3.0):
    """``n_samples`` points spread uniformly over the square [-extent, extent]^2 with their three labels.

    Each of the n_samples * 3 labels is flipped independently with probability ``noise`` (label noise), so no model
    can be right about every training label. Returns ``X`` (float32, shape (n_samples, 2)) and ``Y`` (int64, shape
    (n_samples, 3)).
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-extent, extent, size=(n_samples, 2))
    Y = three_label_rules(X)
    flipped = rng.random(Y.shape) < noise
    return X.astype(np.float32), np.where(flipped, 1 - Y, Y).astype(np.int64)
