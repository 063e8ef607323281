"""The activations lab's exercise 2 accepts every output activation that fits a task's labels and, for each one that
does not, names the task and says why."""
import itertools

import pytest

from course_utils.reference.lab2_activations import HIDDEN_ACTIVATION, OUTPUT_ACTIVATIONS, choice_mistakes

NAMES = ("sigmoid", "relu", "linear")
# Whether each activation's outputs can be each task's predictions, worked out here from the outputs' ranges.
OUTPUT_RANGES = {"sigmoid": (0.0, 1.0), "relu": (0.0, float("inf")), "linear": (float("-inf"), float("inf"))}
NEEDED = {"tumour": "probability", "ad_click": "probability", "house_price": (0.0, float("inf")),
          "rainfall": (0.0, float("inf")), "temperature_change": (float("-inf"), float("inf")),
          "profit": (float("-inf"), float("inf"))}


def fits(task, activation):
    """A yes/no task needs a probability (sigmoid); a regression needs outputs covering every possible label."""
    if NEEDED[task] == "probability":
        return activation == "sigmoid"
    low, high = OUTPUT_RANGES[activation]
    return low <= NEEDED[task][0] and high >= NEEDED[task][1]


def test_the_reference_answer_and_linear_for_the_non_negative_targets_are_right():
    assert choice_mistakes(OUTPUT_ACTIVATIONS, HIDDEN_ACTIVATION) == []
    linear = {**OUTPUT_ACTIVATIONS, "house_price": "linear", "rainfall": "linear"}
    assert choice_mistakes(linear, "relu") == []


@pytest.mark.parametrize("task, activation", list(itertools.product(NEEDED, NAMES)))
def test_each_choice_is_judged_by_the_range_of_its_outputs(task, activation):
    mistakes = choice_mistakes({**OUTPUT_ACTIVATIONS, task: activation}, HIDDEN_ACTIVATION)
    if fits(task, activation):
        assert mistakes == []
    else:
        (mistake,) = mistakes
        assert mistake.startswith(f"output_activation[{task!r}] = {activation!r}: {activation} ")
        assert "between 0 and 1" in mistake or "negative" in mistake


def test_every_wrong_choice_is_listed_with_its_reason():
    mistakes = choice_mistakes({**OUTPUT_ACTIVATIONS, "rainfall": "sigmoid", "profit": "relu"}, "linear")
    assert mistakes == [
        "output_activation['rainfall'] = 'sigmoid': sigmoid outputs only values between 0 and 1, and rainfall in "
        "millimetres can be larger.",
        "output_activation['profit'] = 'relu': relu never outputs a negative number, and a profit can be negative.",
        "hidden_activation = 'linear': linear hidden layers collapse into one linear layer (section 4), so the "
        "network is only a linear model.",
    ]
    assert choice_mistakes(OUTPUT_ACTIVATIONS, "sigmoid")[0].startswith("hidden_activation = 'sigmoid': sigmoid is "
                                                                         "not the usual default")


def test_a_string_subclass_is_not_taken_for_a_name():
    class Anything(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    assert len(choice_mistakes({task: Anything("x") for task in OUTPUT_ACTIVATIONS}, Anything("x"))) == 7
