"""The digits lab's references agree with independent oracles: tf.nn.softmax, Keras's own predict, loss and accuracy
metric, and the checks the lab's tests use."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils.checks import check_layers, check_loss, check_optimizer, describe_layers
from course_utils.reference import practice_lab_digits as reference

RNG = np.random.default_rng(20261203)


@pytest.fixture(scope="module")
def random_model():
    """The lab's network with random weights (large enough that the scores spread out)."""
    model = reference.build_model()
    model.set_weights([RNG.normal(scale=0.5, size=w.shape) for w in model.get_weights()])
    return model


@pytest.mark.parametrize("n, scale", [(1, 1.0), (3, 1.0), (10, 4.0), (10, 500.0)])
def test_my_softmax_matches_tf_nn_softmax(n, scale):
    z = RNG.normal(scale=scale, size=n)
    np.testing.assert_allclose(reference.my_softmax(z), tf.nn.softmax(z).numpy(), rtol=1e-12, atol=1e-300)


def test_build_model_is_the_network_the_lab_asks_for():
    model = reference.build_model()
    assert describe_layers(model) == [tuple(layer) for layer in reference.LAYERS]
    check_layers("reference model", model, reference.LAYERS)
    check_loss("reference model", model, reference.LOSS_NAMES, from_logits=True)
    check_optimizer("reference model", model, reference.OPTIMIZER, reference.LEARNING_RATE)
    assert model.input_shape == (None, reference.INPUT_SIZE) and model.output_shape == (None, 10)
    assert model.count_params() == reference.PARAMETER_COUNT == 10575


def test_scores_match_keras_predict(random_model):
    X = RNG.uniform(size=(70, 400)).astype(np.float32)
    np.testing.assert_allclose(reference.scores(random_model, X), random_model.predict(X, verbose=0),
                               rtol=1e-5, atol=1e-5)


def test_labels_and_probabilities_match_tensorflow(random_model):
    X = RNG.uniform(size=(50, 400)).astype(np.float32)
    logits = random_model.predict(X, verbose=0)
    probabilities = reference.probabilities(random_model, X)
    np.testing.assert_allclose(probabilities, tf.nn.softmax(logits, axis=1).numpy(), atol=1e-6)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-12)
    labels = reference.predict_labels(random_model, X)
    np.testing.assert_array_equal(labels, tf.argmax(logits, axis=1).numpy())
    np.testing.assert_array_equal(labels, np.argmax(probabilities, axis=1))
    assert len(np.unique(labels)) > 1  # the check means something only if the labels vary


def test_count_errors_and_accuracy_match_the_keras_metric(random_model):
    X = RNG.uniform(size=(90, 400)).astype(np.float32)
    y = RNG.integers(0, 10, size=90)
    metric = keras.metrics.SparseCategoricalAccuracy()
    metric.update_state(y, random_model.predict(X, verbose=0))
    keras_accuracy = float(metric.result())
    assert reference.accuracy(random_model, X, y) == pytest.approx(keras_accuracy, abs=1e-6)
    assert reference.count_errors(random_model, X, y) == round(90 * (1 - keras_accuracy))


def test_count_errors_on_a_model_whose_scores_are_its_inputs():
    identity = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(3, use_bias=False,
                                                                             kernel_initializer="identity")])
    X = np.array([[1.0, 2.0, 3.0], [3.0, 0.0, -1.0], [0.0, 5.0, 1.0], [2.0, 1.0, 0.0]], dtype=np.float32)
    np.testing.assert_array_equal(reference.predict_labels(identity, X), [2, 0, 1, 0])
    assert reference.count_errors(identity, X, np.array([2, 0, 0, 1])) == 2
    assert reference.count_errors(identity, X, np.array([2, 0, 1, 0])) == 0
    np.testing.assert_allclose(reference.probabilities(identity, X[:3]),
                               [[0.09003057, 0.24472847, 0.66524096], [0.93623955, 0.04661262, 0.01714783],
                                [0.00657326, 0.97555875, 0.01786798]], atol=1e-7)
