"""lab3_softmax: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import keras
import numpy as np
import tensorflow as tf

from ..checks import check_close, check_probabilities
from .maths import softmax, sparse_cross_entropy as cross_entropy


def check_my_softmax(students_my_softmax):
    """Exercise 1: random vectors of three lengths against tf.nn.softmax and the reference; a single score."""
    rng = np.random.default_rng(7301)
    for n in (2, 5, 10):
        z = rng.normal(scale=3.0, size=n)
        check_probabilities(f"my_softmax on a random vector of length {n}", students_my_softmax(z),
                            tf.nn.softmax(z).numpy(), show_values=False)
        check_close(f"my_softmax on a random vector of length {n}", students_my_softmax(z), softmax(z),
                    show_values=False)
    check_close("my_softmax of a single score", students_my_softmax(np.array([-2.5])), [1.0], show_values=False)


def check_stable_softmax(students_stable_softmax):
    """Exercise 2: batches whose rows sit far apart (the input must not change), tall batches, large scores, and a
    batch with one class."""
    rng = np.random.default_rng(9042)
    batch = rng.normal(scale=20.0, size=(6, 5)) + rng.choice([-1e4, 0.0, 1e4], size=(6, 1))
    copy = batch.copy()
    check_probabilities("stable_softmax on a random batch whose rows sit far apart", students_stable_softmax(batch),
                        tf.nn.softmax(batch, axis=-1).numpy(), show_values=False)
    check_close("the random batch after stable_softmax (it must not change)", batch, copy, atol=0, rtol=0,
                show_values=False)
    tall = rng.normal(scale=3.0, size=(7, 3))
    check_close("stable_softmax on a random batch with more rows than columns", students_stable_softmax(tall),
                softmax(tall), show_values=False)
    vector = rng.normal(scale=400.0, size=8)
    check_close("stable_softmax on a random vector of large scores", students_stable_softmax(vector), softmax(vector),
                show_values=False)
    check_close("stable_softmax on a batch with one class", students_stable_softmax(rng.normal(size=(4, 1))),
                np.ones((4, 1)), show_values=False)


def check_cross_entropy(students_cross_entropy):
    """Exercise 3: random scores against Keras's cross-entropy from logits, and scores in the hundreds against the
    reference to 1e-9."""
    rng = np.random.default_rng(5150)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    for m, n in ((8, 4), (31, 10)):
        logits = rng.normal(scale=4.0, size=(m, n))
        labels = rng.integers(0, n, size=m)
        check_close(f"cross_entropy on random scores ({m} examples, {n} classes) vs Keras",
                    students_cross_entropy(logits, labels), float(keras_loss(labels, logits)), rtol=1e-5,
                    show_values=False)
    logits = rng.normal(scale=500.0, size=(12, 6))
    labels = rng.integers(0, 6, size=12)
    check_close("cross_entropy on random scores in the hundreds", students_cross_entropy(logits, labels),
                cross_entropy(logits, labels), rtol=1e-9, show_values=False)
