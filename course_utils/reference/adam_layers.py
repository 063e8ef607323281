"""Reference answers for the Adam and layer-types lab."""
import numpy as np


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
