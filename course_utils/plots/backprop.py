"""Back-propagation plots: computation graphs with forward values and derivatives, gradient timings, a fitted curve."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

FORWARD_COLOR = "#1f77b4"
BACKWARD_COLOR = "#d62728"
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


def gradient_timings(parameter_counts, seconds, ax=None, title="Time to compute one gradient"):
    """Log-log lines of seconds per gradient against the number of parameters, one line per method.

    seconds: {method name: [seconds for each entry of parameter_counts]}.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
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
    left.semilogy(np.arange(len(costs)), costs, color=FORWARD_COLOR, label="cost J")
    left.set(title="Cost during gradient descent", xlabel="step", ylabel="J (log scale)")
    left.legend()
    right.scatter(np.ravel(x), np.ravel(y), s=14, color="#7f7f7f", label="training data")
    right.plot(np.ravel(x_grid), np.ravel(predictions), color=BACKWARD_COLOR, linewidth=2, label="network")
    right.set(title="Data and the network's predictions", xlabel="x", ylabel="y")
    right.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig
