"""What the labs say about Keras's softmax and sigmoid outputs and `from_logits`, checked against the installed Keras.

lab1_training, lab3_softmax, lab4_multiclass, lab5_multilabel and practice_lab_digits teach these facts, and their
demo cells print some of them; if an upgrade of Keras changes one, a test here fails and names it. The measured
facts (Keras 3.15, TensorFlow backend):

* Inside `fit` and `evaluate`, a softmax or sigmoid output layer hands the cross-entropy loss the scores (logits) it
  was computed from: the loss is the exact one, as with a linear output and `from_logits=True`. It also happens when
  `model(X)` itself goes to the loss. It is the TensorFlow backend's doing, not something the losses document.
* Probabilities that leave the model (`model.predict`) carry no scores: the loss clips them to
  [1e-7, 1 - 1e-7], and a hand-written log of a probability that rounded to 0 is infinite.
* Anything computed between the softmax and the loss (a cast, a product) hides the scores in the same way.
* So the softmax-output and the linear-output networks of the labs, from the same weights and batches, train to the
  very same weights.
"""
import inspect
import math
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import data
from course_utils.reference import lab4_multiclass

SCORES = np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32)  # lab3: class 0 is sure of itself, the true class is 1
LABEL = np.array([1])
EXACT = 1000.0                 # -log softmax(SCORES)[1] = log(e^1000 + 1 + e^-1000) - 0
CLIPPED = 16.118095            # -log(1e-7) in 32-bit floats: the most a clipped cross-entropy can report
LEARNING_RATE = 1e-3


def pass_through(n, *after, activation=None, loss, run_eagerly=False):
    """A model whose Dense output layer hands on its n inputs unchanged (identity weights, zero biases), then applies
    `activation` and the layers `after`; compiled with `loss` and plain SGD so that one step shows the gradient."""
    model = keras.Sequential([keras.Input(shape=(n,)), keras.layers.Dense(n, activation=activation), *after])
    model.set_weights([np.eye(n), np.zeros(n)])
    model.compile(loss=loss, optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), run_eagerly=run_eagerly)
    return model


def sparse_ce(**options):
    return keras.losses.SparseCategoricalCrossentropy(**options)


def binary_ce(**options):
    return keras.losses.BinaryCrossentropy(**options)


def output_bias_after_one_step(model, X, y):
    """One SGD step on (X, y); returns the loss fit reported and the output layer's bias after the step."""
    history = model.fit(X, y, epochs=1, batch_size=len(X), verbose=0)
    return history.history["loss"][0], model.layers[0].get_weights()[1]


def test_the_labs_run_keras_3_on_the_tensorflow_backend():
    assert keras.backend.backend() == "tensorflow"
    assert keras.__version__.startswith("3.")


# ------------------------------------------------------------------------------------- softmax (lab3, lab4, digits)

@pytest.mark.parametrize("activation, loss", [("softmax", sparse_ce()), ("linear", sparse_ce(from_logits=True))],
                         ids=["softmax output", "linear output + from_logits"])
def test_evaluate_reports_the_exact_loss_for_both_output_layers(activation, loss):
    model = pass_through(3, activation=activation, loss=loss)
    assert model.evaluate(SCORES, LABEL, verbose=0) == pytest.approx(EXACT, rel=1e-6)


@pytest.mark.parametrize("activation, loss", [("softmax", sparse_ce()), ("linear", sparse_ce(from_logits=True))],
                         ids=["softmax output", "linear output + from_logits"])
def test_fit_computes_the_loss_and_its_gradient_from_the_scores(activation, loss):
    """The gradient of the cross-entropy with respect to the scores is softmax - one-hot = [1, -1, 0] here."""
    reported, bias = output_bias_after_one_step(pass_through(3, activation=activation, loss=loss), SCORES, LABEL)
    assert reported == pytest.approx(EXACT, rel=1e-6)
    np.testing.assert_allclose(bias, [-LEARNING_RATE, LEARNING_RATE, 0.0], rtol=1e-6, atol=1e-12)


