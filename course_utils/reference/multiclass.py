"""Reference answers for the multiclass lab (lab4_multiclass)."""
import keras
import numpy as np

from ..data import make_blobs, split

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


def logits_of(model, X):
    """The model's raw outputs for X as a float64 NumPy array."""
    return np.asarray(model(np.asarray(X, dtype=np.float32)), dtype=np.float64)


def predict_probabilities(model, X):
    """Row-wise softmax of the logits, shifted by each row's largest logit."""
    scores = logits_of(model, X)
    scores = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return weights / weights.sum(axis=1, keepdims=True)


def predict_labels(model, X):
    """Index of the largest logit of each row (softmax keeps the order, so no softmax is needed)."""
    return logits_of(model, X).argmax(axis=1)


def accuracy(model, X, y):
    """Share of rows whose predicted label equals y."""
    return float(np.mean(predict_labels(model, X) == np.asarray(y)))


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
