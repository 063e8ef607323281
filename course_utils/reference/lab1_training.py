"""lab1_training: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np

from ..checks import (check_close, check_equal, check_layers, check_loss, check_optimizer, check_true,
                      describe_layers, describe_loss)
from ..data import two_moons
from .maths import KERAS_EPSILON, binary_cross_entropy  # Exercise 2's answer

# Exercise 1: the classifier of the two moons and how it is trained.
HIDDEN_UNITS = (16, 8)
LEARNING_RATE = 0.01
EPOCHS = 20
BATCH_SIZE = 64
MIN_ACCURACY = 0.9

# Exercise 2: the clipping of the predicted probabilities (Keras's default epsilon).
EPSILON = KERAS_EPSILON

# Exercise 3: the loss for each described task.
LOSS_CHOICES = {
    "loss_for_house_price": "mse",
    "loss_for_spam": "binary_crossentropy",
    "loss_for_temperature": "mse",
    "loss_for_click": "binary_crossentropy",
    "loss_for_defect": "binary_crossentropy",
    "loss_for_exam_score": "mse",
}


# Why each choice is right: the feedback names a wrong choice with its reason.
LOSS_REASONS = {
    "loss_for_house_price": "a price is a number on a continuous scale, so this is regression: mean squared error",
    "loss_for_spam": "every email is labelled spam (1) or not (0), so this is binary classification: binary "
                     "cross-entropy",
    "loss_for_temperature": "a temperature is a number on a continuous scale, so this is regression: mean squared "
                            "error",
    "loss_for_click": "the model outputs a probability, but the labels it learns from are clicked (1) or not (0): "
                      "binary classification, so binary cross-entropy",
    "loss_for_defect": "every part is labelled defective (1) or not (0), so this is binary classification: binary "
                       "cross-entropy",
    "loss_for_exam_score": "a score out of 100 is a number on a scale (bounded, but not a yes/no label), so this is "
                           "regression: mean squared error",
}


def loss_choice_mistakes(answers, names):
    """One sentence for each of ``names`` whose answer is not the right loss, saying why the right one is right."""
    return [f"{name} = {answers.get(name)!r} is not the loss for this task: {LOSS_REASONS[name]}."
            for name in names if answers.get(name) != LOSS_CHOICES[name]]


def moons_classifier():
    """The compiled, untrained classifier that Exercise 1 asks for."""
    hidden = [keras.layers.Dense(units, activation="relu") for units in HIDDEN_UNITS]
    reference_model = keras.Sequential([keras.Input(shape=(2,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
    reference_model.compile(loss=keras.losses.BinaryCrossentropy(),
                            optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE), metrics=["accuracy"])
    return reference_model



def check_model(model):
    """Exercise 1: the model's layers are the ones asked for."""
    check_layers("the model's layers", model, describe_layers(moons_classifier()))


def check_compiled(model):
    """Exercise 1: the model's loss and optimizer are the ones asked for."""
    reference_model = moons_classifier()
    check_loss("the model's loss", model, [describe_loss(reference_model)[0], "binary_crossentropy"], from_logits=False)
    check_optimizer("the model's optimizer", model, type(reference_model.optimizer).__name__, LEARNING_RATE)


def check_trained(model):
    """Exercise 1: the trained model gives probabilities for new points and labels enough of them correctly."""
    X_new, y_new = two_moons(400, seed=2024)
    new_probabilities = np.asarray(model.predict(X_new, verbose=0))
    check_equal("the shape of the model's predictions for new points", new_probabilities.shape, (len(X_new), 1))
    check_true(bool(np.all((new_probabilities >= 0) & (new_probabilities <= 1))),
               "the model's outputs for new points: expected probabilities between 0 and 1")
    new_accuracy = float(np.mean((new_probabilities[:, 0] >= 0.5) == y_new))
    keras_accuracy = float(keras.metrics.BinaryAccuracy()(y_new.reshape(-1, 1), new_probabilities))
    check_close("the accuracy on new points (vs Keras's BinaryAccuracy)", new_accuracy, keras_accuracy,
                show_values=False)
    check_true(new_accuracy >= MIN_ACCURACY,
               f"accuracy on {len(y_new)} new points the model never saw: expected at least {MIN_ACCURACY}, "
               f"got {new_accuracy:.3f}")


def check_binary_cross_entropy(students_binary_cross_entropy):
    """Exercise 2: random labels and probabilities, some exactly 0 or 1, against Keras and the reference."""
    rng = np.random.default_rng(4411)
    keras_bce = keras.losses.BinaryCrossentropy()
    for m in (7, 120):
        y = rng.integers(0, 2, size=m)
        p = rng.uniform(0.001, 0.999, size=m)
        check_close(f"binary_cross_entropy on {m} random examples vs Keras", students_binary_cross_entropy(y, p),
                    float(keras_bce(y.reshape(-1, 1), p.reshape(-1, 1))), rtol=1e-5, show_values=False)
        check_close(f"binary_cross_entropy on {m} random examples", students_binary_cross_entropy(y, p),
                    binary_cross_entropy(y, p), rtol=1e-9, show_values=False)
    y = rng.integers(0, 2, size=(30, 1)).astype(float)
    p = rng.uniform(size=(30, 1))
    p[:4] = [[0.0], [1.0], [0.0], [1.0]]
    check_close("binary_cross_entropy on random examples of shape (30, 1), some predictions exactly 0 or 1",
                students_binary_cross_entropy(y, p), binary_cross_entropy(y, p), rtol=1e-9, show_values=False)
    y = rng.integers(0, 2, size=50)
    check_close("binary_cross_entropy when every prediction equals its label",
                students_binary_cross_entropy(y, y.astype(float)), binary_cross_entropy(y, y.astype(float)),
                atol=1e-6, show_values=False)


def check_loss_choices(loss_answers, *names):
    """Exercise 3: the loss chosen for each of the tasks ``names``; the feedback says why a wrong one is wrong."""
    wrong = loss_choice_mistakes(loss_answers, names)
    check_true(not wrong, "\n".join(wrong))
