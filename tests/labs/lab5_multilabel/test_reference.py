"""The multi-label lab's reference answers agree with independent oracles (TensorFlow, Keras), and its data and
accuracy check behave as the lab says."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import data
from course_utils.checks import check_accuracy_per_label
from course_utils.reference import lab5_multilabel as reference

RNG = np.random.default_rng(20260505)


@pytest.mark.parametrize("shape, threshold", [((6, 3), 0.5), ((11,), 0.3), ((4, 2, 5), 0.8), ((7, 4), 0.0)])
def test_threshold_matches_tf_greater_equal_including_ties(shape, threshold):
    probabilities = RNG.integers(0, 11, size=shape) / 10  # many values sit exactly on the threshold
    got = reference.threshold_predictions(probabilities, threshold)
    oracle = tf.cast(tf.math.greater_equal(probabilities, threshold), tf.int64).numpy()
    assert got.dtype == np.int64 and got.shape == probabilities.shape
    np.testing.assert_array_equal(got, oracle)
    assert (probabilities == threshold).any() or threshold == 0.0


def test_threshold_counts_a_tie_as_yes():
    np.testing.assert_array_equal(reference.threshold_predictions(np.array([0.5, 0.4999, 0.7]), 0.5), [1, 0, 1])


@pytest.mark.parametrize("m, n_labels", [(50, 3), (3, 7), (20, 1), (1, 4)])
def test_per_label_accuracy_matches_keras_binary_accuracy(m, n_labels):
    y_true = RNG.integers(0, 2, size=(m, n_labels))
    y_pred = RNG.integers(0, 2, size=(m, n_labels))
    got = reference.per_label_accuracy(y_true, y_pred)
    oracle = [float(keras.metrics.BinaryAccuracy()(y_true[:, j].astype("float32"), y_pred[:, j].astype("float32")))
              for j in range(n_labels)]
    assert got.shape == (n_labels,)
    np.testing.assert_allclose(got, oracle, rtol=1e-6)


def test_relu_sigmoid_forward_matches_a_keras_model():
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(3, activation="sigmoid")])
    weights = [w + RNG.normal(scale=0.3, size=w.shape).astype("float32") for w in model.get_weights()]
    model.set_weights(weights)
    X = RNG.normal(scale=2.0, size=(40, 2)).astype("float32")
    np.testing.assert_allclose(reference.relu_sigmoid_forward(weights, X), model(X).numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("m, n_labels", [(30, 3), (5, 1)])
def test_binary_cross_entropy_matches_keras(m, n_labels):
    y_true = RNG.integers(0, 2, size=(m, n_labels)).astype("float32")
    probabilities = RNG.uniform(0.001, 0.999, size=(m, n_labels)).astype("float32")
    oracle = float(keras.losses.BinaryCrossentropy()(y_true, probabilities))
    assert reference.binary_cross_entropy(y_true, probabilities) == pytest.approx(oracle, rel=1e-5)
    logits = np.log(probabilities / (1 - probabilities))
    from_logits = float(keras.losses.BinaryCrossentropy(from_logits=True)(y_true, logits))
    assert reference.binary_cross_entropy(y_true, probabilities) == pytest.approx(from_logits, rel=1e-4)


def test_three_label_points_are_deterministic_and_follow_the_rules():
    X, Y = data.three_label_points(2000, noise=0.0, seed=4)
    X_again, Y_again = data.three_label_points(2000, noise=0.0, seed=4)
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(Y, Y_again)
    assert X.shape == (2000, 2) and X.dtype == np.float32 and Y.shape == (2000, 3) and Y.dtype == np.int64
    assert np.abs(X).max() <= 3.0
    np.testing.assert_array_equal(Y[:, 0], X[:, 0] > 0)
    np.testing.assert_array_equal(Y[:, 1], np.hypot(X[:, 0], X[:, 1]) < 1.8)
    np.testing.assert_array_equal(Y[:, 2], X[:, 1] > 0.5 * X[:, 0] + 0.5)
    # Genuinely multi-label: every label is common, and many points carry two or more labels.
    assert (0.2 < Y.mean(axis=0)).all() and (Y.mean(axis=0) < 0.8).all()
    assert (Y.sum(axis=1) >= 2).mean() > 0.25


def test_three_label_points_flip_about_the_stated_share_of_labels():
    X, noisy = data.three_label_points(5000, noise=0.03, seed=8)
    flipped = noisy != data.three_label_rules(X)
    assert 0.02 < flipped.mean() < 0.04
    assert flipped.any(axis=0).all()


def test_check_accuracy_per_label_fails_when_any_label_is_too_low():
    labels = np.array([[1, 0], [0, 1], [1, 1], [0, 0]])
    check_accuracy_per_label("ok", np.array([[0.9, 0.1], [0.2, 0.5], [0.7, 0.8], [0.4, 0.3]]), labels, 1.0)
    with pytest.raises(AssertionError, match="label 1: 0.750  <- too low"):
        check_accuracy_per_label("bad", np.array([[0.9, 0.1], [0.2, 0.49], [0.7, 0.8], [0.4, 0.3]]), labels, 0.9)
    with pytest.raises(AssertionError, match="shape"):
        check_accuracy_per_label("bad shape", np.zeros((4, 3)), labels, 0.5)
