"""Images: handwritten digits in a grid, with their labels, predictions and probabilities."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..data.digits import DIGIT_SHAPE
from .base import RED, axes

RIGHT_COLOR, WRONG_COLOR = "black", RED
_PAD = 6  # pixels between tiles, room for each tile's caption



def digit_grid(X, labels, predicted=None, probabilities=None, columns=10, title="Handwritten digits",
               shape=DIGIT_SHAPE, ax=None, legend=True):
    """Draw the rows of ``X`` as images in a grid, each captioned with its label.

    With ``predicted`` (one label per image, e.g. from a single batched ``predict``) the caption reads
    "label→prediction" and wrong predictions are drawn in red with a red frame; with ``probabilities`` (shape
    (m, 10)) the caption adds the probability of the predicted digit; ``legend=False`` leaves out the legend of the
    two colours. The grid is one image on one Axes, so even a hundred digits draw quickly.
    """
    images = np.asarray(X, dtype=float).reshape(-1, *shape)
    labels = np.asarray(labels).astype(int)
    count = len(images)
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    height, width = shape
    tile_h, tile_w = height + _PAD, width + 2
    canvas = np.zeros((rows * tile_h, columns * tile_w))
    ax = axes(ax, figsize=(max(0.95 * columns + 0.4, 6.0), 1.05 * rows + 0.9))
    wrong_count = 0
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = row * tile_h + _PAD, column * tile_w + 1
        canvas[top:top + height, left:left + width] = image
        caption, color = f"{labels[index]}", RIGHT_COLOR
        if predicted is not None:
            guess = int(predicted[index])
            caption = f"{labels[index]}\u2192{guess}"
            if probabilities is not None:
                caption += f" {float(probabilities[index][guess]):.0%}"
            if guess != labels[index]:
                color = WRONG_COLOR
                wrong_count += 1
                ax.add_patch(Rectangle((left - 1.0, top - 1.0), width + 1, height + 1, fill=False,
                                       edgecolor=WRONG_COLOR, linewidth=1.5))
        ax.text(left + width / 2 - 0.5, top - 1.2, caption, ha="center", va="bottom", color=color,
                fontsize=8 if probabilities is not None else 9, fontweight="bold" if color == WRONG_COLOR else None)
    ax.imshow(canvas, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    if predicted is None:
        ax.set_xlabel("each image is captioned with its label")
    else:
        ax.set_xlabel("caption: true label \u2192 predicted label" + (" (its probability)" if probabilities is not None
                                                                       else ""))
    if predicted is not None and legend:
        ax.legend(handles=[Line2D([], [], color=RIGHT_COLOR, linewidth=3, label="right"),
                           Line2D([], [], color=WRONG_COLOR, linewidth=3, label=f"wrong ({wrong_count})")],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return ax


def misclassified_digits(X, labels, predicted, probabilities=None, max_count=20, columns=10,
                         title="Digits the model gets wrong"):
    """A grid of (up to ``max_count`` of) the digits whose predicted label differs from the true one."""
    labels, predicted = np.asarray(labels).astype(int), np.asarray(predicted).astype(int)
    wrong = np.flatnonzero(predicted != labels)
    shown = wrong[:max_count]
    heading = f"{title}: {len(wrong)} of {len(labels)}" + (f", showing {len(shown)}" if len(shown) < len(wrong) else "")
    if len(shown) == 0:
        _, ax = plt.subplots(figsize=(5, 1.5))
        ax.text(0.5, 0.5, "no mistakes", ha="center", va="center")
        ax.set_axis_off()
        ax.set_title(heading)
        return ax
    chosen_probabilities = None if probabilities is None else np.asarray(probabilities)[shown]
    return digit_grid(np.asarray(X)[shown], labels[shown], predicted=predicted[shown],
                      probabilities=chosen_probabilities, columns=columns, title=heading, legend=False)
