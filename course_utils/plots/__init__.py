"""Plots the labs share (matplotlib), one module per topic; import them from here: ``from course_utils import plots``."""
from .activations import activation_curves, curve_fits, relu_units
from .backprop import computation_graph, gradient_timings, training_summary
from .classification import CLASS_COLORS, classes_scatter, decision_regions, side_by_side, softmax_bars
from .derivatives import derivative_comparison, error_vs_eps, tangent_line
from .digits import digit_grid, misclassified_digits
from .multiclass import unit_heatmaps
from .multilabel import label_panels, probability_heatmaps, sigmoid_softmax_bars
from .optimization import dense_vs_conv_connections, descent_paths, loss_curves, signal_and_feature_maps
from .training import loss_curve, loss_vs_prediction

__all__ = [
    "activation_curves",
    "CLASS_COLORS",
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
