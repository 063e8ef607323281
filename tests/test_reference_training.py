"""The reference answers of the training lab agree with independent oracles (Keras losses, tf.nn), and the
reference classifier reaches the accuracy the lab asks for."""
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import data
from course_utils.checks import describe_layers, describe_loss
from course_utils.reference import training as reference

RNG = np.random.default_rng(20260112)


@pytest.mark.parametrize("shape", [(1,), (9,), (50, 1), (6, 3)])
def test_binary_cross_entropy_matches_keras(shape):
    y = RNG.integers(0, 2, size=shape).astype(float)
    p = RNG.uniform(0.001, 0.999, size=shape)
    keras_loss = keras.losses.BinaryCrossentropy()(y.reshape(-1, 1), p.reshape(-1, 1))
    assert reference.binary_cross_entropy(y, p) == pytest.approx(float(keras_loss), rel=1e-5)


def test_binary_cross_entropy_matches_keras_on_soft_labels():
    y = RNG.uniform(size=(20, 1))
    p = RNG.uniform(0.01, 0.99, size=(20, 1))
    assert reference.binary_cross_entropy(y, p) == pytest.approx(float(keras.losses.BinaryCrossentropy()(y, p)),
                                                                 rel=1e-5)


def test_binary_cross_entropy_matches_tf_sigmoid_cross_entropy_with_logits():
    z = RNG.normal(scale=4.0, size=30)
    y = RNG.integers(0, 2, size=30).astype(float)
    per_example = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z).numpy()
    assert reference.binary_cross_entropy(y, 1.0 / (1.0 + np.exp(-z))) == pytest.approx(per_example.mean(), rel=1e-9)


def test_binary_cross_entropy_clips_certain_predictions():
    assert reference.binary_cross_entropy(np.array([1, 0]), np.array([0.0, 1.0])) == pytest.approx(-math.log(1e-7))
    assert reference.binary_cross_entropy(np.array([1, 0]), np.array([1.0, 0.0])) == pytest.approx(1e-7, rel=1e-6)
    # Keras clips the same way (in float32, where 1 - 1e-7 rounds to 1 - 1.19e-7).
    keras_wrong = float(keras.losses.BinaryCrossentropy()(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]])))
    assert keras_wrong == pytest.approx(-(math.log(1e-7) + math.log(1 - np.float32(1 - 1e-7))) / 2, rel=1e-5)


def test_moons_classifier_is_the_specified_model():
    model = reference.moons_classifier()
    assert model.input_shape == (None, 2)
    assert describe_layers(model) == [("Dense", 16, "relu"), ("Dense", 8, "relu"), ("Dense", 1, "sigmoid")]
    assert describe_loss(model) == ("BinaryCrossentropy", False)
    assert type(model.optimizer).__name__ == "Adam"
    assert float(model.optimizer.learning_rate) == pytest.approx(reference.LEARNING_RATE)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_moons_classifier_reaches_the_stated_accuracy(seed):
    keras.utils.set_random_seed(seed)
    X, y = data.two_moons()
    X_train, X_val, y_train, y_val = data.split(X, y, test_fraction=0.2, seed=0)
    X_new, y_new = data.two_moons(400, seed=2024)
    model = reference.moons_classifier()
    history = model.fit(X_train, y_train, epochs=reference.EPOCHS, batch_size=reference.BATCH_SIZE, verbose=0)
    steps_per_epoch = math.ceil(len(X_train) / reference.BATCH_SIZE)
    assert history.params["steps"] == steps_per_epoch == 13
    assert int(model.optimizer.iterations) == reference.EPOCHS * steps_per_epoch
    margin = 0.03  # the lab's threshold must be reachable with room to spare
    for X_check, y_check in ((X_val, y_val), (X_new, y_new)):
        accuracy = np.mean((model.predict(X_check, verbose=0)[:, 0] >= 0.5) == y_check)
        assert accuracy >= reference.MIN_ACCURACY + margin


def test_loss_choices_are_balanced_and_well_formed():
    values = list(reference.LOSS_CHOICES.values())
    assert set(values) == {"mse", "binary_crossentropy"}
    assert values.count("mse") == values.count("binary_crossentropy")
    assert all(name.startswith("loss_for_") for name in reference.LOSS_CHOICES)
