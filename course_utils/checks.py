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
_errstate = np.errstate
_integer, _floating, _bool = np.integer, np.floating, np.bool_


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
    elif not _equal(got, expected):
        raise AssertionError(f"{what}:\n  expected: {expected!r}\n  got:      {got!r}")


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
        raise AssertionError(message)


def passed(what):
    """Print the line a student sees when a test cell's public checks all pass."""
    print(f"\N{WHITE HEAVY CHECK MARK} {what}: all public tests passed.")


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
        raise AssertionError(f"{what}: the layers are not the ones asked for.\n  expected:\n{table(expected)}\n"
                             f"  got:\n{table(got)}")


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
        raise AssertionError(f"{what}: the model has no loss. Did you call model.compile(loss=...)?")
    if name not in loss_names or logits != from_logits:
        raise AssertionError(f"{what}:\n  expected: {loss_names[0]} with from_logits={from_logits}\n"
                             f"  got:      {name} with from_logits={logits}")


def check_optimizer(what, model, optimizer_name, learning_rate):
    """Pass when the model was compiled with an optimizer of that class name and learning rate."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise AssertionError(f"{what}: the model has no optimizer. Did you call model.compile(optimizer=...)?")
    got_rate = float(_asarray(optimizer.learning_rate))
    if type(optimizer).__name__ != optimizer_name or not _isclose(got_rate, learning_rate, rtol=1e-6, atol=0):
        raise AssertionError(f"{what}:\n  expected: {optimizer_name}(learning_rate={learning_rate:g})\n"
                             f"  got:      {type(optimizer).__name__}(learning_rate={got_rate:g})")


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
        raise AssertionError(message)
    if len(by_name) == 1 and points is not None:
        (symbol,) = by_name.values()
        xs = _asarray(points, dtype=float)
        got_values = _asarray(sympy.lambdify(symbol, got, modules="numpy")(xs), dtype=float) + 0 * xs
        expected_values = _asarray(sympy.lambdify(symbol, expected, modules="numpy")(xs), dtype=float) + 0 * xs
        if not _isclose(got_values, expected_values, rtol=1e-9, atol=1e-12).all():
            raise AssertionError(message + " (its values differ)")


def _check_symbolic(what, got, variable_names, show_values):
    """Fail unless ``got`` is an evaluated SymPy expression in exactly the variables ``variable_names``."""
    import sympy

    if got is None:
        raise AssertionError(f"{what}: got None. Did you forget to assign the expression?")
    if not isinstance(got, sympy.Expr):
        raise AssertionError(f"{what}: expected a SymPy expression, got a {type(got).__name__}: {got!r:.200}. "
                             "Keep the answer symbolic (sympy.diff returns an expression).")
    if got.has(sympy.Derivative):
        raise AssertionError(f"{what}: the expression still holds an unevaluated Derivative: {got}. "
                             "Use sympy.diff (or call .doit()).")
    got_names = sorted(symbol.name for symbol in got.free_symbols)
    if got_names != list(variable_names):
        shown = f": {got}" if show_values else ""
        described = ", ".join(got_names) if got_names else "no variable at all (a constant)"
        raise AssertionError(f"{what}: expected an expression in {', '.join(variable_names) or 'no variable'}, "
                             f"got one in {described}{shown}.")


def check_keys(what, got, keys):
    """Pass when ``got`` is a dict that holds every one of ``keys`` (extra keys are fine)."""
    if got is None:
        raise AssertionError(f"{what}: got None. Did the function forget to `return` its result?")
    if not isinstance(got, dict):
        raise AssertionError(f"{what}: expected a dict with the keys {list(keys)}, got a {type(got).__name__}.")
    missing = [key for key in keys if key not in got]
    if missing:
        raise AssertionError(f"{what}: the dict has no key {', '.join(map(repr, missing))}.\n"
                             f"  expected keys: {list(keys)}\n  got keys:      {list(got)}")


def check_expression_value(what, got, symbol, point, expected_value, atol=1e-9, rtol=1e-9, show_values=True):
    """Pass when ``got`` is a SymPy expression in ``symbol`` (matched by name) whose value at ``symbol = point`` is
    ``expected_value`` within tolerance; a plain number, a constant or an expression in other variables fails."""
    _check_symbolic(what, got, [symbol.name], show_values)
    try:
        value = float(got.subs({variable: point for variable in got.free_symbols}))
    except (TypeError, ValueError):
        raise AssertionError(f"{what}: its value at {symbol.name} = {point} is not a real number.") from None
    check_close(f"{what} at {symbol.name} = {point}", value, expected_value, atol=atol, rtol=rtol,
                show_values=show_values)


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
        raise AssertionError(f"{what}: a step of the computation overflowed, divided by zero or produced nan "
                             f"({error}). Rewrite it so that every intermediate value stays a finite number.") from None


def check_accuracy_per_label(what, probabilities, labels, minimum, label_names=None, threshold=0.5):
    """Pass when ``probabilities`` (shape (m, n_labels), or (m,) for one label), read as yes where they are at least
    ``threshold``, agree with the 0/1 ``labels`` on at least a ``minimum`` fraction of the examples for EVERY label."""
    got = _as_float_array(what, probabilities)
    expected = _asarray(labels, dtype=float)
    if got.shape != expected.shape:
        raise AssertionError(f"{what}: expected probabilities of shape {expected.shape}, got shape {got.shape}.")
    if not _isfinite(got).all():
        raise AssertionError(f"{what}: the probabilities contain nan or inf.")
    if got.ndim == 1:
        got, expected = got.reshape(-1, 1), expected.reshape(-1, 1)
    accuracies = ((got >= threshold) == (expected >= 0.5)).mean(axis=0)
    names = list(label_names) if label_names is not None else [f"label {j}" for j in range(len(accuracies))]
    if (accuracies < minimum).any():
        table = "\n".join(f"    {name}: {accuracy:.3f}{'  <- too low' if accuracy < minimum else ''}"
                          for name, accuracy in zip(names, accuracies))
        raise AssertionError(f"{what}: every label needs an accuracy of at least {minimum:g}; got\n{table}")
