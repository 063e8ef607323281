"""The kernel's side of the hidden tests: the grader asks, the kernel observes, nothing is judged here.

When a notebook is graded, its hidden tests run in the grader's own process (``course_utils.grading.hidden``), where
the reference solutions, answer keys and expected values stay. Each time a hidden test needs something from the
student's notebook (a variable, an attribute of a model, a function applied to inputs the grader chose), the grader
sends the kernel one request, which :func:`serve` answers with data: numbers, arrays, strings, containers, SymPy
formulas, or a handle for any other object, which the grader can use in later requests. The requests hold only the
inputs; this module holds no secret and is part of what students install.
"""
import base64
import importlib
import json
import sys

import numpy as np

_handles = {}  # id -> object the grader holds a handle to (kept alive so that ids stay unique)
MAX_DEPTH = 20


def serve(request, namespace=None):
    """Answer one request of the grader (a JSON text); return the answer as JSON text. ``namespace``: where the
    notebook's names are (default: the IPython kernel's)."""
    try:
        request = json.loads(request)
        if request["op"] == "name":
            return json.dumps({"value": _encode(_name(request, namespace or _user_namespace()))})
        answer = {"value": _encode(_ANSWER[request["op"]](request))}
    except BaseException as error:  # noqa: B036 (an interrupt from the grader's time limit is reported too)
        answer = {"raised": [type(error).__module__, type(error).__name__, str(error)[:4000]]}
    return json.dumps(answer)


def _user_namespace():
    from IPython import get_ipython
    shell = get_ipython()
    return shell.user_ns if shell is not None else vars(sys.modules["__main__"])


def _name(request, namespace):
    if request["name"] not in namespace:
        raise NameError(f"name {request['name']!r} is not defined")
    return namespace[request["name"]]


def _call(request):
    target = _decode(request["target"])
    args = [_decode(arg) for arg in request["args"]]
    kwargs = {name: _decode(value) for name, value in request["kwargs"].items()}
    before = {index: arg.copy() for index, arg in enumerate(args) if isinstance(arg, np.ndarray)}
    result = target(*args, **kwargs)
    changed = {str(index): args[index] for index, copy in before.items()
               if not np.array_equal(args[index], copy, equal_nan=copy.dtype.kind in "fc")}
    return {"result": result, "changed": changed}  # the grader writes changed arrays back into its own copies


def _convert(request):
    target = _decode(request["target"])
    kind = request["to"]
    if kind == "array":
        return np.asarray(target)
    if kind == "list":
        return list(target)
    return {"float": float, "int": int, "bool": bool, "len": len, "index": lambda value: value.__index__(),
            "str": str, "repr": repr, "same": lambda value: value}[kind](target)


def _release(request):
    _handles.clear()


def _define(request):
    """An object made from the grader's source text (a function the grader passes to a student's function)."""
    return from_source(request["source"], {name: _decode(value) for name, value in request["bindings"].items()})


def from_source(source, values):
    """What the expression ``source`` (the grader's text, never the student's) gives with ``values`` and NumPy as
    ``np`` (and SymPy as ``sympy`` when it names it): the grader and the kernel make a kernel_function alike."""
    namespace = {"np": np, **values}
    if "sympy" in source:
        import sympy
        namespace["sympy"] = sympy
    return eval(source, namespace)


_ANSWER = {
    "getattr": lambda request: getattr(_decode(request["target"]), request["name"]),
    "getitem": lambda request: _decode(request["target"])[_decode(request["key"])],
    "call": _call,
    "convert": _convert,
    "import": lambda request: getattr(importlib.import_module(request["module"]), request["name"]),
    "define": _define,
    "release": _release,
}

PLAIN_DTYPES = "biufc"


def array_data(value):
    """An array of plain numbers as JSON-ready data (the grader reads it back with the same layout)."""
    value = np.asarray(value, order="C")  # (ascontiguousarray would make a 0-d array 1-d)
    return {"dtype": value.dtype.str, "shape": list(value.shape), "data": base64.b64encode(value.tobytes()).decode()}


def _encode(value, depth=0):
    """Data as JSON-ready structures; anything else as a handle."""
    if depth > MAX_DEPTH:
        return _handle(value)
    kind = type(value)
    if value is None or kind in (bool, str, float) or (kind is int and abs(value) < 2 ** 53):
        return value
    if kind is int:
        return {"int": str(value)}
    if kind is complex:
        return {"complex": [value.real, value.imag]}
    if kind in (list, tuple, set, frozenset):
        return {kind.__name__: [_encode(item, depth + 1) for item in value]}
    if kind is dict:
        return {"dict": [[_encode(key, depth + 1), _encode(item, depth + 1)] for key, item in value.items()]}
    if kind is np.ndarray and value.dtype.kind in PLAIN_DTYPES:
        return {"ndarray": array_data(value)}
    if isinstance(value, np.generic) and value.dtype.kind in PLAIN_DTYPES:
        return {"scalar": array_data(np.asarray(value))}
    tf = sys.modules.get("tensorflow")
    if tf is not None and isinstance(value, tf.Tensor) and not isinstance(value, tf.Variable):
        array = value.numpy()
        if array.dtype.kind in PLAIN_DTYPES:
            return {"tensor": array_data(array)}
    sympy = sys.modules.get("sympy")
    if sympy is not None and isinstance(value, sympy.Basic):
        return {"sympy": sympy.srepr(value)}
    return _handle(value)


def _handle(value):
    _handles[id(value)] = value
    return {"handle": {"id": id(value), "type": [type(value).__module__, type(value).__qualname__],
                       "callable": callable(value)}}


def _decode(value):
    """What the grader sent: data, a handle, a Keras model to rebuild, a NumPy function or a SymPy formula."""
    if not isinstance(value, dict):
        return value
    (kind, content), = value.items()
    if kind == "handle":
        return _handles[content["id"]]
    if kind in ("ndarray", "scalar", "tensor"):
        array = np.frombuffer(base64.b64decode(content["data"]), dtype=np.dtype(content["dtype"]))
        array = array.reshape(content["shape"]).copy()
        if kind == "scalar":
            return array[()]
        if kind == "tensor":
            import tensorflow as tf
            return tf.constant(array)
        return array
    if kind in ("list", "tuple", "set", "frozenset"):
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](map(_decode, content))
    if kind == "dict":
        return {_decode(key): _decode(item) for key, item in content}
    if kind == "int":
        return int(content)
    if kind == "complex":
        return complex(*content)
    if kind == "keras":
        import keras
        model = keras.models.model_from_json(content["json"])
        model.set_weights([_decode(weights) for weights in content["weights"]])
        return model
    if kind == "numpy":
        return getattr(np, content)
    if kind == "sympy":
        import sympy
        return sympy.sympify(content)
    raise ValueError(f"unknown kind of value from the grader: {kind}")