def test_probabilities_from_predict_are_only_numbers_the_loss_clips():
    model = pass_through(3, activation="softmax", loss=sparse_ce())
    probabilities = model.predict(SCORES, verbose=0)
    assert isinstance(probabilities, np.ndarray)
    np.testing.assert_array_equal(probabilities, [[1.0, 0.0, 0.0]])
    assert float(sparse_ce()(LABEL, probabilities)) == pytest.approx(CLIPPED, abs=1e-5)
    assert float(sparse_ce()(LABEL, tf.constant(probabilities))) == pytest.approx(CLIPPED, abs=1e-5)
    with np.errstate(divide="ignore"):
        assert -np.log(probabilities[0, 1]) == np.inf


def test_clipping_is_at_keras_epsilon():
    assert keras.config.epsilon() == 1e-7
    assert CLIPPED == pytest.approx(-math.log(1e-7), abs=1e-5)


def test_model_output_passed_straight_to_the_loss_keeps_its_scores():
    """The scores ride on the output tensor, so a custom training loop that gives Keras's loss `model(X)` gets the
    exact loss and gradient; a hand-written log of the same probabilities is infinite."""
    model = pass_through(3, activation="softmax", loss=sparse_ce())
    with tf.GradientTape(persistent=True) as tape:
        probabilities = model(SCORES)
        keras_loss = sparse_ce()(LABEL, probabilities)
        by_hand = -tf.math.log(probabilities[0, 1])
    assert float(keras_loss) == pytest.approx(EXACT, rel=1e-6)
    np.testing.assert_allclose(tape.gradient(keras_loss, model.layers[0].bias), [1.0, -1.0, 0.0], atol=1e-6)
    assert float(by_hand) == math.inf


@pytest.mark.parametrize("after, activation, run_eagerly, expected", [
    ([keras.layers.Activation("softmax")], None, False, EXACT),
    ([keras.layers.Softmax()], None, False, EXACT),
    ([], keras.activations.softmax, False, EXACT),
    ([], "softmax", True, EXACT),
    # tf.nn.softmax attaches no scores; fit and evaluate (compiled graphs) find them through the graph's Softmax op,
    # but not when the model runs eagerly.
    ([keras.layers.Lambda(lambda t: tf.nn.softmax(t))], None, False, EXACT),
    ([keras.layers.Lambda(lambda t: tf.nn.softmax(t))], None, True, CLIPPED),
    # Anything computed after the softmax hides the scores.
    ([keras.layers.Lambda(lambda t: tf.cast(t, "float64"))], "softmax", False, CLIPPED),
    ([keras.layers.Lambda(lambda t: t * 1.0)], "softmax", False, CLIPPED),
], ids=["Activation('softmax') layer", "Softmax() layer", "keras.activations.softmax", "softmax, run eagerly",
        "tf.nn.softmax in a Lambda", "tf.nn.softmax in a Lambda, run eagerly", "a cast after the softmax",
        "a product after the softmax"])
def test_which_softmax_outputs_hand_their_scores_to_the_loss(after, activation, run_eagerly, expected):
    model = pass_through(3, *after, activation=activation, loss=sparse_ce(), run_eagerly=run_eagerly)
    assert model.evaluate(SCORES, LABEL, verbose=0) == pytest.approx(expected, rel=1e-6)


def test_a_clipped_loss_has_no_gradient():
    """With the scores hidden (a cast after the softmax), fit reports the clipped loss and the step changes nothing:
    the clip is flat where it cuts."""
    model = pass_through(3, keras.layers.Lambda(lambda t: tf.cast(t, "float64")), activation="softmax",
                         loss=sparse_ce())
    reported, bias = output_bias_after_one_step(model, SCORES, LABEL)
    assert reported == pytest.approx(CLIPPED, abs=1e-5)
    np.testing.assert_array_equal(bias, np.zeros(3))


# ------------------------------------------------------------------------------------------- sigmoid (lab1, lab5)

SIGMOID_SCORE = np.array([[-1000.0]], dtype=np.float32)  # lab1: p = sigmoid(-1000) rounds to 0 ...
SIGMOID_LABEL = np.array([[1.0]])                          # ... while y = 1; exact loss log(1 + e^1000) = 1000


@pytest.mark.parametrize("activation, loss", [("sigmoid", binary_ce()), ("linear", binary_ce(from_logits=True))],
                         ids=["sigmoid output", "linear output + from_logits"])
def test_sigmoid_output_evaluate_and_fit_use_the_score(activation, loss):
    model = pass_through(1, activation=activation, loss=loss)
    assert model.evaluate(SIGMOID_SCORE, SIGMOID_LABEL, verbose=0) == pytest.approx(EXACT, rel=1e-6)
    reported, bias = output_bias_after_one_step(model, SIGMOID_SCORE, SIGMOID_LABEL)
    assert reported == pytest.approx(EXACT, rel=1e-6)
    np.testing.assert_allclose(bias, [LEARNING_RATE], rtol=1e-6)  # d loss / dz = sigmoid(z) - y = -1


def test_sigmoid_probability_from_predict_is_clipped_by_keras_and_by_the_lab1_formula():
    model = pass_through(1, activation="sigmoid", loss=binary_ce())
    p = model.predict(SIGMOID_SCORE, verbose=0)
    np.testing.assert_array_equal(p, [[0.0]])
    assert float(binary_ce()(SIGMOID_LABEL, p)) == pytest.approx(CLIPPED, abs=1e-5)
    clipped = np.clip(p, keras.config.epsilon(), 1 - keras.config.epsilon())  # lab1's binary_cross_entropy
    assert float(np.mean(-SIGMOID_LABEL * np.log(clipped) - (1 - SIGMOID_LABEL) * np.log(1 - clipped))) == \
        pytest.approx(CLIPPED, abs=1e-5)


def test_binary_crossentropy_clips_in_32_bit_floats():
    """lab1: 1 - 1e-7 rounds to 1 - 1.19e-7 in float32, so a certain wrong "yes" costs -log(1.19e-7), not 16.118."""
    assert float(np.float32(1 - 1e-7)) == 1 - 2.0 ** -23
    assert float(binary_ce()(np.array([[1.0]]), np.array([[0.0]]))) == pytest.approx(CLIPPED, abs=1e-5)
    assert float(binary_ce()(np.array([[0.0]]), np.array([[1.0]]))) == pytest.approx(-math.log(2.0 ** -23), abs=1e-5)


def test_binary_crossentropy_on_probabilities_agrees_with_numpy_to_about_7_digits():
    """lab1: away from the clip, Keras (32-bit) and the NumPy formula (64-bit) agree to about 7 digits."""
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, size=(1000, 1)).astype(float)
    p = rng.uniform(1e-6, 1 - 1e-6, size=(1000, 1))
    by_numpy = float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))
    assert float(binary_ce()(y, p)) == pytest.approx(by_numpy, rel=1e-6)


def test_three_sigmoid_outputs_as_in_lab5():
    scores, labels = np.full((1, 3), -1000.0, dtype=np.float32), np.ones((1, 3))
    sigmoid_output = pass_through(3, activation="sigmoid", loss=binary_ce())
    linear_output = pass_through(3, activation="linear", loss=binary_ce(from_logits=True))
    assert sigmoid_output.evaluate(scores, labels, verbose=0) == pytest.approx(EXACT, rel=1e-6)
    assert linear_output.evaluate(scores, labels, verbose=0) == pytest.approx(EXACT, rel=1e-6)
    probabilities = sigmoid_output.predict(scores, verbose=0)
    np.testing.assert_array_equal(probabilities, np.zeros((1, 3)))
    assert float(binary_ce()(labels, probabilities)) == pytest.approx(CLIPPED, abs=1e-5)


