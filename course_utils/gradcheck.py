"""Numerical gradient checking: compare a gradient worked out by hand (back-propagation) with finite differences.

``numerical_gradient`` estimates a gradient by nudging one entry at a time (central differences);
``relative_error`` says how far two gradients are apart, whatever their size; ``check_gradient`` prints
"relative error 3e-10 (should be < 1e-07)" and fails when the error is too large.

Like ``course_utils.checks``, the NumPy functions used here are captured at import time, so redefining them in a
notebook does not change the verdict.
"""
import numpy as np

from .checks import CheckFailed

_asarray = np.asarray
_array = np.array
_zeros_like = np.zeros_like
_ndindex = np.ndindex
_norm = np.linalg.norm
_isfinite = np.isfinite

DEFAULT_THRESHOLD = 1e-7


def numerical_gradient(f, x, h=1e-5):
    """Central-difference estimate of the gradient of the scalar function ``f`` at the array ``x``.

    Entry by entry: ``(f(x + h e_i) - f(x - h e_i)) / (2 h)``, with ``e_i`` the i-th unit array. ``x`` itself is not
    changed (``f`` is called on copies). Costs two calls of ``f`` per entry of ``x``.
    """
    x = _array(x, dtype=float)
    gradient = _zeros_like(x)
    for index in _ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        gradient[index] = (float(f(plus)) - float(f(minus))) / (2 * h)
    return gradient


def relative_error(a, b):
    """``|a - b| / (|a| + |b|)`` with Euclidean norms over all entries: 0 for equal arrays, 1 for unrelated ones.

    Scale-free, so the same threshold works for large and tiny gradients; two all-zero arrays give 0.
    """
    a, b = _asarray(a, dtype=float), _asarray(b, dtype=float)
    difference = float(_norm((a - b).ravel()))
    if difference == 0.0:
        return 0.0
    return difference / (float(_norm(a.ravel())) + float(_norm(b.ravel())))


def check_gradient(what, analytic, numeric, threshold=DEFAULT_THRESHOLD):
    """Print the relative error between the two gradients and fail when it is not below ``threshold``.

    ``analytic`` is the gradient to judge (e.g. from back-propagation), ``numeric`` the finite-difference estimate.
    Returns the relative error.
    """
    if analytic is None:
        raise CheckFailed(f"{what}: got None. Did the function forget to `return` its result?")
    try:
        analytic_array = _asarray(analytic, dtype=float)
    except (TypeError, ValueError):
        raise CheckFailed(f"{what}: expected numbers, got a {type(analytic).__name__}: {analytic!r:.200}") from None
    numeric_array = _asarray(numeric, dtype=float)
    if analytic_array.shape != numeric_array.shape:
        raise CheckFailed(f"{what}: expected shape {numeric_array.shape} (the shape of the parameter), "
                          f"got shape {analytic_array.shape}.")
    if not _isfinite(analytic_array).all():
        raise CheckFailed(f"{what}: the gradient contains nan or inf.")
    error = relative_error(analytic_array, numeric_array)
    print(f"{what}: relative error {error:.1e} (should be < {threshold:g})")
    if not error < threshold:
        raise CheckFailed(f"{what}: relative error {error:.1e} between your gradient and the numerical one; "
                          f"it should be below {threshold:g}.")
    return error
