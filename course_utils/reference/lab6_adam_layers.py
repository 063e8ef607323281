"""lab6_adam_layers: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np

from ..checks import check_close
from ..grading.hidden import kernel_function


def adam_step(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7):
    """One Adam update, written the way keras.optimizers.Adam computes it; returns (new_params, new_m, new_v).

    ``t`` is the number of this update (1 for the first). Keras adds epsilon to sqrt(v) *before* the bias
    correction ("epsilon hat" in Kingma and Ba), so the step is
    ``learning_rate * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + epsilon)``.
    """
    params, grads = np.asarray(params, dtype=float), np.asarray(grads, dtype=float)
    new_m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * grads
    new_v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * grads ** 2
    step_size = learning_rate * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return params - step_size * new_m / (np.sqrt(new_v) + epsilon), new_m, new_v


def run_adam(loss_and_grad, w0, learning_rate, n_steps):
    """Adam from ``w0`` for ``n_steps`` steps with the default betas and epsilon.

    Returns (path, losses): path[k] holds the parameters after k steps (shape (n_steps + 1, *w0.shape)) and
    losses[k] the loss there.
    """
    w = np.array(w0, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path, losses = [w], []
    for t in range(1, n_steps + 1):
        loss, grad = loss_and_grad(w)
        losses.append(loss)
        w, m, v = adam_step(w, grad, m, v, t, learning_rate=learning_rate)
        path.append(w)
    losses.append(loss_and_grad(w)[0])
    return np.array(path), np.array(losses, dtype=float)


def conv1d_forward(x, kernels, biases, activation=None):
    """Forward pass of a 1-D convolution layer like keras.layers.Conv1D ('valid' padding, stride 1).

    x: (length, channels) or (m, length, channels); kernels: (window, channels, filters); biases: (filters,);
    activation: a function applied element-wise, or None for linear. Returns (..., length - window + 1, filters).
    Like Keras (and every deep-learning library), it slides the kernel without flipping it (a cross-correlation).
    """
    x, kernels, biases = (np.asarray(a, dtype=float) for a in (x, kernels, biases))
    window = kernels.shape[0]
    positions = x.shape[-2] - window + 1
    z = np.stack([np.tensordot(x[..., i:i + window, :], kernels, axes=([-2, -1], [0, 1])) for i in range(positions)],
                 axis=-2) + biases
    return z if activation is None else activation(z)


def check_adam_step(students_adam_step):
    """Exercise 1: six steps with random gradients and settings, against keras.optimizers.Adam and the reference,
    the inputs unchanged; a large epsilon at several step numbers."""
    rng = np.random.default_rng(6061)
    # Keras keeps beta_1, beta_2 and the learning rate as 32-bit floats: with values that 32-bit floats hold exactly
    # it agrees with a float64 NumPy step to rounding error; with 0.9 and 0.999 it differs by about 1e-5 of a step.
    for shape, lr, b1, b2, eps, scale, atol in (
            ((3,), 0.0078125, 0.875, 0.9990234375, 2.0 ** -23, 1.0, 1e-10),
            ((4, 2), 0.0625, 0.75, 0.984375, 2.0 ** -23, 3.0, 1e-10),
            ((5,), 0.125, 0.875, 0.9990234375, 0.5, 0.01, 1e-10),
            ((2,), 0.01, 0.9, 0.999, 1e-7, 1.0, 1e-6)):
        start = rng.normal(size=shape)
        variable = keras.Variable(start, dtype="float64")
        optimizer = keras.optimizers.Adam(learning_rate=lr, beta_1=b1, beta_2=b2, epsilon=eps)
        w, m, v = start.copy(), np.zeros(shape), np.zeros(shape)
        rw, rm, rv = start.copy(), np.zeros(shape), np.zeros(shape)
        for t in range(1, 7):
            g = rng.normal(scale=scale, size=shape)
            optimizer.apply_gradients([(g, variable)])
            inputs = (w, g, m, v)
            copies = tuple(a.copy() for a in inputs)
            w, m, v = students_adam_step(*inputs, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps)
            rw, rm, rv = adam_step(rw, g, rm, rv, t, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps)
            check_close(f"adam_step vs keras.optimizers.Adam, step {t} (shape {shape}, epsilon {eps})", w,
                        variable.numpy(), atol=atol, rtol=0, show_values=False)
            check_close(f"new_m at step {t} (shape {shape})", m, rm, atol=1e-12, show_values=False)
            check_close(f"new_v at step {t} (shape {shape})", v, rv, atol=1e-12, show_values=False)
            for name, given, copy in zip(("params", "grads", "m", "v"), inputs, copies):
                check_close(f"{name} after calling adam_step (the inputs must not change)", given, copy, atol=0,
                            rtol=0, show_values=False)
    p, g = rng.normal(size=6), rng.normal(scale=1e-3, size=6)
    m0, v0 = rng.normal(scale=1e-3, size=6), rng.uniform(1e-7, 1e-6, size=6)
    for t in (1, 4, 60):
        check_close(f"adam_step at t={t} with a large epsilon",
                    students_adam_step(p, g, m0, v0, t, 0.02, 0.9, 0.999, 2e-3)[0],
                    adam_step(p, g, m0, v0, t, 0.02, 0.9, 0.999, 2e-3)[0], atol=1e-10, show_values=False)


def check_run_adam(students_run_adam):
    """Exercise 2: a random quadratic in 3 dimensions (its function lives in the student's kernel), against the
    reference and keras.optimizers.Adam; a single step."""
    rng = np.random.default_rng(6062)
    A = rng.normal(size=(3, 3))
    A = A @ A.T + np.diag([0.1, 1.0, 30.0])
    b = rng.normal(size=3)
    quadratic = kernel_function("lambda w: (0.5 * w @ A @ w - b @ w, A @ w - b)", A=A, b=b)
    w0 = rng.normal(size=3)
    path, losses = students_run_adam(quadratic, w0, 0.0625, 25)
    ref_path, ref_losses = run_adam(quadratic, w0, 0.0625, 25)
    check_close("run_adam's path on a random quadratic in 3 dimensions", path, ref_path, atol=1e-9, show_values=False)
    check_close("run_adam's losses on a random quadratic in 3 dimensions", losses, ref_losses, atol=1e-9,
                show_values=False)
    variable = keras.Variable(w0, dtype="float64")
    optimizer = keras.optimizers.Adam(learning_rate=0.0625)
    for k in range(25):
        optimizer.apply_gradients([(quadratic(variable.numpy())[1], variable)])
        check_close(f"run_adam's path vs keras.optimizers.Adam after {k + 1} steps", np.asarray(path)[k + 1],
                    variable.numpy(), atol=1e-4, rtol=0, show_values=False)  # Keras: 32-bit betas, see exercise 1
    path, losses = students_run_adam(quadratic, w0[::-1].copy(), 0.3, 1)
    ref_path, ref_losses = run_adam(quadratic, w0[::-1].copy(), 0.3, 1)
    check_close("run_adam for a single step", path, ref_path, atol=1e-9, show_values=False)
    check_close("run_adam's losses for a single step", losses, ref_losses, atol=1e-9, show_values=False)


def check_conv1d_forward(students_conv1d_forward):
    """Exercise 3: one signal and batches, of several lengths, channels, windows, filters and activations, against
    keras.layers.Conv1D and the reference."""
    rng = np.random.default_rng(6063)
    for m, length, channels, window, filters, activation, numpy_activation in (
            (None, 12, 3, 4, 5, None, None), (7, 20, 2, 5, 3, "relu", kernel_function("lambda z: np.maximum(z, 0)")),
            (4, 9, 1, 9, 2, "sigmoid", kernel_function("lambda z: 1 / (1 + np.exp(-z))")),
            (2, 15, 4, 1, 6, "tanh", np.tanh), (None, 30, 1, 7, 1, None, None)):
        x = rng.normal(size=(length, channels) if m is None else (m, length, channels))
        kernels = rng.normal(size=(window, channels, filters))
        biases = rng.normal(size=filters)
        layer = keras.layers.Conv1D(filters, window, activation=activation, dtype="float64")
        layer.build((None, length, channels))
        layer.set_weights([kernels, biases])
        expected = layer(x if m is not None else x[None]).numpy()
        expected = expected if m is not None else expected[0]
        got = students_conv1d_forward(x, kernels, biases, activation=numpy_activation)
        what = (f"conv1d_forward vs keras.layers.Conv1D ({'one signal' if m is None else f'a batch of {m}'}, "
                f"length {length}, {channels} channels, window {window}, {filters} filters, activation {activation})")
        check_close(what, got, expected, atol=1e-9, show_values=False)
        check_close(what + " vs the reference", got, conv1d_forward(x, kernels, biases, numpy_activation),
                    atol=1e-9, show_values=False)
