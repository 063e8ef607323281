"""The derivatives lab's reference answers agree with independent oracles: exact Taylor formulas, SymPy's diff,
finite differences and TensorFlow's automatic differentiation."""
import numpy as np
import pytest
import sympy
import tensorflow as tf

from course_utils.reference import lab7_derivatives as reference

RNG = np.random.default_rng(20260707)
w = sympy.Symbol("w")

FUNCTIONS = {  # name: the same function for SymPy and for TensorFlow
    "sin": (sympy.sin(w), tf.sin),
    "exp": (sympy.exp(w / 2), lambda x: tf.exp(x / 2)),
    "cubic": (w**3 - 2 * w**2 + 5, lambda x: x**3 - 2 * x**2 + 5),
    "softplus": (sympy.log(1 + sympy.exp(w)), tf.math.softplus),
}


def autodiff(tf_function, points):
    x = tf.constant(points, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf_function(x)
    return tape.gradient(y, x).numpy()


def test_forward_difference_of_a_cubic_is_its_taylor_polynomial():
    # (f(w + e) - f(w)) / e = 3w^2 + 3we + e^2 exactly for f = w^3.
    points = RNG.uniform(-2, 2, size=7)
    for eps in (0.5, 0.1, 1e-3):
        np.testing.assert_allclose(reference.forward_difference(lambda x: x**3, points, eps),
                                   3 * points**2 + 3 * points * eps + eps**2, rtol=1e-9, atol=1e-9)


def test_central_difference_of_a_cubic_is_its_taylor_polynomial():
    # (f(w + e) - f(w - e)) / (2e) = 3w^2 + e^2 exactly for f = w^3: the eps^1 term cancels.
    points = RNG.uniform(-2, 2, size=7)
    for eps in (0.5, 0.1, 1e-3):
        np.testing.assert_allclose(reference.central_difference(lambda x: x**3, points, eps),
                                   3 * points**2 + eps**2, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_finite_differences_converge_to_autodiff_at_their_orders(name):
    expression, tf_function = FUNCTIONS[name]
    f = sympy.lambdify(w, expression, modules="numpy")
    points = RNG.uniform(-2, 2, size=6)
    exact = autodiff(tf_function, points)
    np.testing.assert_allclose(reference.forward_difference(f, points, 1e-7), exact, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(reference.central_difference(f, points, 1e-5), exact, rtol=1e-8, atol=1e-9)
    forward = [np.abs(reference.forward_difference(f, points, eps) - exact).max() for eps in (1e-2, 1e-3)]
    central = [np.abs(reference.central_difference(f, points, eps) - exact).max() for eps in (1e-2, 1e-3)]
    assert 5 < forward[0] / forward[1] < 20  # error ~ eps
    assert 50 < central[0] / central[1] < 200  # error ~ eps^2


def test_symbolic_answers_are_the_derivatives():
    functions = {"dJ_dw_square": w**2, "dJ_dw_cube": w**3, "dJ_dw_inverse": 1 / w, "dJ_dw_inverse_square": w**-2,
                 "dJ_dw_composite": (3 * w + 2) ** 2, "dJ_dw_softplus": sympy.log(1 + sympy.exp(w))}
    answers = reference.symbolic_answers(w)
    assert set(answers) == set(functions)
    points = RNG.uniform(0.5, 3, size=5) * RNG.choice([-1, 1], size=5)
    for name, J in functions.items():
        assert sympy.simplify(answers[name] - sympy.diff(J, w)) == 0, name
        np.testing.assert_allclose(sympy.lambdify(w, answers[name])(points),
                                   reference.central_difference(sympy.lambdify(w, J), points, 1e-5), rtol=1e-7)


def test_softplus_answer_matches_autodiff():
    points = RNG.normal(scale=3, size=8)
    np.testing.assert_allclose(sympy.lambdify(w, reference.symbolic_answers(w)["dJ_dw_softplus"])(points),
                               autodiff(tf.math.softplus, points), rtol=1e-12)


def test_symbolic_values():
    values = reference.symbolic_values()
    assert values["composite_slope_at_3"] == pytest.approx(float(autodiff(lambda x: (3 * x + 2) ** 2, [3.0])[0]))
    assert values["softplus_slope_at_minus_1"] == pytest.approx(float(autodiff(tf.math.softplus, [-1.0])[0]),
                                                                rel=1e-12)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_derivative_function_matches_autodiff(name):
    expression, tf_function = FUNCTIONS[name]
    points = RNG.uniform(-3, 3, size=9)
    np.testing.assert_allclose(reference.derivative_function(expression, w)(points), autodiff(tf_function, points),
                               rtol=1e-12, atol=1e-12)


def test_derivative_function_uses_the_symbol_it_is_given():
    x = sympy.Symbol("x")
    np.testing.assert_allclose(reference.derivative_function(sympy.cos(x), x)(np.array([0.0, np.pi / 2])),
                               [0.0, -1.0], atol=1e-15)
