"""Reference answers for the softmax lab."""
import numpy as np


def softmax(z):
    """Softmax along the last axis, shifted by the maximum so that large scores do not overflow."""
    z = np.asarray(z, dtype=float)
    exp = np.exp(z - z.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def cross_entropy(logits, y):
    """Mean cross-entropy of integer labels ``y`` under logits of shape (m, n), via log-sum-exp."""
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probabilities[np.arange(len(y)), np.asarray(y)].mean())
