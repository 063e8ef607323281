"""practice_lab_digits: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np
import tensorflow as tf

from ..checks import (check_close, check_equal, check_layers, check_no_float_errors, check_optimizer,
                      check_probabilities, check_true)
from ..data import digits_split
from .maths import accuracy, dense_forward, model_outputs as scores, predict_labels, softmax, sparse_cross_entropy

# Exercise 2: the network the lab asks for, as course_utils.checks.describe_layers reports it.
INPUT_SIZE = 400
LAYERS = [("Dense", 25, "relu"), ("Dense", 15, "relu"), ("Dense", 10, "linear")]
LOSS_NAMES = ["SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"]
OPTIMIZER, LEARNING_RATE = "Adam", 1e-3
PARAMETER_COUNT = (400 * 25 + 25) + (25 * 15 + 15) + (15 * 10 + 10)  # 10575
# Exercise 3: the held-out accuracy a trained model must reach.
MIN_ACCURACY = 0.90


def my_softmax(z):
    """Softmax of a 1-D array of scores (stable: shifted by the maximum)."""
    return softmax(np.asarray(z, dtype=float))


def build_model():
    """The exercise 2 network, compiled: 400 inputs -> 25 ReLU -> 15 ReLU -> 10 linear scores (logits)."""
    model = keras.Sequential([
        keras.Input(shape=(INPUT_SIZE,)),
        keras.layers.Dense(25, activation="relu"),
        keras.layers.Dense(15, activation="relu"),
        keras.layers.Dense(10, activation="linear"),
    ], name="digit_classifier")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE))
    return model


def probabilities(model, X):
    """The softmax of every row of the model's scores: shape (m, 10), each row sums to 1."""
    return softmax(scores(model, X))


def count_errors(model, X, y):
    """How many rows of X the model labels differently from y."""
    return int(np.sum(predict_labels(model, X) != np.asarray(y)))



def check_my_softmax(students_my_softmax):
    """Exercise 1: random scores of three lengths against tf.nn.softmax and the reference, the scores unchanged."""
    rng = np.random.default_rng(31415)
    for n in (2, 7, 10):
        z = rng.normal(scale=4.0, size=n)
        copy = z.copy()
        check_probabilities(f"my_softmax on random scores of length {n} (vs tf.nn.softmax)", students_my_softmax(z),
                            tf.nn.softmax(z).numpy(), show_values=False)
        check_close(f"my_softmax on random scores of length {n}", students_my_softmax(z), my_softmax(z),
                    show_values=False)
        check_close("the scores after calling my_softmax (they must not change)", z, copy, atol=0, rtol=0,
                    show_values=False)



def check_my_softmax_overflow(students_my_softmax):
    """Exercise 1's overflow guard: random scores in the hundreds, without a floating-point error."""
    z = np.random.default_rng(27183).normal(scale=300.0, size=10)
    check_close("my_softmax on random scores in the hundreds",
                check_no_float_errors("my_softmax", students_my_softmax, z), tf.nn.softmax(z).numpy(),
                show_values=False)

def check_model(model):
    """Exercise 2: the layers and parameter count asked for, its scores for random images against a NumPy forward
    pass, its loss from logits against Keras and the reference, and its optimizer."""
    check_layers("the model's layers", model, LAYERS)
    check_equal("the number of parameters", int(model.count_params()), PARAMETER_COUNT)
    rng = np.random.default_rng(27182)
    X = rng.uniform(size=(9, 400)).astype(np.float32)
    layers = [layer.get_weights() for layer in model.layers]  # ReLU hidden layers, linear output: LAYERS
    check_close("the model's scores for random images (vs a NumPy forward pass)", np.asarray(model(X)),
                dense_forward(layers, X), atol=1e-4, rtol=1e-4, show_values=False)
    labels = rng.integers(0, 10, size=9)
    logits = rng.normal(scale=3.0, size=(9, 10)).astype(np.float32)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
    check_close("the model's loss on random scores (vs Keras from logits)", float(model.loss(labels, logits)),
                float(keras_loss), rtol=1e-5, show_values=False)
    check_close("the model's loss on random scores", float(model.loss(labels, logits)),
                sparse_cross_entropy(logits, labels), rtol=1e-5, show_values=False)
    check_optimizer("the model's optimizer", model, OPTIMIZER, LEARNING_RATE)


