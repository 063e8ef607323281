"""Training runs: the loss per epoch or step, descent paths on a loss surface, losses against the prediction, the
time a gradient takes and a hand-trained network's summary."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .base import BLUE, GREY, RED, axes, color

# How the keys of a Keras History read in a legend.
_LEGEND_NAMES = {"loss": "training loss", "val_loss": "validation loss",
                 "accuracy": "training accuracy", "val_accuracy": "validation accuracy"}



def loss_curve(history, ax=None, title="Loss during training", ylabel="loss (cost)", keys=("loss", "val_loss"),
               log_scale=False):
    """One line per epoch-by-epoch quantity of ``model.fit``: by default the training loss, and the validation loss
    when fit had ``validation_data``.

    ``history`` is the History object ``fit`` returns (or its ``.history`` dict); ``keys`` are the entries to draw,
    those that are missing are skipped. Epochs are numbered from 1, as Keras prints them.
    """
    logs = getattr(history, "history", history)
    present = [key for key in keys if key in logs]
    if not present:
        raise ValueError(f"the history has none of {list(keys)}; it has {sorted(logs)}")
    ax = axes(ax, figsize=(6, 3.8))
    for index, key in enumerate(present):
        values = np.asarray(logs[key], dtype=float)
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, marker="o" if len(values) <= 40 else None, markersize=3,
                color=color(index), label=_LEGEND_NAMES.get(key, key))
    if log_scale:
        ax.set_yscale("log")
        ylabel = f"{ylabel} (log scale)"
    ax.set(title=title, xlabel="epoch", ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def loss_curves(histories, ax=None, title="Loss during training", ylabel="loss"):
    """Loss per step of several runs on one log-scale axis; ``histories`` maps a run's name to its losses."""
    ax = axes(ax)
    for index, (name, losses) in enumerate(histories.items()):
        ax.semilogy(np.arange(len(losses)), losses, color=color(index), label=name)
    ax.set(title=title, xlabel="step", ylabel=f"{ylabel} (log scale)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    return ax


def descent_paths(loss, paths, w1_range, w2_range, ax=None, title="Paths on the loss surface", optimum=None,
                  resolution=80, levels=12):
    """Contour lines of ``loss`` (a function of a 2-vector) with the paths of several runs drawn on top.

    ``paths`` maps a run's name to an array of shape (steps + 1, 2). The contour levels are spaced evenly on a log
    scale, so the long, narrow valleys of a badly scaled problem stay visible.
    """
    ax = axes(ax)
    w1, w2 = np.meshgrid(np.linspace(*w1_range, resolution), np.linspace(*w2_range, resolution))
    values = np.array([loss(np.array(point)) for point in zip(w1.ravel(), w2.ravel())]).reshape(w1.shape)
    positive = values[values > 0]
    contour_levels = np.geomspace(max(positive.min(), positive.max() * 1e-5), positive.max(), levels)
    ax.contour(w1, w2, values, levels=contour_levels, colors="gray", linewidths=0.7, alpha=0.7)
    for index, (name, path) in enumerate(paths.items()):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], ".-", color=color(index), markersize=3, linewidth=1, label=name)
        ax.plot(*path[0], "o", color="black", markersize=5)
    if optimum is not None:
        ax.plot(*optimum, "*", color="gold", markeredgecolor="black", markersize=14, label="minimum")
    ax.set(title=title, xlabel="$w_1$", ylabel="$w_2$", xlim=w1_range, ylim=w2_range)
    ax.legend(loc="best", fontsize=8)
    return ax


def loss_vs_prediction(p, losses, ax=None, title="Loss of one example against the prediction",
                       xlabel="predicted probability p", ylabel="loss"):
    """Curves of several losses of one example against its prediction ``p``; ``losses`` maps a name to its values."""
    ax = axes(ax, figsize=(6, 3.8))
    p = np.asarray(p, dtype=float)
    for index, (name, values) in enumerate(losses.items()):
        ax.plot(p, np.asarray(values, dtype=float), color=color(index), label=name)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def gradient_timings(parameter_counts, seconds, ax=None, title="Time to compute one gradient"):
    """Log-log lines of seconds per gradient against the number of parameters, one line per method.

    seconds: {method name: [seconds for each entry of parameter_counts]}.
    """
    ax = axes(ax)
    markers = "os^D"
    for index, (method, times) in enumerate(seconds.items()):
        ax.loglog(parameter_counts, times, marker=markers[index % len(markers)], label=method)
    ax.set(title=title, xlabel="number of parameters P", ylabel="seconds per gradient")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * 30)  # headroom for the legend
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=9)
    return ax


def training_summary(costs, x, y, x_grid, predictions, title="A network trained with your gradients"):
    """Two panels: the cost at every step of gradient descent, and the data with the trained network's curve."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.semilogy(np.arange(len(costs)), costs, color=BLUE, label="cost J")
    left.set(title="Cost during gradient descent", xlabel="step", ylabel="J (log scale)")
    left.legend()
    right.scatter(np.ravel(x), np.ravel(y), s=14, color=GREY, label="training data")
    right.plot(np.ravel(x_grid), np.ravel(predictions), color=RED, linewidth=2, label="network")
    right.set(title="Data and the network's predictions", xlabel="x", ylabel="y")
    right.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig
