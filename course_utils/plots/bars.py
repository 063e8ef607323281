"""Bar charts of an output layer: the softmax of scores, and a sigmoid per output next to softmax."""
import matplotlib.pyplot as plt
import numpy as np

from .base import color, side_by_side


def softmax_bars(z, probabilities, title="Softmax turns scores into probabilities"):
    """Two bar charts side by side: the scores z and softmax(z), one bar per class."""
    z, probabilities = np.asarray(z, dtype=float), np.asarray(probabilities, dtype=float)
    classes = np.arange(len(z))
    colors = [color(k) for k in classes]
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


def sigmoid_softmax_bars(z, sigmoid_values, softmax_values, output_names=None,
                         title="The same scores through sigmoid and through softmax"):
    """Two bar charts: each output's sigmoid(z_j) on the left, softmax(z)_j on the right, with the 0.5 line and sums."""
    z = np.asarray(z, dtype=float)
    outputs = np.arange(len(z))
    names = list(output_names) if output_names is not None else [f"output {j}" for j in outputs]
    colors = [color(j) for j in outputs]
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
