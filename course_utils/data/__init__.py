"""Data sets for the labs, one module per kind; import them from here: ``from course_utils import data``.

Everything is generated from a seed or shipped inside the package: nothing is downloaded.
"""
from .digits import DIGIT_SHAPE, digits_split, load_digits
from .models import two_linear_layers
from .plane import (FOUR_BLOB_CENTERS, THREE_LABEL_NAMES, four_blobs, make_blobs, three_label_points, three_label_rules,
                    two_moons)
from .regression import (PIECEWISE_CORNERS, SCALED_REGRESSION_WEIGHTS, curved_data, piecewise_target,
                         scaled_regression, wavy_curve)
from .signals import ecg_like
from .splits import split

__all__ = [
    "curved_data",
    "DIGIT_SHAPE",
    "digits_split",
    "ecg_like",
    "FOUR_BLOB_CENTERS",
    "four_blobs",
    "load_digits",
    "make_blobs",
    "PIECEWISE_CORNERS",
    "piecewise_target",
    "scaled_regression",
    "SCALED_REGRESSION_WEIGHTS",
    "split",
    "THREE_LABEL_NAMES",
    "three_label_points",
    "three_label_rules",
    "two_linear_layers",
    "two_moons",
    "wavy_curve",
]
