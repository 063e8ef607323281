"""Classification plots: softmax bars, data by class, decision regions."""
import matplotlib.pyplot as plt
import numpy as np

CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf")


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def softmax_bars(z, probabilities, title="Softmax turns scores into probabilities"):
    """Two bar charts side by side: the scores z and softmax(z), one bar per class."""
    z, probabilities = np.asarray(z, dtype=float), np.asarray(probabilities, dtype=float)
    classes = np.arange(len(z))
    colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in classes]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    left.bar(classes, z, color=colors)
    left.axhline(0, color="black", linewidth=0.8)
    left.set(title="scores z (any real numbers)", xlabel="class j", ylabel="$z_j$", xticks=classes)
    right.bar(classes, probabilities, color=colors)
    for k, p in zip(classes, probabilities):
        right.annotate(f"{p:.3f}", (k, p), ha="center", va="bottom", fontsize=9)
    right.set(title=f"softmax(z) (sum = {probabilities.sum():.3f})", xlabel="class j", ylabel="$a_j$",
              xticks=classes, ylim=(0, 1.1))
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def classes_scatter(X, y, ax=None, title="Data by class"):
    """Scatter plot of 2-D points coloured by integer class label, with a legend."""
    ax = _axes(ax)
    for label in np.unique(y):
        members = y == label
        ax.scatter(X[members, 0], X[members, 1], s=12, color=CLASS_COLORS[label % len(CLASS_COLORS)],
                   edgecolor="white", linewidth=0.3, label=f"class {label}")
    ax.set(title=title, xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="best", fontsize=8, markerscale=1.5)
    return ax


def decision_regions(predict_labels, X, y, ax=None, title="Decision regions", resolution=200):
    """Shade the plane by the class ``predict_labels`` picks (a function of an (n, 2) array), with the data on top."""
    ax = _axes(ax)
    margin = 1.0
    x1 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x2 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    grid_1, grid_2 = np.meshgrid(x1, x2)
    grid = np.column_stack([grid_1.ravel(), grid_2.ravel()]).astype(np.float32)
    regions = np.asarray(predict_labels(grid)).reshape(grid_1.shape)
    n_classes = int(max(regions.max(), y.max())) + 1
    ax.contourf(grid_1, grid_2, regions, levels=np.arange(n_classes + 1) - 0.5,
                colors=CLASS_COLORS[:n_classes], alpha=0.25)
    classes_scatter(X, y, ax=ax, title=title)
    return ax


def side_by_side(count, figsize_each=(4.5, 4)):
    """A row of ``count`` Axes for comparing plots."""
    fig, axes = plt.subplots(1, count, figsize=(figsize_each[0] * count, figsize_each[1]))
    return fig, np.atleast_1d(axes)
