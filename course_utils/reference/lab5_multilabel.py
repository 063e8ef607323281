"""lab5_multilabel: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np
import tensorflow as tf

from ..checks import check_accuracy_per_label, check_close, check_equal, check_true
from ..data import three_label_points
from .maths import binary_cross_entropy, dense_forward, sigmoid


def threshold_predictions(probabilities, threshold=0.5):
    """1 where a probability is at least ``threshold`` (ties count as yes), else 0, as int64 of the same shape."""
    return np.where(np.asarray(probabilities, dtype=float) >= threshold, 1, 0).astype(np.int64)


def per_label_accuracy(y_true, y_pred):
    """The fraction of rows on which ``y_pred`` equals ``y_true``, separately for each column (label)."""
    agree = np.asarray(y_true) == np.asarray(y_pred)
    return agree.astype(float).mean(axis=0)


def relu_sigmoid_forward(weights, X):
    """Outputs of Dense(relu) -> Dense(sigmoid) with ``weights`` = [W1, b1, W2, b2] (Keras's order) on inputs X."""
    W1, b1, W2, b2 = weights
    return dense_forward([(W1, b1), (W2, b2)], X, output=sigmoid)


def check_model(model):
    """Exercise 1: the model's shapes, its forward pass on random points and its compiled loss, against NumPy, Keras
    and the reference."""
    check_equal("the input shape of model", tuple(model.input_shape), (None, 2))
    check_equal("the output shape of model", tuple(model.output_shape), (None, 3))
    weights = model.get_weights()
    check_equal("the number of weight arrays of model (a kernel and a bias per Dense layer)", len(weights), 4)
    rng = np.random.default_rng(5051)
    X = rng.uniform(-3.0, 3.0, size=(64, 2)).astype(np.float32)
    check_close("the outputs of model on random points vs a NumPy forward pass", model.predict(X, verbose=0),
                relu_sigmoid_forward(weights, X), atol=1e-5, rtol=1e-4, show_values=False)
    Y = rng.integers(0, 2, size=(64, 3))
    P = rng.uniform(0.02, 0.98, size=(64, 3)).astype(np.float32)
    loss = float(model.compute_loss(x=None, y=Y, y_pred=P))
    check_close("the compiled loss on random labels and probabilities vs Keras", loss,
                float(keras.losses.BinaryCrossentropy()(Y, P)), rtol=1e-4, show_values=False)
    check_close("the compiled loss on random labels and probabilities", loss, binary_cross_entropy(Y, P), rtol=1e-4,
                show_values=False)


def check_trained(model, label_names):
    """Exercise 2: every label's accuracy on fresh points the model never saw."""
    X_fresh, Y_fresh = three_label_points(2000, noise=0.0, seed=90517)
    check_accuracy_per_label("the trained model on fresh points it never saw",
                             model.predict(X_fresh, verbose=0, batch_size=1000), Y_fresh, minimum=0.93,
                             label_names=label_names)


def check_threshold_predictions(students_threshold_predictions):
    """Exercise 3: random probabilities of several shapes, many exactly on the threshold, against the reference and
    TensorFlow; integers back, the input unchanged."""
    rng = np.random.default_rng(3303)
    for shape, threshold in (((8, 3), 0.5), ((12,), 0.3), ((5, 4), 0.8), ((3, 2, 4), 0.5)):
        p = rng.integers(0, 11, size=shape) / 10  # many values sit exactly on the threshold
        copy = p.copy()
        got = students_threshold_predictions(p, threshold=threshold)
        dtype = np.asarray(got).dtype
        check_true(np.issubdtype(dtype, np.integer), f"threshold_predictions returned dtype {dtype}, not integers.")
        check_close(f"threshold_predictions on random probabilities of shape {shape}, threshold {threshold}", got,
                    threshold_predictions(p, threshold), atol=0, rtol=0, show_values=False)
        check_close(f"threshold_predictions on random probabilities of shape {shape}, threshold {threshold}", got,
                    tf.cast(tf.math.greater_equal(p, threshold), tf.int64).numpy(), atol=0, rtol=0, show_values=False)
        check_close("random probabilities after threshold_predictions (they must not change)", p, copy, atol=0,
                    rtol=0, show_values=False)
    p32 = (rng.integers(0, 5, size=(6, 3)) / 4).astype(np.float32)
    check_close("threshold_predictions on float32 probabilities, threshold 0.25",
                students_threshold_predictions(p32, threshold=0.25), threshold_predictions(p32, 0.25), atol=0, rtol=0,
                show_values=False)


def check_per_label_accuracy(students_per_label_accuracy):
    """Exercise 4: random labels of several sizes against the reference and Keras's BinaryAccuracy per label."""
    rng = np.random.default_rng(4404)
    for m, n in ((50, 3), (3, 7), (20, 1), (9, 9)):
        true = rng.integers(0, 2, size=(m, n))
        pred = rng.integers(0, 2, size=(m, n))
        got = students_per_label_accuracy(true, pred)
        check_close(f"per_label_accuracy on random labels ({m} examples, {n} labels)", got,
                    per_label_accuracy(true, pred), show_values=False)
        by_keras = [float(keras.metrics.BinaryAccuracy()(true[:, j].astype(np.float32), pred[:, j].astype(np.float32)))
                    for j in range(n)]
        check_close(f"per_label_accuracy on random labels ({m} examples, {n} labels) vs Keras BinaryAccuracy", got,
                    by_keras, show_values=False)
