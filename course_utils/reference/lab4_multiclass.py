"""lab4_multiclass: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np
import tensorflow as tf

from ..checks import (check_close, check_equal, check_loss, check_optimizer, check_probabilities, check_true,
                      describe_layers)
from ..data import make_blobs, split
from ..grading.hidden import in_kernel
from .maths import (accuracy, dense_forward, model_outputs as logits_of, predict_labels, softmax,
                    sparse_cross_entropy)

# What the lab asks for: 2 inputs -> HIDDEN_UNITS ReLU units -> N_CLASSES linear outputs, trained with Adam.
HIDDEN_UNITS = 4
N_CLASSES = 4
LEARNING_RATE = 0.01
# The lab's data: four clusters on a diamond, 1000 points, a quarter of them held out.
CENTERS = ((0.0, 3.0), (3.0, 0.0), (0.0, -3.0), (-3.0, 0.0))
SPREAD = 1.0
DATA_SEED = 44
SPLIT_SEED = 4
TEST_FRACTION = 0.25
ACCURACY_THRESHOLD = 0.9


def lab_data():
    """The lab's X_train, X_test, y_train, y_test, made exactly as the notebook makes them."""
    X_all, y_all = make_blobs(1000, CENTERS, spread=SPREAD, seed=DATA_SEED)
    return split(X_all, y_all, test_fraction=TEST_FRACTION, seed=SPLIT_SEED)


def build_model(hidden_units=HIDDEN_UNITS, n_features=2, n_classes=N_CLASSES):
    """Input -> Dense(hidden_units, ReLU) -> Dense(n_classes) with a linear output (it returns logits)."""
    layers = [keras.Input(shape=(n_features,)),
              keras.layers.Dense(hidden_units, activation="relu"),
              keras.layers.Dense(n_classes, activation="linear")]
    return keras.Sequential(layers)


def compile_model(model, learning_rate=LEARNING_RATE):
    """Cross-entropy computed from the logits, and Adam."""
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss, metrics=["accuracy"])
    return model


def predict_probabilities(model, X):
    """Row-wise softmax of the logits."""
    return softmax(logits_of(model, X))


def model_with_weights(weights, activation="relu"):
    """A Sequential model of Dense layers whose (kernel, bias) pairs are ``weights``: hidden layers use
    ``activation``, the last is linear. Handy for tests on models a student never saw."""
    layers = [keras.Input(shape=(np.shape(weights[0][0])[0],))]
    for index, (kernel, bias) in enumerate(weights):
        last = index == len(weights) - 1
        layers.append(keras.layers.Dense(np.shape(kernel)[1], activation="linear" if last else activation))
    model = keras.Sequential(layers)
    model.set_weights([np.asarray(array, dtype=np.float32) for pair in weights for array in pair])
    return model


def random_model(rng, sizes, scale=1.0):
    """``model_with_weights`` with normal random weights of the given layer ``sizes`` (inputs first), scaled."""
    weights = [(rng.normal(scale=scale, size=(n_in, n_out)), rng.normal(scale=scale, size=n_out))
               for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return model_with_weights(weights)


def check_build_model(students_build_model):
    """Exercise 1: a new model on every call, the layers asked for, and outputs that are its weights' forward pass."""
    first, second = students_build_model(), students_build_model()
    check_true(first is not second and first.layers[0] is not second.layers[0],
               "build_model() must build a new model on every call")
    check_equal("the layers of build_model() compared with the reference", describe_layers(first),
                describe_layers(build_model()))
    rng = np.random.default_rng(4101)
    points = rng.normal(scale=3.0, size=(9, 2)).astype(np.float32)
    w1, b1, w2, b2 = first.get_weights()
    check_close("build_model()'s outputs on random points vs relu(x W1 + b1) W2 + b2 computed from its weights",
                first(points), dense_forward([(w1, b1), (w2, b2)], points), atol=1e-5, show_values=False)


def check_compile_model(students_compile_model):
    """Exercise 2: another model, compiled by the student's function where it lives, gets the loss from logits and
    Adam, and its loss agrees with Keras and the reference on random logits."""
    rng = np.random.default_rng(4202)
    other = in_kernel(random_model(rng, (3, 5, 6)))  # compile_model changes it there
    check_true(students_compile_model(other) is other, "compile_model on another model should return that model")
    loss_names = ["SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"]
    check_loss("the loss of another model compiled with compile_model", other, loss_names, from_logits=True)
    check_optimizer("the optimizer of another model compiled with compile_model", other, "Adam", 0.01)
    logits = rng.normal(scale=5.0, size=(10, 6)).astype(np.float32)
    labels = rng.integers(0, 6, size=10)
    keras_value = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits))
    check_close("the compiled loss on random logits vs Keras's cross-entropy from logits",
                float(other.loss(labels, logits)), keras_value, rtol=1e-5, show_values=False)
    check_close("the compiled loss on random logits vs the reference cross-entropy",
                float(other.loss(labels, logits)), sparse_cross_entropy(logits, labels), rtol=1e-5, show_values=False)


