"""Points in the plane with labels (made on the fly from a seed): two moons, clusters, and points with several
yes/no labels each."""
import numpy as np

# Four well-separated clusters in the plane: the multiclass labs' running example.
FOUR_BLOB_CENTERS = ((-5.0, 2.0), (-2.0, -2.0), (1.0, 2.0), (5.0, -2.0))
# The three questions asked about every point (x1, x2); a point can answer "yes" to any number of them.
THREE_LABEL_NAMES = ("right half: x1 > 0", "inside the circle", "above the line")
CIRCLE_RADIUS = 1.8
LINE_SLOPE, LINE_INTERCEPT = 0.5, 0.5  # the line x2 = 0.5 x1 + 0.5


def two_moons(n_samples=1000, noise=0.2, seed=11):
    """Two classes shaped like interleaving half-circles, with Gaussian noise of standard deviation ``noise``.

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half-circle shifted right by 1 and down by
    0.5, so each moon reaches into the other's hollow. The classes are balanced (class 0 gets the extra point when
    ``n_samples`` is odd). Returns ``X`` of shape (n_samples, 2) as float32 and labels ``y`` of shape (n_samples,)
    as int64 (0 or 1), shuffled with the same seed.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n_samples) % 2
    angles = rng.uniform(0.0, np.pi, size=n_samples)
    upper = np.column_stack([np.cos(angles), np.sin(angles)])
    lower = np.column_stack([1.0 - np.cos(angles), 0.5 - np.sin(angles)])
    points = np.where(labels[:, None] == 0, upper, lower) + rng.normal(scale=noise, size=(n_samples, 2))
    order = rng.permutation(n_samples)
    return points[order].astype(np.float32), labels[order].astype(np.int64)


def make_blobs(n_samples, centers, spread=1.0, seed=0):
    """Gaussian clusters: ``n_samples`` points split evenly over ``centers`` (one class per center).

    Returns ``X`` of shape (n_samples, n_features) as float32 and integer labels ``y`` of shape (n_samples,),
    shuffled with the same seed.
    """
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    labels = np.arange(n_samples) % len(centers)
    points = centers[labels] + rng.normal(scale=spread, size=(n_samples, centers.shape[1]))
    order = rng.permutation(n_samples)
    return points[order].astype(np.float32), labels[order].astype(np.int64)


def four_blobs(n_samples=2000, spread=1.4, seed=30):
    """The four-class 2-D blob data set used by the softmax and multiclass labs."""
    return make_blobs(n_samples, FOUR_BLOB_CENTERS, spread=spread, seed=seed)


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