def check_trained(model, model_problem):
    """Exercise 3: the held-out accuracy; ``model_problem`` says what is wrong with exercise 2's model, if anything."""
    _, X_test, _, y_test = digits_split()
    held_out = accuracy(model, X_test, y_test)
    check_true(held_out >= MIN_ACCURACY, f"your trained model labels {held_out:.1%} of the held-out digits "
                                         f"correctly; at least {MIN_ACCURACY:.0%} is needed." + model_problem)


def _trained_digit_model(model):
    """``model`` when it is exercise 3's trained model of 10 outputs (else None: it is checked there)."""
    try:
        return model if model is not None and model.output_shape == (None, 10) else None
    except AttributeError:
        return None


def check_predictions(predict_digits, digit_probabilities, scores_model, model):
    """Exercise 4: labels and probabilities for random scores (``scores_model``'s scores are its inputs) against
    their argmax, tf.nn.softmax and the reference; and for the trained ``model`` (None when there is none) on
    held-out digits."""
    rng = np.random.default_rng(16180)
    X = rng.normal(scale=3.0, size=(32, 3)).astype(np.float32)  # scores_model's scores are these numbers
    labels = predict_digits(scores_model, X)
    check_close("predict_digits on random scores (vs their argmax)", labels, np.argmax(X, axis=1), atol=0, rtol=0,
                show_values=False)
    check_close("predict_digits on random scores", labels, predict_labels(scores_model, X), atol=0, rtol=0,
                show_values=False)
    check_true(np.issubdtype(np.asarray(labels).dtype, np.integer), "predict_digits should return integer labels.")
    probabilities_given = digit_probabilities(scores_model, X)
    check_probabilities("digit_probabilities on random scores (vs tf.nn.softmax)", probabilities_given,
                        tf.nn.softmax(X.astype(float), axis=1).numpy(), atol=1e-6, show_values=False)
    check_close("digit_probabilities on random scores", probabilities_given, probabilities(scores_model, X),
                atol=1e-6, show_values=False)
    _, X_test, _, _ = digits_split()
    trained = _trained_digit_model(model)
    if trained is not None:
        sample = X_test[rng.choice(len(X_test), size=64, replace=False)]
        check_close("predict_digits on your model and held-out digits", predict_digits(trained, sample),
                    predict_labels(trained, sample), atol=0, rtol=0, show_values=False)
        check_close("digit_probabilities on your model and held-out digits", digit_probabilities(trained, sample),
                    probabilities(trained, sample), atol=1e-6, show_values=False)


def check_count_errors(students_count_errors, scores_model, model):
    """Exercise 5: errors on random scores and labels against their argmax and the reference; and for the trained
    ``model`` (None when there is none) on the held-out digits."""
    rng = np.random.default_rng(14142)
    X = rng.normal(scale=3.0, size=(64, 3)).astype(np.float32)  # scores_model's scores are these numbers
    y = rng.integers(0, 3, size=64)
    errors = students_count_errors(scores_model, X, y)
    check_close("count_errors on random scores and labels (vs their argmax)", errors,
                int(np.sum(np.argmax(X, axis=1) != y)), atol=0, rtol=0, show_values=False)
    check_close("count_errors on random scores and labels", errors, count_errors(scores_model, X, y), atol=0, rtol=0,
                show_values=False)
    _, X_test, _, y_test = digits_split()
    trained = _trained_digit_model(model)
    if trained is not None:
        check_close("count_errors on your model and the held-out digits",
                    students_count_errors(trained, X_test, y_test), count_errors(trained, X_test, y_test), atol=0,
                    rtol=0, show_values=False)
