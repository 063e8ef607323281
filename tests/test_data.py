"""Data sets are deterministic, balanced, and split without losing a class."""
import numpy as np

from course_utils import data


def test_four_blobs_is_deterministic_and_balanced():
    X, y = data.four_blobs()
    X_again, y_again = data.four_blobs()
    assert X.shape == (2000, 2) and X.dtype == np.float32 and y.shape == (2000,)
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)
    assert np.bincount(y).tolist() == [500, 500, 500, 500]


def test_blob_clusters_sit_at_their_centers():
    X, y = data.make_blobs(4000, data.FOUR_BLOB_CENTERS, spread=0.5, seed=3)
    for label, center in enumerate(data.FOUR_BLOB_CENTERS):
        np.testing.assert_allclose(X[y == label].mean(axis=0), center, atol=0.05)


def test_split_is_stratified_and_disjoint():
    X, y = data.four_blobs()
    X_train, X_test, y_train, y_test = data.split(X, y, test_fraction=0.2, seed=1)
    assert len(X_train) + len(X_test) == len(X)
    assert np.bincount(y_test).tolist() == [100] * 4 and np.bincount(y_train).tolist() == [400] * 4
    assert not {tuple(row) for row in X_train} & {tuple(row) for row in X_test}
