"""Plots for training with Keras: the loss per epoch from a History, and losses against the predicted probability."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .classification import CLASS_COLORS

# How the keys of a Keras History read in a legend.
_LEGEND_NAMES = {"loss": "training loss", "val_loss": "validation loss",
                 "accuracy": "training accuracy", "val_accuracy": "validation accuracy"}


def _axes(ax, figsize=(6, 3.8)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


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
    ax = _axes(ax)
    for index, key in enumerate(present):
        values = np.asarray(logs[key], dtype=float)
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, marker="o" if len(values) <= 40 else None, markersize=3,
                color=CLASS_COLORS[index % len(CLASS_COLORS)], label=_LEGEND_NAMES.get(key, key))
    if log_scale:
        ax.set_yscale("log")
        ylabel = f"{ylabel} (log scale)"
    ax.set(title=title, xlabel="epoch", ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def loss_vs_prediction(p, losses, ax=None, title="Loss of one example against the prediction",
                       xlabel="predicted probability p", ylabel="loss"):
    """Curves of several losses of one example against its prediction ``p``; ``losses`` maps a name to its values."""
    ax = _axes(ax)
    p = np.asarray(p, dtype=float)
    for index, (name, values) in enumerate(losses.items()):
        ax.plot(p, np.asarray(values, dtype=float), color=CLASS_COLORS[index % len(CLASS_COLORS)], label=name)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax
