"""The reference answers of the training lab agree with independent oracles (Keras losses, tf.nn), and the
reference classifier reaches the accuracy the lab asks for."""
import math

import keras
import numpy as np
import pytest

from course_utils import data
from course_utils.checks import describe_layers, describe_loss
from course_utils.reference import lab1_training as reference, maths

RNG = np.random.default_rng(20260112)


def test_exercise_2_answer_is_the_shared_binary_cross_entropy():
    assert reference.binary_cross_entropy is maths.binary_cross_entropy and reference.EPSILON == 1e-7


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
