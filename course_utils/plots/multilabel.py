"""Multi-label plots: sigmoid versus softmax outputs, the data one label at a time, predicted probabilities."""
import matplotlib.pyplot as plt
import numpy as np

from .classification import CLASS_COLORS, side_by_side

NO_COLOR, YES_COLOR = CLASS_COLORS[0], CLASS_COLORS[1]


def sigmoid_softmax_bars(z, sigmoid_values, softmax_values, output_names=None,
                         title="The same scores through sigmoid and through softmax"):
    """Two bar charts: each output's sigmoid(z_j) on the left, softmax(z)_j on the right, with the 0.5 line and sums."""
    z = np.asarray(z, dtype=float)
    outputs = np.arange(len(z))
    names = list(output_names) if output_names is not None else [f"output {j}" for j in outputs]
    colors = [CLASS_COLORS[j % len(CLASS_COLORS)] for j in outputs]
    fig, axes = side_by_side(2, figsize_each=(4.8, 3.8))
    for ax, values, kind in ((axes[0], sigmoid_values, "sigmoid of each score"),
                             (axes[1], softmax_values, "softmax across the scores")):
        values = np.asarray(values, dtype=float)
        ax.bar(outputs, values, color=colors)
        ax.axhline(0.5, color="black", linestyle="--", linewidth=1, label="0.5")
        for j, value in zip(outputs, values):
            ax.annotate(f"{value:.2f}", (j, value), ha="center", va="bottom", fontsize=9)
        ax.set(title=f"{kind} (sum = {values.sum():.2f})", xlabel="output", ylabel="probability", ylim=(0, 1.1),
               xticks=outputs)
        ax.set_xticklabels(names, fontsize=8)
        ax.legend(loc="upper right", fontsize=8)
    fig.suptitle(f"{title}: z = {np.array2string(z, precision=2)}")
    fig.tight_layout()
    return fig


def _yes_no_scatter(ax, X, labels, size=10, colors=(NO_COLOR, YES_COLOR), edgecolor="white"):
    labels = np.asarray(labels)
    for value, color, name in ((0, colors[0], "no (0)"), (1, colors[1], "yes (1)")):
        members = labels == value
        ax.scatter(X[members, 0], X[members, 1], s=size, color=color, edgecolor=edgecolor, linewidth=0.4, label=name)


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
    x1 = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    x2 = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    grid_1, grid_2 = np.meshgrid(x1, x2)
    grid = np.column_stack([grid_1.ravel(), grid_2.ravel()]).astype(np.float32)
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