# ------------------------------------------------------------------------------ the labs' networks train alike

def lab3_data():
    return data.four_blobs()


def lab4_data():
    X_train, _, y_train, _ = lab4_multiclass.lab_data()
    return X_train, y_train


def digits_data():
    X_train, _, y_train, _ = data.digits_split()
    return X_train[:1000], y_train[:1000]


def lab5_data():
    return data.three_label_points(1000, seed=51)


@pytest.mark.parametrize("make_data, hidden, outputs, squash, loss, learning_rate", [
    (lab3_data, (25, 15), 4, "softmax", keras.losses.SparseCategoricalCrossentropy, 0.01),
    (lab4_data, (4,), 4, "softmax", keras.losses.SparseCategoricalCrossentropy, 0.01),
    (digits_data, (25, 15), 10, "softmax", keras.losses.SparseCategoricalCrossentropy, 0.001),
    (lab5_data, (16,), 3, "sigmoid", keras.losses.BinaryCrossentropy, 0.03),
], ids=["lab3", "lab4", "practice_lab_digits", "lab5"])
def test_softmax_or_sigmoid_output_and_linear_output_train_to_the_same_weights(make_data, hidden, outputs, squash,
                                                                               loss, learning_rate):
    """From the same weights and the same batches, the two ways of writing the output train identically."""
    X, y = make_data()

    def network(output_activation):
        return keras.Sequential([keras.Input(shape=(X.shape[1],)),
                                 *[keras.layers.Dense(units, activation="relu") for units in hidden],
                                 keras.layers.Dense(outputs, activation=output_activation)])

    squashed, linear = network(squash), network("linear")
    linear.set_weights(squashed.get_weights())
    trained = []
    for model, from_logits in ((squashed, False), (linear, True)):
        model.compile(loss=loss(from_logits=from_logits), optimizer=keras.optimizers.Adam(learning_rate=learning_rate))
        keras.utils.set_random_seed(12)  # the same shuffling: the same batches in the same order
        history = model.fit(X, y, epochs=2, verbose=0)
        trained.append((history.history["loss"], model.get_weights()))
    (squashed_losses, squashed_weights), (linear_losses, linear_weights) = trained
    assert squashed_losses == linear_losses
    assert squashed_losses[-1] < squashed_losses[0]
    for got, expected in zip(squashed_weights, linear_weights):
        np.testing.assert_array_equal(got, expected)


# ------------------------------------------------------------------- whose doing it is: the backend, not the loss

def test_the_losses_document_only_probabilities_for_from_logits_false():
    for loss in (keras.losses.SparseCategoricalCrossentropy, keras.losses.CategoricalCrossentropy,
                 keras.losses.BinaryCrossentropy):
        documentation = " ".join(loss.__doc__.split())
        assert "By default, we assume that `y_pred`" in documentation, loss.__name__
        assert "probabilit" in documentation.split("By default, we assume that `y_pred`")[1][:40], loss.__name__


def test_the_scores_are_looked_up_by_the_tensorflow_backend_not_by_the_losses():
    from keras.src.backend.tensorflow import nn as tensorflow_nn
    from keras.src.losses import losses

    assert "_keras_logits" in inspect.getsource(tensorflow_nn._get_logits)
    for name in ("sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy"):
        assert "_get_logits(" in inspect.getsource(getattr(tensorflow_nn, name)), name
    assert "_keras_logits" not in inspect.getsource(losses)
    # In this Keras version the other backends' cross-entropies (their source ships with Keras, though the backends
    # themselves are not installed here) do not look for the scores at all.
    backends = Path(tensorflow_nn.__file__).parents[1]
    for other in ("jax", "torch", "numpy"):
        source = (backends / other / "nn.py").read_text()
        assert "def sparse_categorical_crossentropy(" in source and "_keras_logits" not in source, other
