"""Plots the labs share (matplotlib), one module per topic; import them from here: ``from course_utils import plots``."""
from .classification import CLASS_COLORS, classes_scatter, decision_regions, side_by_side, softmax_bars

__all__ = ["CLASS_COLORS", "classes_scatter", "decision_regions", "side_by_side", "softmax_bars"]
