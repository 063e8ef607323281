"""The public-test helpers say what was expected and what came back, and can't be fooled by redefinitions."""
import re

import numpy as np
import pytest

from course_utils import checks


def test_check_close_passes_close_values():
    checks.check_close("x", np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9])


def test_check_close_reports_expected_and_got():
    with pytest.raises(AssertionError) as failure:
        checks.check_close("my_softmax([1, 2])", np.array([0.5, 0.5]), [0.26894142, 0.73105858])
    message = str(failure.value)
    assert "my_softmax([1, 2])" in message and "expected" in message and "got" in message
    assert "0.26894" in message and "0.5" in message and "2 of 2 values are off" in message


def test_check_close_can_hide_the_values():
    with pytest.raises(AssertionError) as failure:
        checks.check_close("on a random batch", np.array([0.123456]), [0.654321], show_values=False)
    assert "0.123" not in str(failure.value) and "0.654" not in str(failure.value)
    assert "largest error" in str(failure.value)


@pytest.mark.parametrize("got, fragment", [
    (None, "forget to `return`"),
    (np.array([1.0, 2.0, 3.0]), "expected shape (2,), got shape (3,)"),
    (np.array([np.nan, 1.0]), "nan or inf"),
    ("text", "expected numbers"),
])
def test_check_close_explains_common_mistakes(got, fragment):
    with pytest.raises(AssertionError, match=None) as failure:
        checks.check_close("answer", got, [0.5, 0.5])
    assert fragment in str(failure.value)


def test_check_close_ignores_a_redefined_numpy(monkeypatch):
    monkeypatch.setattr(np, "isclose", lambda *args, **kwargs: np.ones(np.shape(args[0]), dtype=bool))
    monkeypatch.setattr(np, "allclose", lambda *args, **kwargs: True)
    with pytest.raises(AssertionError):
        checks.check_close("answer", np.array([0.0]), [1.0])


def test_check_equal_compares_arrays_and_values():
    checks.check_equal("labels", np.array([1, 2]), np.array([1, 2]))
    with pytest.raises(AssertionError, match="1 of 2 entries differ"):
        checks.check_equal("labels", np.array([1, 3]), np.array([1, 2]))
    with pytest.raises(AssertionError, match="expected: 'relu'"):
        checks.check_equal("activation", "sigmoid", "relu")


def test_passed_prints_a_short_line(capsys):
    checks.passed("my_softmax")
    assert "my_softmax: all public tests passed." in capsys.readouterr().out


def test_a_failed_check_shows_the_callers_line_not_the_checks_code(capsys):
    """In IPython, the traceback of a failed check ends at the notebook line that called it: no frame of
    course_utils (IPython's __tracebackhide__ never hides the frame that raised, so CheckFailed renders its own)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell("from course_utils.checks import check_close\n"
                   "def my_softmax(z):\n    return z\n"
                   "check_close('my_softmax([1, 2])', my_softmax([1.0, 2.0]), [0.26894142, 0.73105858])\n")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)  # without IPython's colours
    assert "check_close('my_softmax([1, 2])'" in shown and "2 of 2 values are off" in shown
    assert "AssertionError" in shown and "CheckFailed" not in shown
    assert "checks.py" not in shown and "raise CheckFailed" not in shown and "_as_float_array" not in shown


@pytest.mark.parametrize("got, expected, show_values, fragment", [
    (np.array([2.0, 4.0, 6.0]), [1.0, 2.0, 3.0], True, "Every value is 2 times the expected one"),
    (np.array([0.25, 0.5]), [1.0, 2.0], False, "Every value is off by the same factor"),
    (16.0, 2.0, True, "It is 8 times the expected one (a missing or extra constant factor, such as a forgotten 1/m?)"),
    (0.125, 1.0, True, "It is 0.125 times the expected one"),
])
def test_check_close_names_a_constant_factor(got, expected, show_values, fragment):
    with pytest.raises(AssertionError) as failure:
        checks.check_close("answer", got, expected, show_values=show_values)
    assert fragment in str(failure.value)
    if not show_values:
        assert "0.25" not in str(failure.value) and "times" not in str(failure.value)


@pytest.mark.parametrize("got, expected", [(2.5, 2.0), (np.array([0.5, 0.5]), [0.2, 0.8]),
                                           (np.array([2.0, 0.0]), [1.0, 0.0])])
def test_check_close_names_no_factor_where_there_is_none(got, expected):
    with pytest.raises(AssertionError) as failure:
        checks.check_close("answer", got, expected)
    assert "factor" not in str(failure.value)


def test_check_probabilities_says_what_the_rows_add_up_to():
    with pytest.raises(AssertionError) as failure:
        checks.check_probabilities("softmax([1, 2, 3])", np.exp([1.0, 2.0, 3.0]), [0.09003057, 0.24472847, 0.66524096])
    assert "must add up to 1" in str(failure.value) and "yours add up to 30.19" in str(failure.value)
    columns = np.array([[0.2, 0.3], [0.8, 0.7]])  # softmax over axis 0
    with pytest.raises(AssertionError, match="softmax over the wrong axis"):
        checks.check_probabilities("a batch", columns, [[0.4, 0.6], [0.5, 0.5]])
    with pytest.raises(AssertionError) as failure:
        checks.check_probabilities("on random scores", np.ones((3, 2)), np.full((3, 2), 0.5), show_values=False)
    assert "3 of your 3 rows do not" in str(failure.value) and "[2." not in str(failure.value)
    checks.check_probabilities("right", np.array([[0.25, 0.75]]), [[0.25, 0.75]])
    with pytest.raises(AssertionError, match="2 of 2 values are off"):  # rows add up to 1, values are wrong
        checks.check_probabilities("swapped", np.array([0.75, 0.25]), [0.7, 0.3], atol=0.01, rtol=0)


def test_a_softmax_output_with_from_logits_is_named_softmax_applied_twice():
    import keras

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer="adam")
    with pytest.raises(AssertionError, match="softmax applied twice"):
        checks.check_layers("layers", model, [("Dense", 4, "linear")])
    sigmoid = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, activation="sigmoid")])
    sigmoid.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")
    with pytest.raises(AssertionError, match="sigmoid applied twice"):
        checks.check_loss("loss", sigmoid, ["BinaryCrossentropy"], from_logits=False)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(), optimizer="adam")
    with pytest.raises(AssertionError) as failure:
        checks.check_layers("layers", model, [("Dense", 4, "linear")])
    assert "twice" not in str(failure.value)
