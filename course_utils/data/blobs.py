"""Clusters of points in the plane (made on the fly from a seed) and a stratified train/test split."""
import numpy as np

# Four well-separated clusters in the plane: the multiclass labs' running example.
FOUR_BLOB_CENTERS = ((-5.0, 2.0), (-2.0, -2.0), (1.0, 2.0), (5.0, -2.0))


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


def split(X, y, test_fraction=0.2, seed=0):
    """Stratified train/test split: every class keeps its share in both parts. Returns X_train, X_test, y_train, y_test."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test[members[: round(len(members) * test_fraction)]] = True
    return X[~test], X[test], y[~test], y[test]
