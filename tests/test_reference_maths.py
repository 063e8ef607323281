"""The mathematics the reference answers share (course_utils/reference/maths.py) agrees with independent oracles
(TensorFlow, Keras); its activations are held to TensorFlow by test_reference_activations.py."""
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils.reference import maths

RNG = np.random.default_rng(20261127)


@pytest.mark.parametrize("shape, scale", [((5,), 1.0), ((7, 4), 3.0), ((3, 9), 300.0), ((2, 3, 5), 10.0)])
def test_softmax_matches_tf_nn_softmax(shape, scale):
    z = RNG.normal(scale=scale, size=shape)
    np.testing.assert_allclose(maths.softmax(z), tf.nn.softmax(z, axis=-1).numpy(), rtol=1e-12, atol=1e-15)


def test_softmax_survives_huge_scores():
    result = maths.softmax(np.array([[1e4, 1e4 + 1, 1e4 + 2], [-1e4, -1e4, -1e4]]))
    np.testing.assert_allclose(result, [[0.09003057, 0.24472847, 0.66524096], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)


@pytest.mark.parametrize("m, n, scale", [(1, 3, 1.0), (16, 4, 3.0), (40, 10, 8.0)])
def test_cross_entropy_matches_keras(m, n, scale):
    logits = RNG.normal(scale=scale, size=(m, n))
    labels = RNG.integers(0, n, size=m)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits.astype(np.float32))
    assert maths.sparse_cross_entropy(logits, labels) == pytest.approx(float(keras_loss), rel=1e-5)


def test_cross_entropy_matches_keras_on_probabilities():
    logits = RNG.normal(scale=2.0, size=(12, 5))
    labels = RNG.integers(0, 5, size=12)
    probabilities = tf.nn.softmax(logits).numpy()
    keras_loss = keras.losses.SparseCategoricalCrossentropy()(labels, probabilities)
    assert maths.sparse_cross_entropy(logits, labels) == pytest.approx(float(keras_loss), rel=1e-5)


def test_cross_entropy_of_huge_scores_is_exact():
    # -log softmax([1000, 0, -1000])[1] = 1000 + log(1 + e^-1000 + e^-2000) = 1000 to double precision.
    assert maths.sparse_cross_entropy(np.array([[1000.0, 0.0, -1000.0]]), np.array([1])) == 1000.0


@pytest.mark.parametrize("shape", [(1,), (9,), (50, 1), (6, 3)])
def test_binary_cross_entropy_matches_keras(shape):
    y = RNG.integers(0, 2, size=shape).astype(float)
    p = RNG.uniform(0.001, 0.999, size=shape)
    keras_loss = keras.losses.BinaryCrossentropy()(y.reshape(-1, 1), p.reshape(-1, 1))
    assert maths.binary_cross_entropy(y, p) == pytest.approx(float(keras_loss), rel=1e-5)


def test_binary_cross_entropy_matches_keras_on_soft_labels():
    y = RNG.uniform(size=(20, 1))
    p = RNG.uniform(0.01, 0.99, size=(20, 1))
    assert maths.binary_cross_entropy(y, p) == pytest.approx(float(keras.losses.BinaryCrossentropy()(y, p)), rel=1e-5)


def test_binary_cross_entropy_matches_tf_sigmoid_cross_entropy_with_logits():
    z = RNG.normal(scale=4.0, size=30)
    y = RNG.integers(0, 2, size=30).astype(float)
    per_example = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z).numpy()
    assert maths.binary_cross_entropy(y, 1.0 / (1.0 + np.exp(-z))) == pytest.approx(per_example.mean(), rel=1e-9)


def test_binary_cross_entropy_clips_certain_predictions():
    assert maths.binary_cross_entropy(np.array([1, 0]), np.array([0.0, 1.0])) == pytest.approx(-math.log(1e-7))
    assert maths.binary_cross_entropy(np.array([1, 0]), np.array([1.0, 0.0])) == pytest.approx(1e-7, rel=1e-6)
    # Keras clips the same way (in float32, where 1 - 1e-7 rounds to 1 - 1.19e-7).
    keras_wrong = float(keras.losses.BinaryCrossentropy()(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]])))
    assert keras_wrong == pytest.approx(-(math.log(1e-7) + math.log(1 - np.float32(1 - 1e-7))) / 2, rel=1e-5)


@pytest.mark.parametrize("output, keras_output", [(None, "linear"), (maths.sigmoid, "sigmoid")])
def test_dense_forward_matches_a_keras_model(output, keras_output):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(5, activation="relu"), keras.layers.Dense(3, activation=keras_output)])
    weights = [w + RNG.normal(scale=0.3, size=w.shape).astype("float32") for w in model.get_weights()]
    model.set_weights(weights)
    X = RNG.normal(scale=2.0, size=(40, 2)).astype("float32")
    layers = list(zip(weights[::2], weights[1::2]))
    np.testing.assert_allclose(maths.dense_forward(layers, X, output=output), model(X).numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(maths.model_outputs(model, X), model.predict(X, verbose=0), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(maths.predict_labels(model, X), np.argmax(model.predict(X, verbose=0), axis=1))


def test_accuracy_matches_the_keras_metric():
    keras.utils.set_random_seed(4)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4)])
    X = RNG.normal(size=(50, 3)).astype("float32")
    y = RNG.integers(0, 4, size=50)
    metric = keras.metrics.SparseCategoricalAccuracy()
    metric.update_state(y, model(X))
    assert maths.accuracy(model, X, y) == pytest.approx(float(metric.result()), abs=1e-6)

