"""lab7_derivatives: its reference answers and the hidden checks of its test cells (see the package's docstring)."""
import numpy as np
import sympy

from ..checks import check_close, check_expression, check_true
from ..grading.hidden import kernel_function


def forward_difference(f, w, eps):
    """Slope of f between w and w + eps: a one-sided estimate of f'(w), error of order eps."""
    step_up = f(w + eps)
    return (step_up - f(w)) / eps


def central_difference(f, w, eps):
    """Slope of f between w - eps and w + eps: a symmetric estimate of f'(w), error of order eps**2."""
    rise = f(w + eps) - f(w - eps)
    return rise / (2.0 * eps)


def symbolic_answers(w):
    """The expected SymPy answers of the symbolic exercises, written out by hand as expressions of the symbol w."""
    return {
        "dJ_dw_square": 2 * w,
        "dJ_dw_cube": 3 * w**2,
        "dJ_dw_inverse": -1 / w**2,
        "dJ_dw_inverse_square": -2 / w**3,
        "dJ_dw_composite": 18 * w + 12,
        "dJ_dw_softplus": 1 / (1 + sympy.exp(-w)),
    }


def symbolic_values():
    """The expected values of the derivatives the lab asks to evaluate at a point."""
    return {"composite_slope_at_3": 66.0, "softplus_slope_at_minus_1": 1 / (1 + float(sympy.E))}


def derivative_function(J, w):
    """A NumPy function computing dJ/dw exactly, from SymPy's derivative of the expression J in the symbol w."""
    return sympy.lambdify(w, sympy.diff(J, w), modules="numpy")


def _difference_on_random_points(name_of_method, students_method, reference_method, seed, exact_eps, exact_tolerance):
    """Exercises 1 and 2: the student's difference of three functions (they live in the student's kernel) at random
    points, against the exact derivative at a small step and against the reference at two larger ones."""
    x = sympy.Symbol("x")
    rng = np.random.default_rng(seed)
    for name, expression in (("sin", sympy.sin(x)), ("exp", sympy.exp(x / 2)), ("a cubic", x**3 - 2 * x**2 + 5)):
        f = kernel_function("sympy.lambdify(x, expression, 'numpy')", x=x, expression=expression)
        exact = sympy.lambdify(x, sympy.diff(expression, x), "numpy")
        points = rng.uniform(-2.0, 2.0, size=5)
        check_close(f"{name_of_method} of {name} at random points (eps={exact_eps}) vs the exact derivative",
                    students_method(f, points, exact_eps), exact(points), atol=exact_tolerance, rtol=exact_tolerance,
                    show_values=False)
        for eps in (0.1, 1e-3):
            check_close(f"{name_of_method} of {name} at random points (eps={eps})",
                        students_method(f, points, eps), reference_method(f, points, eps), atol=1e-10, rtol=1e-8,
                        show_values=False)
    return rng


def check_forward_difference(students_forward_difference):
    """Exercise 1: see _difference_on_random_points; and at a random number that is not an array."""
    rng = _difference_on_random_points("forward_difference", students_forward_difference, forward_difference, 7101,
                                       1e-6, 1e-5)
    point = float(rng.uniform(-1.0, 1.0))
    check_close("forward_difference of exp at a random number (not an array)",
                students_forward_difference(np.exp, point, 0.05), (np.exp(point + 0.05) - np.exp(point)) / 0.05,
                atol=1e-10, rtol=1e-8, show_values=False)


def check_central_difference(students_central_difference):
    """Exercise 2: see _difference_on_random_points; and its error shrinks like eps**2."""
    rng = _difference_on_random_points("central_difference", students_central_difference, central_difference, 7202,
                                       1e-5, 1e-8)
    points = rng.uniform(-1.0, 1.0, size=4)
    errors = [float(np.max(np.abs(students_central_difference(np.exp, points, eps) - np.exp(points))))
              for eps in (1e-2, 1e-3)]
    check_true(errors[1] > 0 and errors[0] / errors[1] > 50,
               "central_difference: making eps 10 times smaller should make the error about 100 times smaller "
               f"(error ~ eps**2), but it shrank only {errors[0] / max(errors[1], 1e-300):.3g} times.")


