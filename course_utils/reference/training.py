"""Reference answers for the lab on training with TensorFlow (lab1_training)."""
import keras
import numpy as np

# Exercise 1: the classifier of the two moons and how it is trained.
HIDDEN_UNITS = (16, 8)
LEARNING_RATE = 0.01
EPOCHS = 20
BATCH_SIZE = 64
MIN_ACCURACY = 0.9

# Exercise 2: the clipping of the predicted probabilities (Keras's default epsilon).
EPSILON = 1e-7

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


def binary_cross_entropy(y, p, epsilon=EPSILON):
    """Mean binary cross-entropy of labels ``y`` under probabilities ``p``, clipped to [epsilon, 1 - epsilon]."""
    labels = np.asarray(y, dtype=float)
    clipped = np.clip(np.asarray(p, dtype=float), epsilon, 1.0 - epsilon)
    per_example = -(labels * np.log(clipped) + (1.0 - labels) * np.log1p(-clipped))
    return float(per_example.mean())
