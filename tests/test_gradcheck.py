"""The gradient-checking helpers estimate gradients, measure errors scale-free and report in one readable line;
check_keys (appended to checks.py for the back-propagation lab) names missing keys."""
import numpy as np
import pytest

from course_utils import checks, gradcheck


def test_numerical_gradient_of_a_quadratic_is_exact_and_leaves_x_alone():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.5])
    copy = x.copy()
    gradient = gradcheck.numerical_gradient(lambda v: 0.5 * v @ A @ v, x)
    np.testing.assert_allclose(gradient, A @ x, rtol=1e-9)
    np.testing.assert_array_equal(x, copy)


def test_numerical_gradient_keeps_the_shape_of_a_matrix():
    W = np.arange(6.0).reshape(2, 3)
    gradient = gradcheck.numerical_gradient(lambda M: np.sum(np.sin(M)), W)
    assert gradient.shape == (2, 3)
    np.testing.assert_allclose(gradient, np.cos(W), rtol=1e-8)


@pytest.mark.parametrize("a, b, expected", [
    (np.zeros(3), np.zeros(3), 0.0),
    (np.array([1.0, 2.0]), np.array([1.0, 2.0]), 0.0),
    (np.array([1.0, 0.0]), np.array([-1.0, 0.0]), 1.0),
    (np.array([3.0, 4.0]), np.array([0.0, 0.0]), 1.0),
])
def test_relative_error(a, b, expected):
    assert gradcheck.relative_error(a, b) == pytest.approx(expected)


def test_relative_error_does_not_depend_on_scale():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.001])
    assert gradcheck.relative_error(a, b) == pytest.approx(gradcheck.relative_error(1e-6 * a, 1e-6 * b))


def test_check_gradient_prints_the_report(capsys):
    error = gradcheck.check_gradient("dW", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12]))
    assert error < 1e-9
    out = capsys.readouterr().out
    assert "dW: relative error" in out and "(should be < 1e-07)" in out


@pytest.mark.parametrize("analytic, fragment", [
    (np.array([1.0, 2.5]), "should be below"),
    (np.array([[1.0, 2.0]]), "expected shape (2,)"),
    (None, "forget to `return`"),
    (np.array([np.nan, 2.0]), "nan or inf"),
])
def test_check_gradient_fails_with_an_explanation(analytic, fragment):
    with pytest.raises(AssertionError) as failure:
        gradcheck.check_gradient("dW", analytic, np.array([1.0, 2.0]))
    assert fragment in str(failure.value)


def test_check_gradient_ignores_a_redefined_numpy(monkeypatch):
    monkeypatch.setattr(np.linalg, "norm", lambda *args, **kwargs: 0.0)
    with pytest.raises(AssertionError):
        gradcheck.check_gradient("dW", np.array([1.0, 3.0]), np.array([1.0, 2.0]))


def test_check_keys_names_the_missing_keys():
    checks.check_keys("result", {"J": 1.0, "dJ_dw": 2.0, "extra": 0}, ["J", "dJ_dw"])
    with pytest.raises(AssertionError, match="no key 'dJ_dw'"):
        checks.check_keys("result", {"J": 1.0}, ["J", "dJ_dw"])
    with pytest.raises(AssertionError, match="expected a dict"):
        checks.check_keys("result", (1.0, 2.0), ["J"])
    with pytest.raises(AssertionError, match="forget to `return`"):
        checks.check_keys("result", None, ["J"])
