"""lab2_activations: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np
import tensorflow as tf

from ..checks import check_close, check_no_float_errors, check_true
from ..data import two_linear_layers
from .maths import relu, sigmoid


def linear(z):
    """The identity, in a new float array."""
    return np.array(z, dtype=float, copy=True)


# Exercise 2: what each task's labels look like, and every output activation that can predict such labels.
# * 0 or 1: the output is read as the probability that y = 1, so only sigmoid. (A linear output gives a logit, which
#   lab 3 pairs with from_logits=True; the exercise asks for the output that is the prediction itself.)
# * never negative: ReLU outputs exactly the possible values. Linear outputs every possible value too, and more (an
#   impossible negative one): lab 1 suggests it for every regression, house prices included, so it is accepted.
#   Sigmoid is wrong: it stays below 1.
# * either sign: only linear; ReLU never goes below 0, sigmoid stays between 0 and 1.
LABEL_KINDS = {"tumour": "0 or 1", "ad_click": "0 or 1", "house_price": "never negative",
               "rainfall": "never negative", "temperature_change": "either sign", "profit": "either sign"}
FITTING_ACTIVATIONS = {"0 or 1": ("sigmoid",), "never negative": ("relu", "linear"), "either sign": ("linear",)}
# The regression targets, as the messages name them.
QUANTITIES = {"house_price": "a house price in thousands of dollars", "rainfall": "rainfall in millimetres",
              "temperature_change": "a temperature change", "profit": "a profit"}
WHY_NOT = {
    ("0 or 1", "relu"): "relu outputs any number from 0 up, not a probability between 0 and 1",
    ("0 or 1", "linear"): "linear outputs any real number, not a probability between 0 and 1",
    ("never negative", "sigmoid"): "sigmoid outputs only values between 0 and 1, and {quantity} can be larger",
    ("either sign", "relu"): "relu never outputs a negative number, and {quantity} can be negative",
    ("either sign", "sigmoid"): "sigmoid outputs only values between 0 and 1, and {quantity} can be negative",
}
# The reference answer: the closest fit for each task (the first of its fitting activations).
OUTPUT_ACTIVATIONS = {task: FITTING_ACTIVATIONS[kind][0] for task, kind in LABEL_KINDS.items()}
HIDDEN_ACTIVATION = "relu"
NOT_A_NAME = 'use one of the strings "sigmoid", "relu" and "linear"'
HIDDEN_WHY_NOT = {
    "sigmoid": "sigmoid is not the usual default: it is flat on both sides, so gradient descent tends to train more "
               "slowly than with an activation that is flat on one side only",
    "linear": "linear hidden layers collapse into one linear layer (section 4), so the network is only a linear model",
}


def choice_mistakes(output_activation, hidden_activation):
    """One line per wrong choice in an answer to exercise 2, naming the task and why; empty when all are right.

    Expects the form the public tests check (a dict of the six tasks, each value one of the three names).
    """
    mistakes = []
    for task, kind in LABEL_KINDS.items():
        choice = dict.get(output_activation, task)
        if type(choice) is not str:  # exactly str: a subclass could redefine ==
            mistakes.append(f"output_activation[{task!r}] = {choice!r}: {NOT_A_NAME}.")
        elif choice not in FITTING_ACTIVATIONS[kind]:
            reason = WHY_NOT.get((kind, choice), NOT_A_NAME).format(quantity=QUANTITIES.get(task))
            mistakes.append(f"output_activation[{task!r}] = {choice!r}: {reason}.")
    if type(hidden_activation) is not str or hidden_activation != HIDDEN_ACTIVATION:
        reason = HIDDEN_WHY_NOT.get(hidden_activation, NOT_A_NAME) if type(hidden_activation) is str else NOT_A_NAME
        mistakes.append(f"hidden_activation = {hidden_activation!r}: {reason}.")
    return mistakes


def collapse_linear(model):
    """(W, b) of the single affine map x -> x W + b that a Keras model of two linear Dense layers computes."""
    (kernel_1, bias_1), (kernel_2, bias_2) = (layer.get_weights() for layer in model.layers)
    kernel_1, bias_1, kernel_2, bias_2 = (np.asarray(p, dtype=float) for p in (kernel_1, bias_1, kernel_2, bias_2))
    return np.einsum("ij,jk->ik", kernel_1, kernel_2), np.einsum("j,jk->k", bias_1, kernel_2) + bias_2


def piecewise_target(x):
    """The ReLU exercise's target, from its slopes: 2 on [0, 1], -1 on [1, 2], 0.5 on [2, 3], starting at 0.5."""
    x = np.asarray(x, dtype=float)
    first, second, third = np.clip(x, 0, 1), np.clip(x, 1, 2) - 1, np.clip(x, 2, 3) - 2
    return 0.5 + 2.0 * first - 1.0 * second + 0.5 * third


