"""Data sets for the labs, one module per kind; import them from here: ``from course_utils import data``.

Everything is generated from a seed or shipped inside the package: nothing is downloaded.
"""
from .activations import PIECEWISE_CORNERS, curved_data, piecewise_target, two_linear_layers
from .adam_layers import SCALED_REGRESSION_WEIGHTS, ecg_like, scaled_regression
from .backprop import wavy_curve
from .blobs import FOUR_BLOB_CENTERS, four_blobs, make_blobs, split
from .digits import DIGIT_SHAPE, digits_split, load_digits
from .moons import two_moons
from .multilabel import THREE_LABEL_NAMES, three_label_points, three_label_rules

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
