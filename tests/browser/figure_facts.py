"""An IPython extension the browser tests' kernels load (ipython_kernel_config.py): it records what every figure a
notebook shows is made of, so a test can check titles, axis labels and legends (test_student.py).

``plt.show`` is wrapped: before the figures are shown, each one is drawn and described, one JSON line per figure, in
FACTS_FILE in the kernel's working folder (the notebook's). Nothing is added to the notebook's namespace.
"""
import json
from pathlib import Path

FACTS_FILE = ".figure-facts.jsonl"


def _is_number(text):
    """Whether a tick label is a number ("0.5", "−2", "$\\mathdefault{10^{-3}}$"), not a word ("inputs")."""
    for mark in ("\\mathdefault", "$", "{", "}", "^", "\u2212", "-", "+", ".", ",", " ", "\u00d7", "e"):
        text = text.replace(mark, "")
    return text.isdigit()


def _shows_numbers(axis_labels):
    return any(label.get_visible() and _is_number(label.get_text()) for label in axis_labels)


def _axes_facts(ax):
    _, labels = ax.get_legend_handles_labels()
    return {"title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
            "x_ticks": ax.axison and _shows_numbers(ax.get_xticklabels()),
            "y_ticks": ax.axison and _shows_numbers(ax.get_yticklabels()),
            "legend": ax.get_legend() is not None, "labelled": len(labels),
            "colorbar": hasattr(ax, "_colorbar")}


def _describe(figure):
    figure.canvas.draw()  # tick labels get their text when the figure is drawn
    return {"suptitle": figure._suptitle.get_text() if figure._suptitle else "",
            "figure_legends": len(figure.legends), "axes": [_axes_facts(ax) for ax in figure.axes]}


def load_ipython_extension(ipython):
    import matplotlib.pyplot as plt

    show = plt.show

    def recording_show(*args, **kwargs):
        with open(Path.cwd() / FACTS_FILE, "a") as facts:
            for number in plt.get_fignums():
                facts.write(json.dumps(_describe(plt.figure(number))) + "\n")
        return show(*args, **kwargs)

    plt.show = recording_show
