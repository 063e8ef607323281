"""Derivative plots: a tangent line, finite-difference error against the step size, exact vs numerical slopes."""
import matplotlib.pyplot as plt
import numpy as np

_METHOD_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def tangent_line(f, w0, slope, eps=None, span=2.0, ax=None, title="A function and its tangent line"):
    """Plot f near w0 with the line J(w0) + slope * (w - w0); with ``eps``, also mark the step from w0 to w0 + eps."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    ws = np.linspace(w0 - span, w0 + span, 200)
    j0 = f(w0)
    ax.plot(ws, f(ws), color=_METHOD_COLORS[0], linewidth=2, label="$J(w)$")
    ax.plot(ws, j0 + slope * (ws - w0), color=_METHOD_COLORS[1], linestyle="--",
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
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    eps = np.asarray(eps, dtype=float)
    curves = [np.abs(np.asarray(error, dtype=float)) for error in errors.values()]
    for index, (label, error) in enumerate(zip(errors, curves)):
        shown = error > 0
        ax.loglog(eps[shown], error[shown], marker="o", markersize=3, color=_METHOD_COLORS[index % 4], label=label)
    largest = int(np.argmax(eps))
    for index, power in enumerate(guides if curves else ()):
        anchor = curves[min(index, len(curves) - 1)][largest] / 3
        ax.loglog(eps, anchor * (eps / eps[largest]) ** power, color=_METHOD_COLORS[index % 4], alpha=0.6,
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
    top.plot(ws, exact, color=_METHOD_COLORS[0], linewidth=3, alpha=0.6, label="exact (SymPy)")
    top.plot(ws, numerical, color=_METHOD_COLORS[1], linestyle="--", label=numerical_label)
    top.set(title=title, ylabel="$dJ/dw$")
    top.legend(loc="best", fontsize=8)
    difference = np.abs(numerical - exact)
    shown = difference > 0
    bottom.semilogy(ws[shown], difference[shown], color="black", marker=".", linestyle="none")
    bottom.set(xlabel="$w$", ylabel="|numerical - exact|", title="How far apart they are")
    bottom.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig
