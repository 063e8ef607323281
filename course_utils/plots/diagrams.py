"""Diagrams of networks: computation graphs with forward values and backward derivatives, and which inputs the units
of a dense and of a convolutional layer see."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from .base import BLUE, ORANGE, RED

FORWARD_COLOR, BACKWARD_COLOR = BLUE, RED
BOX_WIDTH, BOX_HEIGHT = 1.15, 0.5


def _number(value):
    value = float(np.asarray(value, dtype=float))
    return f"{value:.4g}" if value != 0 else "0"


def _side(component, positive, negative):
    """Text alignment that keeps a label on the side of the arrow that ``component`` points to."""
    return positive if component > 0.1 else (negative if component < -0.1 else "center")


def _clipped(start, end):
    """The part of the segment start -> end that lies outside both nodes' boxes."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    direction = end - start
    with np.errstate(divide="ignore"):
        t = min(BOX_WIDTH / 2 / abs(direction[0]) if direction[0] else np.inf,
                BOX_HEIGHT / 2 / abs(direction[1]) if direction[1] else np.inf)
    return start + t * direction, end - t * direction


def computation_graph(nodes, edges, values=None, derivatives=None, labels=None, output=None, ax=None,
                      title="Computation graph"):
    """Draw a computation graph: a box per node, an arrow per edge.

    nodes:       {name: (x, y)}, where to put each node's box (data units; boxes are about 1.15 x 0.5).
    edges:       [(from_name, to_name), ...], the arrows.
    values:      {name: forward value}; written above the arrows leaving that node (and next to the output node).
    derivatives: {name: dJ/d(name)}; written below the arrows leaving that node, in red.
    labels:      {name: text in the box}, e.g. {"c": "c = 3w"}; a node's name by default.
    output:      the name of the final node J (default: the node that no arrow leaves).
    """
    values, derivatives, labels = values or {}, derivatives or {}, labels or {}
    if ax is None:
        xs = [x for x, _ in nodes.values()]
        ys = [y for _, y in nodes.values()]
        width = max(xs) - min(xs) + 2.5
        height = max(ys) - min(ys) + 1.6
        _, ax = plt.subplots(figsize=(min(1.6 * width, 13), max(1.3 * height, 2.4)))
    if output is None:
        sources = {start for start, _ in edges}
        sinks = [name for name in nodes if name not in sources]
        output = sinks[-1] if sinks else None

    for name, (x, y) in nodes.items():
        is_output = name == output
        ax.add_patch(FancyBboxPatch((x - BOX_WIDTH / 2, y - BOX_HEIGHT / 2), BOX_WIDTH, BOX_HEIGHT,
                                    boxstyle="round,pad=0.02,rounding_size=0.1", linewidth=1.5,
                                    edgecolor="black", facecolor="#fff2cc" if is_output else "#eef3fb"))
        ax.text(x, y, labels.get(name, name), ha="center", va="center", fontsize=11)

    for start_name, end_name in edges:
        start, end = _clipped(nodes[start_name], nodes[end_name])
        ax.annotate("", xy=end, xytext=start,
                    arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.3, shrinkA=0, shrinkB=0))
        middle = (start + end) / 2
        direction = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-direction[1], direction[0]])
        if normal[1] < 0 or (normal[1] == 0 and normal[0] > 0):
            normal = -normal  # "above" the arrow
        if start_name in values:
            where = middle + 0.1 * normal
            ax.text(*where, f"{start_name} = {_number(values[start_name])}", color=FORWARD_COLOR, fontsize=9.5,
                    ha=_side(normal[0], "left", "right"), va=_side(normal[1], "bottom", "top"))
        if start_name in derivatives:
            where = middle - 0.1 * normal
            ax.text(*where, f"∂{output}/∂{start_name} = {_number(derivatives[start_name])}", color=BACKWARD_COLOR,
                    fontsize=9.5, ha=_side(-normal[0], "left", "right"), va=_side(-normal[1], "bottom", "top"))

    if output is not None:
        x, y = nodes[output]
        lines = []
        if output in values:
            lines.append((f"{output} = {_number(values[output])}", FORWARD_COLOR, y + BOX_HEIGHT / 2 + 0.08, "bottom"))
        if output in derivatives:
            lines.append((f"∂{output}/∂{output} = {_number(derivatives[output])}", BACKWARD_COLOR,
                          y - BOX_HEIGHT / 2 - 0.08, "top"))
        for text, color, text_y, va in lines:
            ax.text(x, text_y, text, color=color, fontsize=9.5, ha="center", va=va)

    xs = [x for x, _ in nodes.values()]
    ys = [y for _, y in nodes.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 0.75, max(ys) + 0.75)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("forward pass: left to right $\\rightarrow$        "
                  "$\\leftarrow$ backward pass: right to left")
    handles = []
    if values:
        handles.append(Line2D([], [], color=FORWARD_COLOR, marker="s", linestyle="", label="forward value"))
    if derivatives:
        handles.append(Line2D([], [], color=BACKWARD_COLOR, marker="s", linestyle="",
                              label=f"derivative of {output} (backward)"))
    if handles:
        ax.legend(handles=handles, loc="upper left", fontsize=8.5, bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title)
    return ax


def _connections(ax, n_inputs, n_units, sees, title, color):
    inputs_x = np.arange(n_inputs)
    units_x = np.linspace(0, n_inputs - 1, n_units) if n_units > 1 else np.array([(n_inputs - 1) / 2])
    for unit, unit_x in enumerate(units_x):
        for i in sees(unit):
            ax.plot([inputs_x[i], unit_x], [0, 1], color=color, alpha=0.5, linewidth=1)
    ax.scatter(inputs_x, np.zeros(n_inputs), s=120, color="white", edgecolor="black", zorder=3)
    ax.scatter(units_x, np.ones(n_units), s=160, color=color, edgecolor="black", zorder=3)
    for i, x in enumerate(inputs_x):
        ax.annotate(f"$x_{{{i + 1}}}$", (x, 0), xytext=(0, -16), textcoords="offset points", ha="center", fontsize=8)
    ax.set(title=title, xlim=(-0.8, n_inputs - 0.2), ylim=(-0.35, 1.25), yticks=[0, 1],
           yticklabels=["inputs", "units"], xticks=[])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def dense_vs_conv_connections(n_inputs=10, window=3, n_dense_units=4):
    """Two diagrams side by side: every unit of a dense layer sees every input; each unit of a 1-D convolution
    layer (one filter, 'valid' padding, stride 1) sees only a window of ``window`` neighbouring inputs."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.2))
    _connections(left, n_inputs, n_dense_units, lambda unit: range(n_inputs),
                 f"Dense: each of {n_dense_units} units sees all {n_inputs} inputs", BLUE)
    n_conv_units = n_inputs - window + 1
    _connections(right, n_inputs, n_conv_units, lambda unit: range(unit, unit + window),
                 f"Conv1D: each of {n_conv_units} units sees a window of {window} inputs", ORANGE)
    fig.suptitle("Which inputs does each unit see?")
    fig.tight_layout()
    return fig
