"""Checks used by the labs' tests: on failure they say what was expected and what came back.

The NumPy functions they compare with are captured when this module is imported, before any student
code runs, so redefining ``np.allclose`` or friends in a notebook does not change how answers are judged.
"""
import functools as _functools
import os as _os

import numpy as np

_asarray = np.asarray
_isfinite = np.isfinite
_isclose = np.isclose
_abs = np.abs
_array2string = np.array2string
_ndarray = np.ndarray
_errstate = np.errstate
_integer, _floating, _bool = np.integer, np.floating, np.bool_
_all, _sum, _mean, _std = np.all, np.sum, np.mean, np.std
_PACKAGE_FOLDER = _os.path.dirname(__file__) + _os.sep  # course_utils/


class CheckFailed(AssertionError):
    """A check that did not pass. In a notebook its traceback ends at the test cell's line that called the check:
    what was checked is in the message, and the course package's own code would only be noise. (IPython hides frames
    marked ``__tracebackhide__`` except the one that raised, which is always one of ours, hence ``_render_traceback_``.)
    """

    def _render_traceback_(self):
        from IPython import get_ipython

        kept = []
        frame = self.__traceback__
        while frame is not None:
            if not frame.tb_frame.f_code.co_filename.startswith(_PACKAGE_FOLDER):
                kept.append(frame)
            frame = frame.tb_next
        for before, after in zip(kept, kept[1:] + [None]):
            before.tb_next = after
        # tb_offset=1 leaves out IPython's own frame that ran the cell, as IPython does for any error.
        return get_ipython().InteractiveTB.structured_traceback(type(self), self, kept[0] if kept else None,
                                                                 tb_offset=1)


CheckFailed.__name__ = CheckFailed.__qualname__ = "AssertionError"  # students see the familiar name


def _in_the_kernel(function):
    """Hidden tests run in the grader's process and hold handles to the student's objects, which stay in the kernel
    (course_utils.grading.hidden): given such a handle, this function runs in the kernel, where the object is."""
    @_functools.wraps(function)
    def observe(*args, **kwargs):
        for arg in (*args, *kwargs.values()):
            run_there = getattr(type(arg), "_run_in_kernel", None)
            if run_there is not None:
                return run_there(arg, observe, args, kwargs)
        return function(*args, **kwargs)
    return observe


def _show(values):
    return _array2string(_asarray(values), precision=5, suppress_small=True, threshold=24, max_line_width=88)


def _as_float_array(what, got):
    if got is None:
        raise CheckFailed(f"{what}: got None. Did the function forget to `return` its result?")
    try:
        return _asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise CheckFailed(f"{what}: expected numbers, got a {type(got).__name__}: {got!r:.200}") from None


def check_close(what, got, expected, atol=1e-6, rtol=1e-5, show_values=True):
    """Pass when ``got`` has the shape of ``expected`` and values within tolerance of it.

    ``what`` names the quantity in the message. ``show_values=False`` reports only the size of the error
    (hidden tests use it so that feedback does not spell out their inputs).
    """
    got_array = _as_float_array(what, got)
    expected_array = _asarray(expected, dtype=float)
    if got_array.shape != expected_array.shape:
        raise CheckFailed(f"{what}: expected shape {expected_array.shape}, got shape {got_array.shape}.")
    if not _isfinite(got_array).all() and _isfinite(expected_array).all():
        detail = f"\n  got:      {_show(got_array)}" if show_values else ""
        raise CheckFailed(f"{what}: the result contains nan or inf, but every expected value is finite.{detail}")
    close = _isclose(got_array, expected_array, atol=atol, rtol=rtol)
    if not close.all():
        error = float(_abs(got_array - expected_array)[~close].max())
        message = f"{what}: {int((~close).sum())} of {close.size} values are off (largest error {error:.3g})."
        factor = _constant_factor(got_array, expected_array)
        if factor is not None:
            subject = "Every value is" if close.size > 1 else "It is"
            message += (f" {subject} {factor:.4g} times the expected one" if show_values else
                        f" {subject} off by the same factor") + " (a missing or extra constant factor, such as a " \
                                                              "forgotten 1/m?)."
        if show_values:
            message += f"\n  expected: {_show(expected_array)}\n  got:      {_show(got_array)}"
        raise CheckFailed(message)


def _constant_factor(got, expected):
    """The factor c (not 1) with got == c * expected everywhere, or None. A single value is some multiple of any other,
    so for one value only a whole number or its inverse counts (the mark of a sum taken for a mean, or the reverse)."""
    if not (_isfinite(got).all() and _isfinite(expected).all()) or not _all(expected != 0):
        return None
    ratios = got / expected
    factor = float(_mean(ratios))
    if factor == 0 or _isclose(factor, 1.0, rtol=1e-3, atol=0) or float(_std(ratios)) > 1e-6 * abs(factor):
        return None
    if ratios.size == 1:
        whole = max(abs(factor), 1 / abs(factor))
        if whole < 1.5 or not _isclose(whole, round(whole), rtol=1e-6, atol=0):
            return None
    return factor


