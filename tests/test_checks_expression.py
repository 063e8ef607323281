"""check_expression accepts equal SymPy expressions in any form and rejects numbers, constants and wrong formulas."""
import pytest
import sympy

from course_utils import checks

w = sympy.Symbol("w")


@pytest.mark.parametrize("got, expected", [
    (2 * w, 2 * w),
    (sympy.diff(sympy.log(1 + sympy.exp(w)), w), 1 / (1 + sympy.exp(-w))),
    (6 * (3 * w + 2), 18 * w + 12),
    (sympy.Symbol("w", real=True) ** -2 * -1, -1 / w**2),
])
def test_check_expression_accepts_equal_expressions(got, expected):
    checks.check_expression("answer", got, expected)


@pytest.mark.parametrize("got, fragment", [
    (None, "got None"),
    (6.0, "expected a SymPy expression, got a float"),
    (sympy.Integer(6), "a constant"),
    (sympy.Derivative(w**2, w), "unevaluated Derivative"),
    (2 * sympy.Symbol("x"), "got one in x"),
    (2 * w + 1, "not the expected one"),
])
def test_check_expression_rejects_wrong_answers(got, fragment):
    with pytest.raises(AssertionError) as failure:
        checks.check_expression("dJ_dw", got, 2 * w)
    assert fragment in str(failure.value) and "dJ_dw" in str(failure.value)


def test_check_expression_can_hide_the_values():
    with pytest.raises(AssertionError) as failure:
        checks.check_expression("hidden", 3 * w**2 + 7, 3 * w**2, show_values=False)
    assert "7" not in str(failure.value)


def test_check_expression_compares_values_at_the_points():
    # Equal as formulas, so the numerical comparison passes too, also where the expression is large.
    checks.check_expression("values", sympy.exp(w) * sympy.exp(w), sympy.exp(2 * w), points=[-3.0, 0.0, 5.0])


def test_check_expression_value_passes_the_right_value():
    checks.check_expression_value("dJ_dw_cube", 3 * sympy.Symbol("w", positive=True) ** 2, w, 2, 12.0)


@pytest.mark.parametrize("got, fragment", [
    (12.0, "expected a SymPy expression, got a float"),
    (sympy.Integer(12), "a constant"),
    (3 * w**3, "dJ_dw_cube at w = 2: 1 of 1 values are off"),
])
def test_check_expression_value_rejects_wrong_answers(got, fragment):
    with pytest.raises(AssertionError) as failure:
        checks.check_expression_value("dJ_dw_cube", got, w, 2, 12.0)
    assert fragment in str(failure.value)
