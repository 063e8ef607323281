"""Answer key and explanations for the practice quizzes. The hidden tests grade with ``grade``, whose printed
explanation is what a student reads in the feedback after grading."""
import math
from dataclasses import dataclass


NUMBER_TYPES = {"builtins.int", "builtins.float", "numpy.int64", "numpy.int32", "numpy.float64", "numpy.float32"}


@dataclass(frozen=True)
class Key:
    answer: object  # a letter, a frozenset of letters, or a number
    explanation: str
    relative_tolerance: float = 1e-3

    def accepts(self, given):
        # Exact built-in types only: a subclass could redefine == (or float()) to agree with anything.
        if isinstance(self.answer, frozenset):
            return type(given) in (set, frozenset) and all(type(item) is str for item in given) \
                and frozenset(given) == self.answer
        if isinstance(self.answer, str):
            return type(given) is str and str.__eq__(given, self.answer)
        return (f"{type(given).__module__}.{type(given).__name__}" in NUMBER_TYPES
                and math.isclose(float(given), self.answer, rel_tol=self.relative_tolerance, abs_tol=1e-9))


def grade(quiz, name, given):
    """Print the explanation of the right answer; fail unless ``given`` is right."""
    key = ANSWER_KEYS[quiz][name]
    right = key.accepts(given)
    print(("Right. " if right else "Not right. ") + key.explanation)
    if not right:
        raise AssertionError(f"{name} = {given!r} is not the right answer (the explanation above says why).")


ANSWER_KEYS = {
    "quiz1_training": {
        "answer_q1": Key("B", "The answer is B, BinaryCrossentropy: it is the logistic loss, -y log f - (1 - y) log(1 - f), "
                              "made for labels that are 0 or 1 and a sigmoid output. Mean squared error suits regression."),
        "answer_q2": Key("C", "The answer is C, model.fit: it runs gradient descent (here Adam) on the cost, computing "
                              "the gradients by back-propagation. compile only chooses the loss and the optimizer."),
        "answer_q3": Key(32, "The answer is 32: an epoch is one pass over all 1000 examples, in batches of 32, so "
                             "31 full batches and one last batch of 8, that is ceil(1000 / 32) = 32 gradient steps."),
        "answer_q4": Key(frozenset("ABD"), "The answer is {A, B, D}. The cost is the mean of the per-example losses (A); "
                                           "for y = 1 binary cross-entropy is -log f, here -log 0.9 (B); fit gets its "
                                           "gradients from back-propagation (D). Mean squared error is for regression, "
                                           "not the usual choice for binary classification (C is false)."),
        "answer_q5": Key(-math.log(0.8), "The answer is -log(1 - 0.2) = -log 0.8, about 0.223: for y = 0 only the "
                                         "second term, -(1 - y) log(1 - f), is left."),
    },
    "quiz2_activations": {
        "answer_q1": Key("C", "The answer is C, linear: a change in temperature can be positive or negative, and only "
                              "the linear activation can output any real number."),
        "answer_q2": Key("B", "The answer is B, ReLU: a price is never negative, and ReLU outputs exactly the "
                              "non-negative numbers."),
        "answer_q3": Key("B", "The answer is B, ReLU: it is cheap to compute and flat on one side only, so gradient "
                              "descent learns faster than with a sigmoid, which is flat on both sides."),
        "answer_q4": Key(frozenset("ABC"), "The answer is {A, B, C}. A stack of linear layers computes a linear function "
                                           "of its input, so it is no more than linear regression (A); "
                                           "ReLU(z) = max(0, z) (B); the sigmoid is flat for large |z|, where its "
                                           "gradient is near zero (C). D is false: without non-linear activations a "
                                           "network can only fit linear functions."),
        "answer_q5": Key(1.5, "The answer is 1.5: ReLU(-2.5) = 0 and ReLU(1.5) = 1.5."),
    },
    "quiz3_multiclass": {
        "answer_q1": Key(0.25, "The answer is 0.25: with four equal scores every e^z_j is the same, so each "
                               "probability is 1/4."),
        "answer_q2": Key("A", "The answer is A: integer labels 0-9 call for SparseCategoricalCrossentropy, and a linear "
                              "output layer produces logits, so the loss must be told from_logits=True."),
        "answer_q3": Key("C", "The answer is C, softmax: it turns the logits into probabilities that sum to 1. argmax "
                              "gives only the label, and a sigmoid per output would not make them sum to 1."),
        "answer_q4": Key(frozenset("AC"), "The answer is {A, C}: an image can contain any combination of car, bus and "
                                          "pedestrian, and an article can carry several tags. A digit and an iris "
                                          "species are exactly one class each: multiclass, not multi-label."),
        "answer_q5": Key(78, "The answer is 78: each of the 3 units has 25 weights and one bias, 3 x (25 + 1) = 78."),
    },
    "quiz4_adam_layers": {
        "answer_q1": Key("A", "The answer is A, about 100 times as far. For a gradient g that keeps its sign and size, "
                              "Adam's bias-corrected averages are m_hat = g and v_hat = g^2 from the first step on, so "
                              "its step, learning rate x m_hat / sqrt(v_hat), is the learning rate itself, however "
                              "small g is. Gradient descent's step is the learning rate x |g| = 0.01 x the learning "
                              "rate. A small but consistent gradient gets Adam's full step."),
        "answer_q2": Key("B", "The answer is B: when a parameter's gradient keeps changing sign, the positive and "
                              "negative gradients cancel in the first-moment average m while the second moment v stays "
                              "about g^2, so after its first step (the full learning rate) Adam's steps shrink, to about "
                              "0.05 x the learning rate with the default beta_1 = 0.9."),
        "answer_q3": Key(81, "The answer is 81: a window of 20 fits at positions 1-20, 2-21, ..., 81-100 of a signal "
                             "of length 100, so 100 - 20 + 1 = 81 units per filter."),
        "answer_q4": Key(frozenset("AB"), "The answer is {A, B}: each unit of a convolutional layer sees only a window "
                                          "(A), and the units share one small set of weights, far fewer than a dense "
                                          "layer on the same input (B). Convolutional layers stack well (C is false) "
                                          "and have nothing to do with from_logits (D is false)."),
        "answer_q5": Key(0.001, "The answer is 0.001, Keras's default learning rate for Adam."),
    },
}
