"""What every plot shares: one palette (matplotlib's own "tab10" colours), fresh axes, a row of panels and a grid
over the plane."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np

PALETTE = tuple(matplotlib.colors.to_hex(rgb) for rgb in matplotlib.colormaps["tab10"].colors)
BLUE, ORANGE, GREEN, RED, PURPLE, BROWN, PINK, GREY = PALETTE[:8]


def color(index):
    """The palette's colour number ``index`` (it starts again after the last)."""
    return PALETTE[index % len(PALETTE)]


def axes(ax=None, figsize=(6, 4)):
    """``ax``, or new Axes of their own figure when it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def side_by_side(count, figsize_each=(4.5, 4)):
    """A row of ``count`` Axes for comparing plots."""
    fig, panels = plt.subplots(1, count, figsize=(figsize_each[0] * count, figsize_each[1]))
    return fig, np.atleast_1d(panels)


def plane_grid(X, resolution, margin=1.0):
    """A ``resolution`` x ``resolution`` grid over the 2-D points ``X`` and ``margin`` around them: the two
    coordinate arrays (for contour plots) and the grid's points as an (n, 2) float32 array (for a model)."""
    x1 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x2 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    grid_1, grid_2 = np.meshgrid(x1, x2)
    return grid_1, grid_2, np.column_stack([grid_1.ravel(), grid_2.ravel()]).astype(np.float32)
