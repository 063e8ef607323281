"""The mathematics every lab's reference answers share, written once: the activations, softmax, the
cross-entropies, a dense network's forward pass, and what a classifier predicts. Instructor only, like all of
``course_utils.reference``; ``tests/test_reference_maths.py`` holds each function to TensorFlow and Keras."""
import numpy as np

KERAS_EPSILON = 1e-7  # Keras clips probabilities to [epsilon, 1 - epsilon] before it takes their logarithm


def sigmoid(z):
    """The logistic function, written with tanh: 1/(1+e^-z) = (1 + tanh(z/2)) / 2, which cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def relu(z):
    """max(0, z) element-wise, in a new float array."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0.0, z, 0.0)


def log_softmax(z):
    """log softmax along the last axis, from scores shifted by their maximum (log-sum-exp): exact for huge scores."""
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z):
    """Softmax along the last axis, shifted by the maximum so that large scores do not overflow."""
    return np.exp(log_softmax(z))


def sparse_cross_entropy(logits, y):
    """Mean cross-entropy of integer labels ``y`` (shape (m,)) under scores ``logits`` (shape (m, n))."""
    return float(-log_softmax(logits)[np.arange(len(y)), np.asarray(y)].mean())


def binary_cross_entropy(y, p, epsilon=KERAS_EPSILON):
    """Mean binary cross-entropy of labels ``y`` under probabilities ``p`` (any shape, every entry counts once),
    with the probabilities clipped to [epsilon, 1 - epsilon] as Keras clips them."""
    labels = np.asarray(y, dtype=float)
    clipped = np.clip(np.asarray(p, dtype=float), epsilon, 1.0 - epsilon)
    return float(-(labels * np.log(clipped) + (1.0 - labels) * np.log1p(-clipped)).mean())


def dense_forward(layers, X, hidden=relu, output=None):
    """The outputs of Dense layers given as [(kernel, bias), ...] on inputs X, in float64: ``hidden`` after every
    layer but the last, ``output`` (None: linear) after the last."""
    values = np.asarray(X, dtype=float)
    for index, (kernel, bias) in enumerate(layers):
        values = values @ np.asarray(kernel, dtype=float) + np.asarray(bias, dtype=float)
        last = index == len(layers) - 1
        activation = output if last else hidden
        values = values if activation is None else activation(values)
    return values


def model_outputs(model, X):
    """A Keras model's outputs for a whole batch, as float64: one direct call ``model(X)``, the same numbers as
    ``model.predict(X)`` (up to float32 rounding) without its set-up cost, so that hidden tests stay fast."""
    return np.asarray(model(np.asarray(X, dtype=np.float32), training=False), dtype=float)


def predict_labels(model, X):
    """The index of each row's largest output (softmax keeps the order, so scores and probabilities agree)."""
    return np.argmax(model_outputs(model, X), axis=-1)


def accuracy(model, X, y):
    """The share of rows of X that the model labels as y does."""
    return float(np.mean(predict_labels(model, X) == np.asarray(y)))