def check_equal(what, got, expected):
    """Pass when ``got == expected`` (arrays element-wise, with the same shape)."""
    if isinstance(expected, _ndarray) or isinstance(got, _ndarray):
        got_array, expected_array = _asarray(got), _asarray(expected)
        if got_array.shape != expected_array.shape:
            raise CheckFailed(f"{what}: expected shape {expected_array.shape}, got shape {got_array.shape}.")
        wrong = got_array != expected_array
        if wrong.any():
            raise CheckFailed(f"{what}: {int(wrong.sum())} of {wrong.size} entries differ."
                              f"\n  expected: {_show(expected_array)}\n  got:      {_show(got_array)}")
    elif not _equal(got, expected):
        raise CheckFailed(f"{what}:\n  expected: {expected!r}\n  got:      {got!r}")


def _is_number(value):
    """An int, float or bool, built in or NumPy's (not a subclass someone wrote, which could redefine ``==``)."""
    kind = type(value)
    return kind in (int, float, bool) or (kind.__module__ == "numpy" and isinstance(value, (_integer, _floating,
                                                                                          _bool)))


def _equal(got, expected):
    """``got == expected`` for plain values and containers of them, judged by the expected side's type: an object
    whose ``__eq__`` says yes to anything can't pass for a number, a string or a tuple."""
    if _is_number(expected):
        return _is_number(got) and float(got) == float(expected)
    if type(expected) in (tuple, list):
        return type(got) is type(expected) and len(got) == len(expected) and all(map(_equal, got, expected))
    if type(expected) is dict:
        return type(got) is dict and _equal(sorted(got, key=repr), sorted(expected, key=repr)) and all(
            _equal(got[key], expected[key]) for key in expected)
    if expected is None:
        return got is None
    return type(got) is type(expected) and expected == got


def check_true(condition, message):
    """Pass when ``condition`` holds; otherwise fail with ``message``."""
    if not condition:
        raise CheckFailed(message)


def passed(what):
    """Print the line a student sees when a test cell's public checks all pass."""
    print(f"\N{WHITE HEAVY CHECK MARK} {what}: all public tests passed.")


@_in_the_kernel
def describe_layers(model):
    """(layer type, units, activation) for each layer of a Keras model, e.g. ("Dense", 25, "relu")."""
    described = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        described.append((type(layer).__name__, getattr(layer, "units", getattr(layer, "filters", None)),
                          getattr(activation, "__name__", None)))
    return described


def check_layers(what, model, expected):
    """Pass when the model's layers are ``expected``: a list of (type, units, activation) tuples."""
    got = describe_layers(model)
    if got != [tuple(layer) for layer in expected]:
        def table(layers):
            return "\n".join(f"    {index}: {kind}(units={units}, activation={activation!r})"
                             for index, (kind, units, activation) in enumerate(layers)) or "    (no layers)"
        raise CheckFailed(f"{what}: the layers are not the ones asked for.\n  expected:\n{table(expected)}\n"
                          f"  got:\n{table(got)}{_applied_twice(model)}")


def _applied_twice(model):
    """A hint when the output layer applies softmax or sigmoid and the loss, told from_logits=True, applies it again."""
    layers = describe_layers(model)
    activation = layers[-1][2] if layers else None
    if activation in ("softmax", "sigmoid") and describe_loss(model)[1]:
        return (f"\n  The output layer applies {activation} and the loss, told from_logits=True, applies it again: "
                f"{activation} applied twice. Either the output layer is linear (it gives the scores, the logits) "
                f"and the loss has from_logits=True, or the layer applies {activation} and the loss does not.")
    return ""


@_in_the_kernel
def describe_loss(model):
    """(loss name, from_logits) of a compiled Keras model, whether it was given as an object, a function or a string."""
    loss = getattr(model, "loss", None)
    if loss is None:
        return None, None
    if isinstance(loss, str):
        return loss, False
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    return type(loss).__name__ if hasattr(loss, "get_config") else loss.__name__, bool(config.get("from_logits", False))


def check_loss(what, model, loss_names, from_logits):
    """Pass when the model was compiled with one of ``loss_names`` (class, function or string names) and ``from_logits``."""
    name, logits = describe_loss(model)
    if name is None:
        raise CheckFailed(f"{what}: the model has no loss. Did you call model.compile(loss=...)?")
    if name not in loss_names or logits != from_logits:
        raise CheckFailed(f"{what}:\n  expected: {loss_names[0]} with from_logits={from_logits}\n"
                          f"  got:      {name} with from_logits={logits}{_applied_twice(model)}")