def check_predict_probabilities(students_predict_probabilities):
    """Exercise 3: models the student never saw, one point, logits near 5000 and in the tens of thousands, against
    tf.nn.softmax and the reference."""
    rng = np.random.default_rng(4303)
    unseen = random_model(rng, (3, 5, 6))
    points = rng.normal(size=(11, 3)).astype(np.float32)
    got = students_predict_probabilities(unseen, points)
    check_probabilities("predict_probabilities on a model you never saw (3 inputs, 6 classes) vs tf.nn.softmax of "
                        "its outputs", got, tf.nn.softmax(unseen(points), axis=-1).numpy(), show_values=False)
    check_close("predict_probabilities on a model you never saw (3 inputs, 6 classes) vs the reference",
                got, predict_probabilities(unseen, points), show_values=False)
    check_close("predict_probabilities for a single point", students_predict_probabilities(unseen, points[:1]),
                predict_probabilities(unseen, points[:1]), show_values=False)
    offset = model_with_weights([(rng.normal(size=(2, 5)), 5000.0 + rng.normal(scale=2.0, size=5))])
    far = rng.normal(scale=2.0, size=(7, 2)).astype(np.float32)
    check_close("predict_probabilities on a model whose logits are all near 5000",
                students_predict_probabilities(offset, far), predict_probabilities(offset, far), atol=1e-5,
                show_values=False)
    loud = random_model(rng, (2, 4, 4), scale=30.0)
    far = rng.normal(scale=10.0, size=(8, 2)).astype(np.float32)
    check_close("predict_probabilities on a model whose logits are in the tens of thousands",
                students_predict_probabilities(loud, far), tf.nn.softmax(loud(far), axis=-1).numpy(), atol=1e-5,
                show_values=False)


def check_predict_labels(students_predict_labels):
    """Exercise 4: a model the student never saw, and one point, against the argmax of its outputs and the
    reference."""
    rng = np.random.default_rng(4404)
    unseen = random_model(rng, (3, 5, 6))
    points = rng.normal(size=(13, 3)).astype(np.float32)
    got = np.asarray(students_predict_labels(unseen, points))
    check_equal("predict_labels on a model you never saw (3 inputs, 6 classes) vs the argmax of its outputs",
                got, np.argmax(np.asarray(unseen(points)), axis=1))
    check_equal("predict_labels on a model you never saw (3 inputs, 6 classes) vs the reference",
                got, predict_labels(unseen, points))
    check_equal("predict_labels for a single point", np.asarray(students_predict_labels(unseen, points[:1])),
                predict_labels(unseen, points[:1]))


def check_trained(model, test_accuracy, model_problem):
    """Exercise 5: the trained model's accuracy on the held-out points (as test_accuracy says) and on new points,
    and its training loss; ``model_problem`` says what is wrong with exercises 1 and 2's model, if anything."""
    X_train, X_test, y_train, y_test = lab_data()
    held_out = accuracy(model, X_test, y_test)
    check_true(held_out >= ACCURACY_THRESHOLD,
               f"the trained model's accuracy on the held-out points is below {ACCURACY_THRESHOLD}." + model_problem)
    check_close("test_accuracy vs the accuracy of the trained model on the held-out points", test_accuracy, held_out,
                show_values=False)
    X_new, y_new = make_blobs(600, CENTERS, spread=SPREAD, seed=4505)
    check_true(accuracy(model, X_new, y_new) >= 0.88,
               "the trained model's accuracy on new points from the same four clusters is below 0.88")
    training_loss = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y_train, model(X_train)))
    check_true(training_loss < 0.5, "the trained model's cross-entropy on the training set is above 0.5: was it "
                                    "trained?")