def relu_network(x, hidden_w, hidden_b, output_w, output_b):
    """a(x) = sum_j output_w[j] relu(hidden_w[j] x + hidden_b[j]) + output_b for a 1-D array x."""
    x = np.asarray(x, dtype=float)[:, None]
    pre = x * np.asarray(hidden_w, dtype=float)[None, :] + np.asarray(hidden_b, dtype=float)[None, :]
    return relu(pre).dot(np.asarray(output_w, dtype=float)) + float(output_b)


# One set of parameters that matches the target exactly: kinks at 0, 1, 2; output weights = changes of slope.
RELU_SOLUTION = {"hidden_w": (1.0, 1.0, 1.0), "hidden_b": (0.0, -1.0, -2.0), "output_w": (2.0, -3.0, 1.5),
                 "output_b": 0.5}


def check_activations(students_sigmoid, students_relu, students_linear):
    """Exercise 1: each activation on random inputs, large ones and both sides of 0, against TensorFlow/Keras and the
    reference, without a floating-point error and leaving its input alone."""
    rng = np.random.default_rng(6120)
    inputs = [rng.normal(scale=4.0, size=(5, 7)), rng.uniform(-3000.0, 3000.0, size=40),
              np.array([-746.0, -710.0, -40.0, -1e-9, 0.0, 1e-9, 40.0, 710.0, 746.0])]
    for name, student, oracle, reference in (("sigmoid", students_sigmoid, tf.nn.sigmoid, sigmoid),
                                             ("relu", students_relu, tf.nn.relu, relu),
                                             ("linear", students_linear, keras.activations.linear, linear)):
        for z in inputs:
            copy = z.copy()
            got = check_no_float_errors(f"{name} on random inputs", student, z)
            check_close(f"{name} on random inputs vs TensorFlow/Keras", got, np.asarray(oracle(z)), show_values=False)
            check_close(f"{name} on random inputs", got, reference(z), atol=1e-9, rtol=1e-7, show_values=False)
            check_close(f"the input of {name} after the call (it must not change)", z, copy, atol=0, rtol=0,
                        show_values=False)
    # Inputs between -1 and 1, on both sides of 0, where an overflow-safe sigmoid switches formulas.
    z = rng.uniform(-1.0, 1.0, size=40)
    check_close("sigmoid on random inputs between -1 and 1 vs TensorFlow", students_sigmoid(z),
                tf.nn.sigmoid(z).numpy(), show_values=False)
    check_close("sigmoid on random inputs between -1 and 1", students_sigmoid(z), sigmoid(z), atol=1e-9, rtol=1e-7,
                show_values=False)


def check_choices(output_activation, hidden_activation):
    """Exercise 2: every choice fits its task's labels; the feedback names each one that does not, and why."""
    mistakes = choice_mistakes(output_activation, hidden_activation)
    check_true(not mistakes, "These choices do not fit:\n" + "\n".join(mistakes))


def check_collapse_linear(students_collapse_linear):
    """Exercise 3: random two-layer linear models of other sizes, one built by hand, against the reference and the
    models' own predictions."""
    rng = np.random.default_rng(8808)
    models = [two_linear_layers(5, 7, 3, seed=31), two_linear_layers(2, 1, 4, seed=32)]
    manual = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(6), keras.layers.Dense(1)])
    manual.set_weights([rng.normal(scale=2.0, size=p.shape).astype(np.float32) for p in manual.get_weights()])
    for model in models + [manual]:
        W, b = students_collapse_linear(model)
        W_ref, b_ref = collapse_linear(model)
        X = rng.normal(size=(9, W_ref.shape[0])).astype(np.float32)
        check_close("W of a random linear model", W, W_ref, atol=1e-4, rtol=1e-4, show_values=False)
        check_close("b of a random linear model", b, b_ref, atol=1e-4, rtol=1e-4, show_values=False)
        check_close("X @ W + b vs a random linear model's predictions", X @ np.asarray(W) + np.asarray(b),
                    model(X).numpy(), atol=1e-3, rtol=1e-4, show_values=False)


def check_relu_units(hidden_w, hidden_b, output_w, output_b):
    """Exercise 4: the three units' sum on a fine grid of [0, 3] and on random points, by NumPy and as a Keras
    network, against the target."""
    x = np.concatenate([np.linspace(0.0, 3.0, 30001), np.random.default_rng(3303).uniform(0.0, 3.0, 2000)])
    w, b, v = (np.asarray(p, dtype=float).reshape(3) for p in (hidden_w, hidden_b, output_w))
    c = float(output_b)
    a = tf.nn.relu(np.outer(x, w) + b).numpy() @ v + c
    check_close("a(x) on a fine grid of [0, 3]", a, piecewise_target(x), atol=1e-6, rtol=0, show_values=False)
    units_as_keras = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(3, activation="relu"),
                                       keras.layers.Dense(1)])
    units_as_keras.set_weights([w.reshape(1, 3), b, v.reshape(3, 1), np.array([c])])
    check_close("the units as a Keras network on a fine grid of [0, 3]", units_as_keras(x[:, None]).numpy()[:, 0],
                piecewise_target(x), atol=1e-4, rtol=0, show_values=False)
