"""Checks used by the labs' tests: on failure they say what was expected and what came back.

The NumPy functions they compare with are captured when this module is imported, before any student
code runs, so redefining ``np.allclose`` or friends in a notebook does not change how answers are judged.
"""
import numpy as np

_asarray = np.asarray
_isfinite = np.isfinite
_isclose = np.isclose
_abs = np.abs
_array2string = np.array2string
_ndarray = np.ndarray


def _show(values):
    return _array2string(_asarray(values), precision=5, suppress_small=True, threshold=24, max_line_width=88)


def _as_float_array(what, got):
    if got is None:
        raise AssertionError(f"{what}: got None. Did the function forget to `return` its result?")
    try:
        return _asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise AssertionError(f"{what}: expected numbers, got a {type(got).__name__}: {got!r:.200}") from None


def check_close(what, got, expected, atol=1e-6, rtol=1e-5, show_values=True):
    """Pass when ``got`` has the shape of ``expected`` and values within tolerance of it.

    ``what`` names the quantity in the message. ``show_values=False`` reports only the size of the error
    (hidden tests use it so that feedback does not spell out their inputs).
    """
    got_array = _as_float_array(what, got)
    expected_array = _asarray(expected, dtype=float)
    if got_array.shape != expected_array.shape:
        raise AssertionError(f"{what}: expected shape {expected_array.shape}, got shape {got_array.shape}.")
    if not _isfinite(got_array).all() and _isfinite(expected_array).all():
        detail = f"\n  got:      {_show(got_array)}" if show_values else ""
        raise AssertionError(f"{what}: the result contains nan or inf, but every expected value is finite.{detail}")
    close = _isclose(got_array, expected_array, atol=atol, rtol=rtol)
    if not close.all():
        error = float(_abs(got_array - expected_array)[~close].max())
        message = f"{what}: {int((~close).sum())} of {close.size} values are off (largest error {error:.3g})."
        if show_values:
            message += f"\n  expected: {_show(expected_array)}\n  got:      {_show(got_array)}"
        raise AssertionError(message)


def check_equal(what, got, expected):
    """Pass when ``got == expected`` (arrays element-wise, with the same shape)."""
    if isinstance(expected, _ndarray) or isinstance(got, _ndarray):
        got_array, expected_array = _asarray(got), _asarray(expected)
        if got_array.shape != expected_array.shape:
            raise AssertionError(f"{what}: expected shape {expected_array.shape}, got shape {got_array.shape}.")
        wrong = got_array != expected_array
        if wrong.any():
            raise AssertionError(f"{what}: {int(wrong.sum())} of {wrong.size} entries differ."
                                 f"\n  expected: {_show(expected_array)}\n  got:      {_show(got_array)}")
    elif not got == expected:
        raise AssertionError(f"{what}:\n  expected: {expected!r}\n  got:      {got!r}")


def check_true(condition, message):
    """Pass when ``condition`` holds; otherwise fail with ``message``."""
    if not condition:
        raise AssertionError(message)


def passed(what):
    """Print the line a student sees when a test cell's public checks all pass."""
    print(f"\N{WHITE HEAVY CHECK MARK} {what}: all public tests passed.")
