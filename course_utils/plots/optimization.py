"""Plots for the Adam and layer-types lab: loss curves and descent paths of optimizers, and which inputs the units
of a dense and of a 1-D convolution layer see."""
import matplotlib.pyplot as plt
import numpy as np

from .classification import CLASS_COLORS


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def loss_curves(histories, ax=None, title="Loss during training", ylabel="loss"):
    """Loss per step of several runs on one log-scale axis; ``histories`` maps a run's name to its losses."""
    ax = _axes(ax)
    for index, (name, losses) in enumerate(histories.items()):
        ax.semilogy(np.arange(len(losses)), losses, color=CLASS_COLORS[index % len(CLASS_COLORS)], label=name)
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
    ax = _axes(ax)
    w1, w2 = np.meshgrid(np.linspace(*w1_range, resolution), np.linspace(*w2_range, resolution))
    values = np.array([loss(np.array(point)) for point in zip(w1.ravel(), w2.ravel())]).reshape(w1.shape)
    positive = values[values > 0]
    contour_levels = np.geomspace(max(positive.min(), positive.max() * 1e-5), positive.max(), levels)
    ax.contour(w1, w2, values, levels=contour_levels, colors="gray", linewidths=0.7, alpha=0.7)
    for index, (name, path) in enumerate(paths.items()):
        path = np.asarray(path)
        color = CLASS_COLORS[index % len(CLASS_COLORS)]
        ax.plot(path[:, 0], path[:, 1], ".-", color=color, markersize=3, linewidth=1, label=name)
        ax.plot(*path[0], "o", color="black", markersize=5)
    if optimum is not None:
        ax.plot(*optimum, "*", color="gold", markeredgecolor="black", markersize=14, label="minimum")
    ax.set(title=title, xlabel="$w_1$", ylabel="$w_2$", xlim=w1_range, ylim=w2_range)
    ax.legend(loc="best", fontsize=8)
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
                 f"Dense: each of {n_dense_units} units sees all {n_inputs} inputs", CLASS_COLORS[0])
    n_conv_units = n_inputs - window + 1
    _connections(right, n_inputs, n_conv_units, lambda unit: range(unit, unit + window),
                 f"Conv1D: each of {n_conv_units} units sees a window of {window} inputs", CLASS_COLORS[1])
    fig.suptitle("Which inputs does each unit see?")
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
        ax.plot(centre_time, feature_maps[:, k], color=CLASS_COLORS[(k + 1) % len(CLASS_COLORS)], linewidth=1)
        ax.set(title=f"filter {k}: {names[k]}", ylabel="output")
    axes[-1].set_xlabel("time (s)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
