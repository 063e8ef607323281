"""Handwritten digits for the practice lab: 5000 MNIST digits (500 per class), 20x20 pixels, shipped in the package.

The file ``digits_20x20.npz`` is built by ``python -m course_utils.data.build_digits`` (see that module and
DATA_LICENSE.md: the digits are derived from MNIST, CC BY-SA 3.0). Nothing is downloaded when a lab runs.
"""
from importlib import resources

import numpy as np

from .splits import split

DIGITS_FILE = "digits_20x20.npz"
DIGIT_SHAPE = (20, 20)
DIGITS_SPLIT_SEED = 2024


def load_digits():
    """All 5000 digits: ``X`` (5000, 400) float32 in [0, 1] and labels ``y`` (5000,) int64, in the file's fixed order.

    Row ``i`` of ``X`` is image ``i`` flattened row by row: ``X[i].reshape(20, 20)`` gives the picture back
    (0 is the background, 1 the darkest ink).
    """
    with resources.files(__package__).joinpath(DIGITS_FILE).open("rb") as file, np.load(file) as stored:
        images, labels = stored["images"], stored["labels"]
    X = images.reshape(len(images), -1).astype(np.float32) / np.float32(255)
    return X, labels.astype(np.int64)


def digits_split(test_fraction=0.2, seed=DIGITS_SPLIT_SEED):
    """Stratified train/test split of ``load_digits()``: X_train, X_test, y_train, y_test (each class keeps its share)."""
    X, y = load_digits()
    return split(X, y, test_fraction=test_fraction, seed=seed)
