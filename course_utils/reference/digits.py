"""Reference answers for the handwritten-digits practice lab."""
import keras
import numpy as np

from .softmax import softmax

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


def scores(model, X):
    """The model's scores (logits) for a whole batch at once, as float64.

    One direct call ``model(X)``: the same numbers as ``model.predict(X)`` (up to float32 rounding), without the
    set-up cost of ``predict``, so that the hidden tests stay fast.
    """
    return np.asarray(model(np.asarray(X, dtype=np.float32), training=False), dtype=float)


def predict_labels(model, X):
    """The predicted digit of every row of X: the index of the largest score."""
    return np.argmax(scores(model, X), axis=1)


def probabilities(model, X):
    """The softmax of every row of the model's scores: shape (m, 10), each row sums to 1."""
    return softmax(scores(model, X))


def count_errors(model, X, y):
    """How many rows of X the model labels differently from y."""
    return int(np.sum(predict_labels(model, X) != np.asarray(y)))


def accuracy(model, X, y):
    """The share of rows of X that the model labels correctly."""
    return float(np.mean(predict_labels(model, X) == np.asarray(y)))
