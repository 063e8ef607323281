"""Points in the plane: data by class or by yes/no label, decision regions and heatmaps of what a model computes
over the plane."""
import matplotlib.pyplot as plt
import numpy as np

from .base import BLUE, ORANGE, PALETTE, axes, color, plane_grid, side_by_side

NO_COLOR, YES_COLOR = BLUE, ORANGE


def classes_scatter(X, y, ax=None, title="Data by class"):
    """Scatter plot of 2-D points coloured by integer class label, with a legend."""
    ax = axes(ax, figsize=(5, 4))
    for label in np.unique(y):
        members = y == label
        ax.scatter(X[members, 0], X[members, 1], s=12, color=color(label),
                   edgecolor="white", linewidth=0.3, label=f"class {label}")
    ax.set(title=title, xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="best", fontsize=8, markerscale=1.5)
    return ax


def decision_regions(predict_labels, X, y, ax=None, title="Decision regions", resolution=200):
    """Shade the plane by the class ``predict_labels`` picks (a function of an (n, 2) array), with the data on top."""
    ax = axes(ax, figsize=(5, 4))
    grid_1, grid_2, grid = plane_grid(X, resolution)
    regions = np.asarray(predict_labels(grid)).reshape(grid_1.shape)
    n_classes = int(max(regions.max(), y.max())) + 1
    ax.contourf(grid_1, grid_2, regions, levels=np.arange(n_classes + 1) - 0.5,
                colors=PALETTE[:n_classes], alpha=0.25)
    classes_scatter(X, y, ax=ax, title=title)
    return ax


def unit_heatmaps(values, X, y, names=None, title="Activation of each unit over the plane",
                  colorbar_label="activation", resolution=120, cmap="viridis", mark_zero=True):
    """A row of heatmaps, one per column of ``values(points)``, with the data ``X`` coloured by class on top.

    ``values`` maps an (n, 2) float32 array to an (n, k) array: a Keras layer (e.g. ``model.layers[0]`` for the
    hidden ReLU units), or any function (e.g. the class probabilities of a model). ``names`` titles the k panels.
    With ``mark_zero`` a white line marks where a column switches from exactly 0 to positive (where a ReLU
    unit "turns on"). Returns the figure.
    """
    X, y = np.asarray(X), np.asarray(y)
    grid_1, grid_2, grid = plane_grid(X, resolution)
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
            ax.scatter(X[members, 0], X[members, 1], s=6, color=color(label),
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


def _yes_no_scatter(ax, X, labels, size=10, colors=(NO_COLOR, YES_COLOR), edgecolor="white"):
    labels = np.asarray(labels)
    for value, value_color, name in ((0, colors[0], "no (0)"), (1, colors[1], "yes (1)")):
        members = labels == value
        ax.scatter(X[members, 0], X[members, 1], s=size, color=value_color, edgecolor=edgecolor, linewidth=0.4, label=name)


def label_panels(X, Y, label_names, title="The data, one label at a time"):
    """One scatter panel per label (column of the 0/1 array ``Y``): every point coloured by that label's yes/no."""
    Y = np.asarray(Y)
    fig, axes = side_by_side(Y.shape[1], figsize_each=(4.2, 4))
    for j, ax in enumerate(axes):
        _yes_no_scatter(ax, X, Y[:, j])
        ax.set(title=f"label {j}: {label_names[j]}", xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
        ax.legend(loc="lower left", fontsize=8, markerscale=1.5, framealpha=0.9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def probability_heatmaps(predict_probabilities, X, Y, label_names, title="Predicted probability of each label",
                         resolution=150, margin=0.3):
    """One heatmap per label of the probability ``predict_probabilities`` (a function of an (n, 2) array returning
    (n, n_labels)) gives over the plane, with its 0.5 contour and the data ``X``, ``Y`` on top."""
    Y = np.asarray(Y)
    grid_1, grid_2, grid = plane_grid(X, resolution, margin)
    probabilities = np.asarray(predict_probabilities(grid), dtype=float)
    fig, axes = side_by_side(Y.shape[1], figsize_each=(4.4, 4))
    for j, ax in enumerate(axes):
        surface = probabilities[:, j].reshape(grid_1.shape)
        image = ax.contourf(grid_1, grid_2, surface, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.85)
        ax.contour(grid_1, grid_2, surface, levels=[0.5], colors="black", linewidths=1.5, linestyles="--")
        _yes_no_scatter(ax, X, Y[:, j], size=7, colors=("white", "black"), edgecolor="0.35")
        ax.plot([], [], color="black", linestyle="--", label="probability 0.5")
        ax.set(title=f"label {j}: {label_names[j]}", xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
        ax.legend(loc="lower left", fontsize=7, markerscale=1.5, framealpha=0.9)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 0.93, 1))
    fig.colorbar(image, cax=fig.add_axes((0.94, 0.18, 0.012, 0.64)), label="predicted probability of yes")
    return fig
