"""Splitting labelled data into a training and a test part."""
import numpy as np


def split(X, y, test_fraction=0.2, seed=0):
    """Stratified train/test split: every class keeps its share in both parts. Returns X_train, X_test, y_train, y_test."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test[members[: round(len(members) * test_fraction)]] = True
    return X[~test], X[test], y[~test], y[test]
