"""Plots the labs share (matplotlib), one module per kind of picture on one base (palette, axes, grids); import
them from here: ``from course_utils import plots``."""
from .bars import sigmoid_softmax_bars, softmax_bars
from .base import PALETTE, side_by_side
from .curves import (activation_curves, curve_fits, derivative_comparison, error_vs_eps, relu_units,
                     signal_and_feature_maps, tangent_line)
from .diagrams import computation_graph, dense_vs_conv_connections
from .images import digit_grid, misclassified_digits
from .plane import classes_scatter, decision_regions, label_panels, probability_heatmaps, unit_heatmaps
from .training import descent_paths, gradient_timings, loss_curve, loss_curves, loss_vs_prediction, training_summary

__all__ = [
    "activation_curves",
    "classes_scatter",
    "computation_graph",
    "curve_fits",
    "decision_regions",
    "dense_vs_conv_connections",
    "derivative_comparison",
    "descent_paths",
    "digit_grid",
    "error_vs_eps",
    "gradient_timings",
    "label_panels",
    "loss_curve",
    "loss_curves",
    "loss_vs_prediction",
    "misclassified_digits",
    "PALETTE",
    "probability_heatmaps",
    "relu_units",
    "side_by_side",
    "sigmoid_softmax_bars",
    "signal_and_feature_maps",
    "softmax_bars",
    "tangent_line",
    "training_summary",
    "unit_heatmaps",
]
