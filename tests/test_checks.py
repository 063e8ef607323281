"""The public-test helpers say what was expected and what came back, and can't be fooled by redefinitions."""
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