def _check_formulas(answers, points):
    """Each answer, a SymPy formula, against the expected one (as a formula and at ``points``) and, at the points,
    against a central difference of the function it is the derivative of; ``answers``: [(name, formula, J)]."""
    w = sympy.Symbol("w")
    expected = symbolic_answers(w)
    for name, got, J in answers:
        check_expression(f"{name} (as a formula, and at random points)", got, expected[name], points=points,
                         show_values=False)
        check_close(f"{name} at random points vs a central difference",
                    sympy.lambdify(list(got.free_symbols), got, "numpy")(points),
                    central_difference(sympy.lambdify(w, J, "numpy"), points, 1e-5), rtol=1e-6, show_values=False)


def check_powers(dJ_dw_square, dJ_dw_cube, dJ_dw_inverse, dJ_dw_inverse_square):
    """Exercise 3: the derivatives of powers of w."""
    w = sympy.Symbol("w")
    rng = np.random.default_rng(7303)
    points = rng.uniform(0.5, 3.0, size=6) * rng.choice([-1.0, 1.0], size=6)
    _check_formulas([("dJ_dw_square", dJ_dw_square, w**2), ("dJ_dw_cube", dJ_dw_cube, w**3),
                     ("dJ_dw_inverse", dJ_dw_inverse, 1 / w), ("dJ_dw_inverse_square", dJ_dw_inverse_square, w**-2)],
                    points)


def check_chain_rule(dJ_dw_composite, dJ_dw_softplus, composite_slope_at_3, softplus_slope_at_minus_1):
    """Exercise 4: the derivatives of two composite functions, and their values at a point."""
    w = sympy.Symbol("w")
    points = np.random.default_rng(7404).uniform(-4.0, 4.0, size=6)
    _check_formulas([("dJ_dw_composite", dJ_dw_composite, (3 * w + 2) ** 2),
                     ("dJ_dw_softplus", dJ_dw_softplus, sympy.log(1 + sympy.exp(w)))], points)
    for name, got, J, point in (("composite_slope_at_3", composite_slope_at_3, (3 * w + 2) ** 2, 3.0),
                                ("softplus_slope_at_minus_1", softplus_slope_at_minus_1, sympy.log(1 + sympy.exp(w)),
                                 -1.0)):
        check_close(name, got, symbolic_values()[name], rtol=1e-9, show_values=False)
        check_close(f"{name} vs a central difference", got,
                    central_difference(sympy.lambdify(w, J, "numpy"), point, 1e-5), rtol=1e-6, show_values=False)


def check_derivative_function(students_derivative_function):
    """Exercise 5: five functions, one in another symbol, at random points, against the reference and a central
    difference."""
    w, v = sympy.Symbol("w"), sympy.Symbol("v")
    rng = np.random.default_rng(7505)
    for name, J, s in (("w * sin(w)", w * sympy.sin(w), w), ("exp(-w**2 / 2)", sympy.exp(-w**2 / 2), w),
                       ("a cubic", w**3 - 4 * w + 1, w), ("a sigmoid", 1 / (1 + sympy.exp(-2 * w)), w),
                       ("tanh(v) (in the symbol v)", sympy.tanh(v), v)):
        points = rng.uniform(-3.0, 3.0, size=7)
        got = students_derivative_function(J, s)
        check_true(callable(got), f"derivative_function({name}) must return a function.")
        check_close(f"derivative_function of {name} at random points", got(points),
                    derivative_function(J, s)(points), atol=1e-12, rtol=1e-10, show_values=False)
        check_close(f"derivative_function of {name} at random points vs a central difference", got(points),
                    central_difference(sympy.lambdify(s, J, "numpy"), points, 1e-5), atol=1e-8, rtol=1e-6,
                    show_values=False)
