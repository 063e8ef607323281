"""Reference answers for the derivatives lab (instructor only)."""
import sympy


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