def check_optimizer(what, model, optimizer_name, learning_rate):
    """Pass when the model was compiled with an optimizer of that class name and learning rate."""
    described = describe_optimizer(model)
    if described is None:
        raise CheckFailed(f"{what}: the model has no optimizer. Did you call model.compile(optimizer=...)?")
    got_name, got_rate = described
    if got_name != optimizer_name or not _isclose(got_rate, learning_rate, rtol=1e-6, atol=0):
        raise CheckFailed(f"{what}:\n  expected: {optimizer_name}(learning_rate={learning_rate:g})\n"
                          f"  got:      {got_name}(learning_rate={got_rate:g})")


@_in_the_kernel
def describe_optimizer(model):
    """(class name, learning rate) of a compiled Keras model's optimizer; None when it has none."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    return type(optimizer).__name__, float(_asarray(optimizer.learning_rate))


def check_expression(what, got, expected, points=(-1.7, -0.6, 0.45, 1.3, 2.8), show_values=True):
    """Pass when ``got`` is a SymPy expression equal to the SymPy expression ``expected``.

    ``got`` must be a SymPy expression, not a number, in the same variables as ``expected`` (symbols are matched
    by name, so assumptions such as ``real=True`` do not matter), must simplify to ``expected``, and, for an
    expression in one variable, must agree with it numerically at ``points``.
    """
    import sympy

    _check_symbolic(what, got, sorted(symbol.name for symbol in expected.free_symbols), show_values)
    by_name = {symbol.name: symbol for symbol in expected.free_symbols}
    got = got.xreplace({symbol: by_name[symbol.name] for symbol in got.free_symbols})
    message = f"{what}: the expression is not the expected one."
    if show_values:
        message += f"\n  expected: {expected}\n  got:      {got}"
    if not (sympy.simplify(got - expected) == 0 or got.equals(expected) is True):
        raise CheckFailed(message)
    if len(by_name) == 1 and points is not None:
        (symbol,) = by_name.values()
        xs = _asarray(points, dtype=float)
        got_values = _asarray(sympy.lambdify(symbol, got, modules="numpy")(xs), dtype=float) + 0 * xs
        expected_values = _asarray(sympy.lambdify(symbol, expected, modules="numpy")(xs), dtype=float) + 0 * xs
        if not _isclose(got_values, expected_values, rtol=1e-9, atol=1e-12).all():
            raise CheckFailed(message + " (its values differ)")


def _check_symbolic(what, got, variable_names, show_values):
    """Fail unless ``got`` is an evaluated SymPy expression in exactly the variables ``variable_names``."""
    import sympy

    if got is None:
        raise CheckFailed(f"{what}: got None. Did you forget to assign the expression?")
    if not isinstance(got, sympy.Expr):
        raise CheckFailed(f"{what}: expected a SymPy expression, got a {type(got).__name__}: {got!r:.200}. "
                             "Keep the answer symbolic (sympy.diff returns an expression).")
    if got.has(sympy.Derivative):
        raise CheckFailed(f"{what}: the expression still holds an unevaluated Derivative: {got}. "
                             "Use sympy.diff (or call .doit()).")
    got_names = sorted(symbol.name for symbol in got.free_symbols)
    if got_names != list(variable_names):
        shown = f": {got}" if show_values else ""
        described = ", ".join(got_names) if got_names else "no variable at all (a constant)"
        raise CheckFailed(f"{what}: expected an expression in {', '.join(variable_names) or 'no variable'}, "
                          f"got one in {described}{shown}.")


def check_keys(what, got, keys):
    """Pass when ``got`` is a dict that holds every one of ``keys`` (extra keys are fine)."""
    if got is None:
        raise CheckFailed(f"{what}: got None. Did the function forget to `return` its result?")
    if not isinstance(got, dict):
        raise CheckFailed(f"{what}: expected a dict with the keys {list(keys)}, got a {type(got).__name__}.")
    missing = [key for key in keys if key not in got]
    if missing:
        raise CheckFailed(f"{what}: the dict has no key {', '.join(map(repr, missing))}.\n"
                          f"  expected keys: {list(keys)}\n  got keys:      {list(got)}")


def check_expression_value(what, got, symbol, point, expected_value, atol=1e-9, rtol=1e-9, show_values=True):
    """Pass when ``got`` is a SymPy expression in ``symbol`` (matched by name) whose value at ``symbol = point`` is
    ``expected_value`` within tolerance; a plain number, a constant or an expression in other variables fails."""
    _check_symbolic(what, got, [symbol.name], show_values)
    try:
        value = float(got.subs({variable: point for variable in got.free_symbols}))
    except (TypeError, ValueError):
        raise CheckFailed(f"{what}: its value at {symbol.name} = {point} is not a real number.") from None
    check_close(f"{what} at {symbol.name} = {point}", value, expected_value, atol=atol, rtol=rtol,
                show_values=show_values)


@_in_the_kernel
def check_no_float_errors(what, function, *args):
    """Call ``function(*args)`` and return its result, failing if any step overflows, divides by zero or makes nan.

    NumPy's floating-point warnings (and RuntimeWarnings) are turned into errors for the call, so an answer that
    only *warns* (say ``np.exp(1000.0)``, which becomes inf) fails with a message that says so.
    """
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            with _errstate(over="raise", invalid="raise", divide="raise"):
                return function(*args)
    except (FloatingPointError, OverflowError, RuntimeWarning) as error:
        raise CheckFailed(f"{what}: a step of the computation overflowed, divided by zero or produced nan "
                          f"({error}). Rewrite it so that every intermediate value stays a finite number.") from None


def check_accuracy_per_label(what, probabilities, labels, minimum, label_names=None, threshold=0.5):
    """Pass when ``probabilities`` (shape (m, n_labels), or (m,) for one label), read as yes where they are at least
    ``threshold``, agree with the 0/1 ``labels`` on at least a ``minimum`` fraction of the examples for EVERY label."""
    got = _as_float_array(what, probabilities)
    expected = _asarray(labels, dtype=float)
    if got.shape != expected.shape:
        raise CheckFailed(f"{what}: expected probabilities of shape {expected.shape}, got shape {got.shape}.")
    if not _isfinite(got).all():
        raise CheckFailed(f"{what}: the probabilities contain nan or inf.")
    if got.ndim == 1:
        got, expected = got.reshape(-1, 1), expected.reshape(-1, 1)
    accuracies = ((got >= threshold) == (expected >= 0.5)).mean(axis=0)
    names = list(label_names) if label_names is not None else [f"label {j}" for j in range(len(accuracies))]
    if (accuracies < minimum).any():
        table = "\n".join(f"    {name}: {accuracy:.3f}{'  <- too low' if accuracy < minimum else ''}"
                          for name, accuracy in zip(names, accuracies))
        raise CheckFailed(f"{what}: every label needs an accuracy of at least {minimum:g}; got\n{table}")


def check_probabilities(what, got, expected, atol=1e-6, rtol=1e-5, show_values=True):
    """``check_close`` for softmax outputs, which first checks that each row (the last axis) adds up to 1: that names
    the usual mistakes (no normalisation, the wrong axis) before any single value is compared."""
    got_array = _as_float_array(what, got)
    expected_array = _asarray(expected, dtype=float)
    if got_array.shape == expected_array.shape and got_array.size and _isfinite(got_array).all():
        sums = _sum(got_array, axis=-1)
        wrong = ~_isclose(sums, 1.0, rtol=1e-5, atol=1e-6)
        if wrong.any():
            rows = "each row of the probabilities" if got_array.ndim > 1 else "the probabilities"
            message = f"{what}: {rows} must add up to 1 (softmax divides by the sum of the exponentials); "
            message += (f"yours add up to {_show(sums)}." if show_values else "yours do not." if sums.ndim == 0 else
                        f"{int(wrong.sum())} of your {wrong.size} rows do not.")
            if got_array.ndim > 1 and _isclose(_sum(got_array, axis=0), 1.0, rtol=1e-5, atol=1e-6).all():
                message += " The columns add up to 1 instead: softmax over the wrong axis?"
            raise CheckFailed(message)
    check_close(what, got_array, expected_array, atol=atol, rtol=rtol, show_values=show_values)


def check_fit_data(what, model, training_set, held_out, held_out_name="the held-out set"):
    """Pass when ``model.fit`` trained the model on every row of ``training_set`` and on no row of ``held_out``
    (``setup_lab`` makes fit remember the rows it trains on). Held-out data measures how a model does on examples it
    has never seen; trained on, it measures memory. Data fit cannot read row by row (a tf.data pipeline) passes:
    nothing was recorded."""
    from .training import row_digests, rows_seen_by_fit

    seen = rows_seen_by_fit(model)
    training_rows, held_out_rows = row_digests(training_set), row_digests(held_out)
    if seen is None or training_rows is None or held_out_rows is None:
        return
    overlap = len(held_out_rows & seen)
    if overlap:
        raise CheckFailed(f"{what}: model.fit trained the model on {overlap} of the {len(held_out_rows)} examples of "
                          f"{held_out_name}. They are kept aside to measure how well the model does on examples it has "
                          f"never seen; a model that trained on them is measured on its memory instead. Pass only the "
                          f"training set to fit, and start again from a fresh model (run the cell that builds it).")
    missing = len(training_rows - seen)
    if missing:
        raise CheckFailed(f"{what}: model.fit never trained the model on {missing} of the {len(training_rows)} training "
                          f"examples. Pass the whole training set to fit.")
