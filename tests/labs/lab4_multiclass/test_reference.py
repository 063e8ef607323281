"""The multiclass lab's reference answers agree with independent oracles (TensorFlow, Keras, the shared NumPy forward pass)."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import data
from course_utils.checks import describe_layers, describe_loss
from course_utils.reference import lab4_multiclass as reference
from course_utils.reference.maths import dense_forward  # held to Keras by test_reference_maths

RNG = np.random.default_rng(20260404)


def test_build_model_has_the_asked_for_layers_and_forward_pass():
    model = reference.build_model()
    assert describe_layers(model) == [("Dense", 4, "relu"), ("Dense", 4, "linear")]
    assert tuple(model.input_shape) == (None, 2) and model.count_params() == 32
    kernel_1, bias_1, kernel_2, bias_2 = model.get_weights()
    X = RNG.normal(scale=3.0, size=(10, 2)).astype(np.float32)
    np.testing.assert_allclose(reference.logits_of(model, X),
                               dense_forward([(kernel_1, bias_1), (kernel_2, bias_2)], X), rtol=1e-5, atol=1e-5)
    assert reference.build_model() is not model


def test_compile_model_uses_cross_entropy_from_logits_and_adam():
    model = reference.compile_model(reference.build_model())
    assert describe_loss(model) == ("SparseCategoricalCrossentropy", True)
    assert type(model.optimizer).__name__ == "Adam"
    assert float(np.asarray(model.optimizer.learning_rate)) == pytest.approx(0.01)
    logits = RNG.normal(scale=4.0, size=(12, 4)).astype(np.float32)
    labels = RNG.integers(0, 4, size=12)
    probabilities = tf.nn.softmax(logits).numpy().astype(float)
    manual = -np.mean(np.log(probabilities[np.arange(12), labels]))
    assert float(model.loss(labels, logits)) == pytest.approx(manual, rel=1e-5)


@pytest.mark.parametrize("sizes, scale", [((2, 4, 4), 1.0), ((3, 5, 6), 2.0), ((2, 4, 4), 30.0), ((5, 7), 1.0)])
def test_predict_probabilities_matches_tf_nn_softmax(sizes, scale):
    model = reference.random_model(RNG, sizes, scale=scale)
    X = RNG.normal(scale=5.0, size=(9, sizes[0])).astype(np.float32)
    got = reference.predict_probabilities(model, X)
    np.testing.assert_allclose(got, tf.nn.softmax(model(X), axis=-1).numpy(), atol=1e-6)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, rtol=1e-12)
    assert np.isfinite(got).all()


def test_model_with_weights_matches_a_numpy_forward_pass():
    weights = [(RNG.normal(size=(3, 5)), RNG.normal(size=5)), (RNG.normal(size=(5, 6)), RNG.normal(size=6))]
    model = reference.model_with_weights(weights)
    X = RNG.normal(size=(8, 3)).astype(np.float32)
    np.testing.assert_allclose(reference.logits_of(model, X), dense_forward(weights, X), rtol=1e-5, atol=1e-5)


def test_predict_probabilities_is_stable_for_huge_logits():
    model = reference.model_with_weights([(RNG.normal(size=(2, 5)), 5000.0 + RNG.normal(scale=2.0, size=5))])
    X = RNG.normal(scale=2.0, size=(7, 2)).astype(np.float32)
    logits = reference.logits_of(model, X)
    assert logits.min() > 4900
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(reference.predict_probabilities(model, X),
                               expected / expected.sum(axis=1, keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("sizes", [(2, 4, 4), (3, 5, 6)])
def test_predict_labels_is_the_argmax_of_keras_predict(sizes):
    model = reference.random_model(RNG, sizes)
    X = RNG.normal(size=(13, sizes[0])).astype(np.float32)
    labels = reference.predict_labels(model, X)
    assert labels.shape == (13,) and np.issubdtype(labels.dtype, np.integer)
    np.testing.assert_array_equal(labels, np.argmax(model.predict(X, verbose=0), axis=1))
    np.testing.assert_array_equal(labels, np.argmax(reference.predict_probabilities(model, X), axis=1))


def test_lab_data_is_the_notebooks_split():
    X_train, X_test, y_train, y_test = reference.lab_data()
    X, y = data.make_blobs(1000, reference.CENTERS, spread=reference.SPREAD, seed=reference.DATA_SEED)
    assert len(X_train) + len(X_test) == len(X) == 1000
    assert np.bincount(y_test).tolist() == [62] * 4
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), np.sort(y))


def test_reference_training_reaches_the_threshold_quickly():
    keras.utils.set_random_seed(5)
    X_train, X_test, y_train, y_test = reference.lab_data()
    model = reference.compile_model(reference.build_model())
    model.fit(X_train, y_train, epochs=10, verbose=0)
    held_out = reference.accuracy(model, X_test, y_test)
    assert held_out >= reference.ACCURACY_THRESHOLD
    assert held_out == pytest.approx(model.evaluate(X_test, y_test, verbose=0, return_dict=True)["accuracy"], abs=1e-6)
