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
