"""Multiclass plots: one heatmap over the plane per output column of a function (hidden units, class probabilities)."""
import matplotlib.pyplot as plt
import numpy as np

from .classification import CLASS_COLORS


def _plane_grid(X, resolution, margin=1.0):
    x1 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x2 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    grid_1, grid_2 = np.meshgrid(x1, x2)
    return grid_1, grid_2, np.column_stack([grid_1.ravel(), grid_2.ravel()]).astype(np.float32)


def unit_heatmaps(values, X, y, names=None, title="Activation of each unit over the plane",
                  colorbar_label="activation", resolution=120, cmap="viridis", mark_zero=True):
    """A row of heatmaps, one per column of ``values(points)``, with the data ``X`` coloured by class on top.

    ``values`` maps an (n, 2) float32 array to an (n, k) array: a Keras layer (e.g. ``model.layers[0]`` for the
    hidden ReLU units), or any function (e.g. the class probabilities of a model). ``names`` titles the k panels.
    With ``mark_zero`` a white line marks where a column switches from exactly 0 to positive (where a ReLU
    unit "turns on"). Returns the figure.
    """
    X, y = np.asarray(X), np.asarray(y)
    grid_1, grid_2, grid = _plane_grid(X, resolution)
    columns = np.asarray(values(grid), dtype=float)
    columns = columns.reshape(len(grid), -1)
    count = columns.shape[1]
    names = list(names) if names is not None else [f"unit {j}" for j in range(count)]
    fig, panels = plt.subplots(1, count + 1, figsize=(3.3 * count + 0.6, 3.6),
                               gridspec_kw={"width_ratios": [1.0] * count + [0.06]})
    axes, colorbar_axes = panels[:count], panels[count]
    top = max(float(columns.max()), 1e-9)
    image = None
    for j, ax in enumerate(axes):
        surface = columns[:, j].reshape(grid_1.shape)
        image = ax.imshow(surface, origin="lower", extent=(grid_1[0, 0], grid_1[0, -1], grid_2[0, 0], grid_2[-1, 0]),
                          cmap=cmap, vmin=0.0, vmax=top, aspect="auto", interpolation="bilinear")
        if mark_zero and (surface <= 0).any() and (surface > 0).any():
            ax.contour(grid_1, grid_2, (surface > 0).astype(float), levels=[0.5], colors="white", linewidths=1.2)
        for label in np.unique(y):
            members = y == label
            ax.scatter(X[members, 0], X[members, 1], s=6, color=CLASS_COLORS[label % len(CLASS_COLORS)],
                       edgecolor="black", linewidth=0.2, label=f"class {label}")
        ax.set(title=names[j], xlabel="$x_1$")
        if j == 0:
            ax.set_ylabel("$x_2$")
        else:  # the panels share the first one's x_2 axis: its numbers are not repeated
            ax.tick_params(labelleft=False)
    axes[-1].legend(loc="upper right", fontsize=7, markerscale=1.5, framealpha=0.8)
    fig.colorbar(image, cax=colorbar_axes, label=colorbar_label)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
