"""Functions of one variable: activations, fits of 1-D data, ReLU units adding up, tangents and finite-difference
errors, and a signal with its feature maps."""
import matplotlib.pyplot as plt
import numpy as np

from .base import BLUE, GREEN, PURPLE, RED, axes, color

UNIT_COLORS = tuple(color(index) for index in (0, 1, 2, 4, 5, 6))  # no red: red is the sum
METHOD_COLORS = (BLUE, RED, GREEN, PURPLE)


def activation_curves(z, curves, title="Activation functions"):
    """One panel per activation: ``curves`` maps a name to its values at the points ``z`` (1-D)."""
    z = np.asarray(z, dtype=float)
    fig, panels = plt.subplots(1, len(curves), figsize=(4 * len(curves), 3.4))
    for ax, (name, values), line_color in zip(np.atleast_1d(panels), curves.items(), UNIT_COLORS):
        ax.axhline(0, color="gray", linewidth=0.7)
        ax.axvline(0, color="gray", linewidth=0.7)
        ax.plot(z, np.asarray(values, dtype=float), color=line_color, linewidth=2, label=f"g(z) = {name}(z)")
        ax.set(title=name, xlabel="z", ylabel="g(z)")
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def curve_fits(x, y, predictions, title="Model fits", ax=None):
    """The data (x, y) as dots and each model's predictions as a line; ``predictions`` maps a label to values at x."""
    ax = axes(ax)
    x = np.asarray(x, dtype=float).ravel()
    order = np.argsort(x)
    ax.scatter(x, np.asarray(y, dtype=float).ravel(), s=10, color="gray", alpha=0.6, label="data")
    for (label, values), line_color in zip(predictions.items(), UNIT_COLORS[1:]):
        ax.plot(x[order], np.asarray(values, dtype=float).ravel()[order], color=line_color, linewidth=2.5, label=label)
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
    right.plot(x, total, color=RED, linewidth=2, label="sum of the units + offset")
    right.set(title=f"sum vs target (largest error {np.max(np.abs(total - target)):.2g})", xlabel="x", ylabel="a(x)")
    right.legend(loc="best", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def tangent_line(f, w0, slope, eps=None, span=2.0, ax=None, title="A function and its tangent line"):
    """Plot f near w0 with the line J(w0) + slope * (w - w0); with ``eps``, also mark the step from w0 to w0 + eps."""
    ax = axes(ax)
    ws = np.linspace(w0 - span, w0 + span, 200)
    j0 = f(w0)
    ax.plot(ws, f(ws), color=METHOD_COLORS[0], linewidth=2, label="$J(w)$")
    ax.plot(ws, j0 + slope * (ws - w0), color=METHOD_COLORS[1], linestyle="--",
            label=f"tangent: $J({w0:g}) + {slope:g}\\,(w - {w0:g})$")
    ax.scatter([w0], [j0], color="black", zorder=3, label=f"$w = {w0:g}$")
    if eps is not None:
        ax.plot([w0, w0 + eps, w0 + eps], [j0, j0, j0 + slope * eps], color="black", linewidth=1)
        ax.annotate(f"step $\\epsilon = {eps:g}$", (w0 + eps / 2, j0), ha="center", va="top", fontsize=9,
                    xytext=(0, -4), textcoords="offset points")
        ax.annotate(f"rise $\\approx {slope:g}\\,\\epsilon$", (w0 + eps, j0 + slope * eps / 2), ha="left",
                    va="center", fontsize=9, xytext=(4, 0), textcoords="offset points")
    ax.set(title=title, xlabel="$w$", ylabel="$J(w)$")
    ax.legend(loc="best", fontsize=8)
    return ax


def error_vs_eps(eps, errors, guides=(1, 2), ax=None, title="Finite-difference error against the step size"):
    """Log-log plot of the absolute error of each method (``errors``: {label: array like eps}) against eps.

    ``guides`` adds dashed reference lines proportional to eps**p; the i-th guide is drawn just below the i-th
    method's error at the largest step, so that the slopes can be compared by eye. Errors that are exactly zero
    are left out. The left of the plot is labelled as round-off error, the right as truncation error.
    """
    ax = axes(ax, figsize=(7, 4.5))
    eps = np.asarray(eps, dtype=float)
    curves = [np.abs(np.asarray(error, dtype=float)) for error in errors.values()]
    for index, (label, error) in enumerate(zip(errors, curves)):
        shown = error > 0
        ax.loglog(eps[shown], error[shown], marker="o", markersize=3, color=METHOD_COLORS[index % len(METHOD_COLORS)], label=label)
    largest = int(np.argmax(eps))
    for index, power in enumerate(guides if curves else ()):
        anchor = curves[min(index, len(curves) - 1)][largest] / 3
        ax.loglog(eps, anchor * (eps / eps[largest]) ** power, color=METHOD_COLORS[index % len(METHOD_COLORS)], alpha=0.6,
                  linestyle=":", linewidth=1.5, label=f"slope {power}: error $\\propto \\epsilon^{power}$")
    positive = np.concatenate(curves) if curves else np.ones(1)
    positive = positive[positive > 0]
    if positive.size:
        ax.set_ylim(positive.min() / 10, positive.max() * 10)
    ax.text(0.02, 0.04, "\u2190 round-off error dominates", transform=ax.transAxes, fontsize=8, color="gray")
    ax.text(0.98, 0.04, "truncation error dominates \u2192", transform=ax.transAxes, fontsize=8, color="gray",
            ha="right")
    ax.set(title=title, xlabel="step size $\\epsilon$", ylabel="absolute error of the estimate")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper center", fontsize=8)
    return ax


def derivative_comparison(ws, exact, numerical, numerical_label="central difference",
                          title="Exact and numerical derivatives"):
    """Two panels: the exact derivative and a numerical estimate against w, and their absolute difference (log)."""
    ws, exact, numerical = (np.asarray(a, dtype=float) for a in (ws, exact, numerical))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6), sharex=True, gridspec_kw={"height_ratios": (3, 2)})
    top.plot(ws, exact, color=METHOD_COLORS[0], linewidth=3, alpha=0.6, label="exact (SymPy)")
    top.plot(ws, numerical, color=METHOD_COLORS[1], linestyle="--", label=numerical_label)
    top.set(title=title, ylabel="$dJ/dw$")
    top.legend(loc="best", fontsize=8)
    difference = np.abs(numerical - exact)
    shown = difference > 0
    bottom.semilogy(ws[shown], difference[shown], color="black", marker=".", linestyle="none")
    bottom.set(xlabel="$w$", ylabel="|numerical - exact|", title="How far apart they are")
    bottom.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def signal_and_feature_maps(time, signal, feature_maps, names, window, title="A signal and what filters find in it"):
    """The input signal on top and one row per filter output below. With 'valid' padding a filter's output i
    covers inputs i .. i + window - 1, so it is drawn at the window's centre time."""
    feature_maps = np.asarray(feature_maps)
    n_maps = feature_maps.shape[-1]
    fig, axes = plt.subplots(n_maps + 1, 1, figsize=(10, 1.9 * (n_maps + 1)), sharex=True)
    axes[0].plot(time, signal, color="black", linewidth=1)
    axes[0].set(title="input signal", ylabel="amplitude")
    centre_time = time[(window - 1) // 2:(window - 1) // 2 + feature_maps.shape[0]]
    for k, ax in enumerate(axes[1:]):
        ax.plot(centre_time, feature_maps[:, k], color=color(k + 1), linewidth=1)
        ax.set(title=f"filter {k}: {names[k]}", ylabel="output")
    axes[-1].set_xlabel("time (s)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
