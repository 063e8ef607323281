"""Plots for the activations lab: activation functions, 1-D regression fits, ReLU units adding up to a target."""
import matplotlib.pyplot as plt
import numpy as np

UNIT_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")


def activation_curves(z, curves, title="Activation functions"):
    """One panel per activation: ``curves`` maps a name to its values at the points ``z`` (1-D)."""
    z = np.asarray(z, dtype=float)
    fig, axes = plt.subplots(1, len(curves), figsize=(4 * len(curves), 3.4))
    for ax, (name, values), color in zip(np.atleast_1d(axes), curves.items(), UNIT_COLORS):
        ax.axhline(0, color="gray", linewidth=0.7)
        ax.axvline(0, color="gray", linewidth=0.7)
        ax.plot(z, np.asarray(values, dtype=float), color=color, linewidth=2, label=f"g(z) = {name}(z)")
        ax.set(title=name, xlabel="z", ylabel="g(z)")
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def curve_fits(x, y, predictions, title="Model fits", ax=None):
    """The data (x, y) as dots and each model's predictions as a line; ``predictions`` maps a label to values at x."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    x = np.asarray(x, dtype=float).ravel()
    order = np.argsort(x)
    ax.scatter(x, np.asarray(y, dtype=float).ravel(), s=10, color="gray", alpha=0.6, label="data")
    for (label, values), color in zip(predictions.items(), UNIT_COLORS[1:]):
        ax.plot(x[order], np.asarray(values, dtype=float).ravel()[order], color=color, linewidth=2.5, label=label)
    ax.set(title=title, xlabel="x", ylabel="y")
    ax.legend(loc="best", fontsize=8)
    return ax


def relu_units(x, contributions, offset, target, title="ReLU units adding up to a target"):
    """Left: each unit's contribution (one column of ``contributions`` per unit). Right: their sum plus ``offset``
    against ``target``, with the largest error in the title."""
    x = np.asarray(x, dtype=float)
    contributions = np.asarray(contributions, dtype=float).reshape(len(x), -1)
    total = contributions.sum(axis=1) + float(offset)
    target = np.asarray(target, dtype=float)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for j in range(contributions.shape[1]):
        left.plot(x, contributions[:, j], color=UNIT_COLORS[j % len(UNIT_COLORS)], linewidth=2, label=f"unit {j}")
    left.axhline(0, color="gray", linewidth=0.7)
    left.set(title="each unit's contribution $v_j\\,\\mathrm{relu}(w_j x + b_j)$", xlabel="x", ylabel="contribution")
    left.legend(loc="best", fontsize=8)
    right.plot(x, target, color="black", linewidth=5, alpha=0.25, label="target")
    right.plot(x, total, color="#d62728", linewidth=2, label="sum of the units + offset")
    right.set(title=f"sum vs target (largest error {np.max(np.abs(total - target)):.2g})", xlabel="x", ylabel="a(x)")
    right.legend(loc="best", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
