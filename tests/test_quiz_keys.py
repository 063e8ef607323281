"""The quiz answers that make claims about a library are measured with that library, so a key cannot contradict it.

For each such question, every option is turned into a test on the measured numbers; exactly one option may pass,
and it must be the keyed one.
"""
import keras
import numpy as np
import pytest

from conftest import COURSE
from course_utils.grading import notebooks
from course_utils.reference.quizzes import keys

QUIZ4 = keys(notebooks.read(COURSE.notebook("source", "quiz4_adam_layers")))
LEARNING_RATE = 1e-3


def steps_taken(optimizer, gradients):
    """How far ``optimizer`` moves a float64 parameter at each step when it is given ``gradients`` one by one."""
    parameter = keras.Variable(np.zeros(1), dtype="float64")
    steps = []
    for gradient in gradients:
        before = parameter.numpy().copy()
        optimizer.apply_gradients([(np.array([gradient]), parameter)])
        steps.append(float((parameter.numpy() - before)[0]))
    return np.array(steps)


def about(value, target, factor=1.5):
    """``value`` is within a factor of ``factor`` of ``target`` (both positive)."""
    return target / factor <= value <= target * factor


def test_quiz4_q1_adam_takes_the_full_step_for_a_small_consistent_gradient():
    """Q1: a gradient of 0.01 at every step. Adam's step is the learning rate, gradient descent's 0.01 times it."""
    gradients = [0.01] * 30
    adam = steps_taken(keras.optimizers.Adam(learning_rate=LEARNING_RATE), gradients)
    descent = steps_taken(keras.optimizers.SGD(learning_rate=LEARNING_RATE), gradients)
    np.testing.assert_allclose(descent, -LEARNING_RATE * 0.01, rtol=1e-6)
    np.testing.assert_allclose(adam, -LEARNING_RATE, rtol=1e-3)  # lab 6: "the step is about alpha", from step 1
    ratios = adam / descent
    options = {"A": all(about(r, 100) for r in ratios), "B": all(about(r, 1) for r in ratios),
               "C": all(about(r, 0.01) for r in ratios), "D": bool(np.all(adam == 0))}
    assert {letter for letter, holds in options.items() if holds} == {QUIZ4["answer_q1"].answer}, ratios


@pytest.mark.parametrize("size", [0.01, 1.0, 30.0])
def test_quiz4_q2_adam_shrinks_the_steps_of_an_oscillating_gradient(size):
    """Q2: a gradient that flips sign at every step. Adam's first step is the learning rate; from then on they are
    smaller, about 0.05 of it on average (the explanation's number), whatever the size of the gradient."""
    adam = np.abs(steps_taken(keras.optimizers.Adam(learning_rate=LEARNING_RATE),
                              [size * (-1) ** k for k in range(200)]))
    assert about(adam[0], LEARNING_RATE, factor=1.01)
    later = adam[10:].mean() / LEARNING_RATE
    assert 0.04 < later < 0.07 and adam[1:].max() < 0.4 * LEARNING_RATE, adam[:12] / LEARNING_RATE
    options = {"A": later > 1.5, "B": later < 0.5, "C": about(later, 1), "D": bool(np.all(adam[1:] == 0))}
    assert {letter for letter, holds in options.items() if holds} == {QUIZ4["answer_q2"].answer}, later
