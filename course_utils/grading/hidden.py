"""Hidden tests run in the grader's process, not in the student's kernel.

A test cell's hidden region (between nbgrader's BEGIN/END HIDDEN TESTS markers) is Python that the autograder
(``execute.GuardedExecute``) runs here, after the kernel ran the cell's public part. Names the region does not
define itself resolve, in order, to Python's builtins, the names the notebook's setup cell imports (imported here,
in the grader), and last to the student's kernel: a variable of the notebook arrives as data (numbers, arrays,
strings, containers, SymPy formulas) or as a :class:`Remote` handle to an object that stays in the kernel (a model,
a function). Calling a handle, reading its attributes or converting it asks the kernel
(``course_utils.observe.serve``), which sends back data or handles again. Reference solutions, answer keys,
expected values and the comparisons never enter the kernel, so nothing a student's code does there can read them.

Two helpers keep a hidden region's meaning the same where it runs in one process (nbgrader's validator runs the
instructor's source notebook in an ordinary kernel): :func:`in_kernel` (the kernel's own copy of a model the test
built, for tests that watch what a student's function does to it) and :func:`kernel_function` (a function, given as
source text, that a student's function will call).
"""
import ast
import base64
import builtins
import contextlib
import contextvars
import io
import json
import re
import sys

import numpy as np

from course_utils.checks import CheckFailed
from course_utils.observe import PLAIN_DTYPES, array_data, from_source

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
HIDDEN_NOTE = "(raised by a hidden test, which the grader runs in its own process; its code is not shown)"
MAX_ANSWER_CHARS = 200_000_000  # an answer of the kernel larger than this is refused (a flood, not an observation)
MAX_DEPTH = 40
MAX_FORMULA_NODES = 20_000
MAX_FORMULA_INTEGER, MAX_FORMULA_POWER = 10 ** 30, 1000
# The kernel's exceptions that keep their class here (code in a hidden region may catch them).
BUILTIN_ERRORS = {name: getattr(builtins, name) for name in dir(builtins)
                  if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), Exception)}

_kernel = contextvars.ContextVar("hidden_test_kernel", default=None)


class ObservationError(Exception):
    """The kernel's answer to the grader was not readable data (code in the notebook changed how it answers)."""


class KernelError(Exception):
    """An exception raised in the kernel whose class the grader does not have; named after it."""


class HiddenTestTimeout(Exception):
    """The kernel did not answer a hidden test's request within the cell time limit."""


def split(source):
    """(the cell as the kernel runs it: hidden lines blanked, so line numbers stay; the hidden region's source;
    whether the hidden region comes before the cell's first line of code, and so runs first)."""
    kept, hidden, inside, code_before = [], [], False, False
    for line in source.split("\n"):
        marker = line.strip()
        if marker == BEGIN:
            inside = True
        elif marker == END:
            inside = False
        elif inside:
            hidden.append(line)
            kept.append("")
            continue
        code_before = code_before or bool(marker and not marker.startswith("#") and not hidden)
        kept.append("" if marker in (BEGIN, END) else line)
    return "\n".join(kept), "\n".join(hidden), bool(hidden) and not code_before


# --- the grader's side of the conversation --------------------------------------------------------------------------

class Kernel:
    """The student's kernel as hidden tests see it. ``ask(text) -> text`` sends one request to
    ``course_utils.observe.serve`` and returns its answer."""

    def __init__(self, ask):
        self._ask = ask
        self._remotes = {}

    def request(self, op, **fields):
        text = self._ask(json.dumps({"op": op, **fields}))
        if not isinstance(text, str) or len(text) > MAX_ANSWER_CHARS:
            raise ObservationError("the kernel's answer to the grader is not text of a sensible size")
        try:
            answer = json.loads(text)
            raised = [str(part) for part in answer["raised"]][:3] if "raised" in answer else None
            if raised is not None and len(raised) != 3:
                raise ValueError("an exception without module, name and message")
            value = None if raised else self.decode(answer["value"])
        except (ValueError, KeyError, TypeError, RecursionError, AttributeError) as error:
            raise ObservationError(f"the kernel's answer to the grader could not be read ({type(error).__name__}: "
                                   f"{str(error)[:200]}); did code in the notebook change course_utils.observe or "
                                   "IPython?") from None
        if raised:
            module, name, message = raised
            raise _kernel_exception(module, name, message)
        return value

    def release(self):
        """Let the kernel forget the objects this hidden region used."""
        self._remotes.clear()
        try:
            self.request("release")
        except (ObservationError, KernelError):
            pass

    def decode(self, value, depth=0):
        """The kernel's data as Python objects, read without trusting them (no pickle, no eval)."""
        if depth > MAX_DEPTH:
            raise ValueError("too deeply nested")
        if value is None or type(value) in (bool, str, int, float):
            return value
        (kind, content), = value.items()
        if kind in ("list", "tuple", "set", "frozenset"):
            items = [self.decode(item, depth + 1) for item in content]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
        if kind == "dict":
            return {self.decode(key, depth + 1): self.decode(item, depth + 1) for key, item in content}
        if kind in ("ndarray", "scalar", "tensor"):
            array = _read_array(content)
            if kind == "scalar":
                return array[()]
            if kind == "tensor":
                import tensorflow as tf
                return tf.constant(array)
            return array
        if kind == "int":
            return int(content)
        if kind == "complex":
            return complex(float(content[0]), float(content[1]))
        if kind == "sympy":
            return read_formula(content)
        if kind == "handle":
            handle = int(content["id"])
            if handle not in self._remotes:
                module, name = (str(part) for part in content["type"])
                kind_of = RemoteCallable if content["callable"] is True else Remote
                self._remotes[handle] = kind_of(self, handle, f"{module}.{name}")
            return self._remotes[handle]
        raise ValueError(f"unknown kind {kind!r}")

    def encode(self, value, depth=0):
        """What the grader sends: data, handles, Keras models (rebuilt there), NumPy functions, SymPy formulas."""
        if depth > MAX_DEPTH:
            raise ValueError("the grader cannot send data nested this deeply")
        if isinstance(value, Remote):
            if value._kernel is not self:
                raise ValueError("a handle from another notebook's kernel")
            return {"handle": {"id": value._handle}}
        if isinstance(value, KernelFunction):
            return self.encode(self.request("define", source=value.source,
                                            bindings={name: self.encode(item) for name, item in value.bindings.items()}))
        kind = type(value)
        if value is None or kind in (bool, str, float) or (kind is int and abs(value) < 2 ** 53):
            return value
        if kind is int:
            return {"int": str(value)}
        if kind in (list, tuple, set, frozenset):
            return {kind.__name__: [self.encode(item, depth + 1) for item in value]}
        if kind is dict:
            return {"dict": [[self.encode(key, depth + 1), self.encode(item, depth + 1)] for key, item in value.items()]}
        if kind is np.ndarray:
            return {"ndarray": array_data(value)}
        if isinstance(value, np.generic):
            return {"scalar": array_data(np.asarray(value))}
        if isinstance(value, np.ufunc) or getattr(np, getattr(value, "__name__", ""), None) is value:
            return {"numpy": value.__name__}
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(value, keras.Model):
            return {"keras": {"json": value.to_json(), "weights": [self.encode(w) for w in value.get_weights()]}}
        tf = sys.modules.get("tensorflow")
        if tf is not None and isinstance(value, tf.Tensor):
            return {"tensor": array_data(value.numpy())}
        sympy = sys.modules.get("sympy")
        if sympy is not None and isinstance(value, sympy.Basic):
            return {"sympy": sympy.srepr(value)}
        raise TypeError(f"the grader cannot send a {kind.__module__}.{kind.__qualname__} to the kernel (hidden tests "
                        "pass data, handles, Keras models, SymPy formulas and kernel_function(...))")


def _kernel_exception(module, name, message):
    """The exception to raise here for one the kernel reported: the same class where the grader has it."""
    if name == CheckFailed.__name__ and module == CheckFailed.__module__:
        error = CheckFailed(message)
    elif module == "builtins" and name in BUILTIN_ERRORS:
        error = BUILTIN_ERRORS[name](message)
    else:
        error = type(name, (KernelError,), {"__module__": "kernel"})(message)
    error.raised_in_kernel = True
    return error


def raised_in_kernel(error):
    """Whether ``error`` was raised by code in the student's kernel (and not by a hidden test's own code)."""
    return getattr(error, "raised_in_kernel", False)


def _read_array(content):
    dtype = np.dtype(str(content["dtype"]))
    shape = [int(size) for size in content["shape"]]
    if dtype.kind not in PLAIN_DTYPES or dtype.fields or len(shape) > 32 or min(shape, default=0) < 0:
        raise ValueError("not an array of numbers")
    data = base64.b64decode(content["data"], validate=True)
    if len(data) != dtype.itemsize * int(np.prod(shape, dtype=object)):
        raise ValueError("array data of the wrong length")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def read_formula(text):
    """A SymPy formula from its ``srepr`` text, built from SymPy's own classes only (the text is never evaluated);
    integers stay small enough that building it cannot hang the grader (no ``Pow(10, 10**9)``)."""
    import sympy

    if len(text) > 1_000_000:
        raise ValueError("formula too long")
    tree = ast.parse(text, mode="eval")
    if sum(1 for _ in ast.walk(tree)) > MAX_FORMULA_NODES:
        raise ValueError("formula too large")

    def build(node):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, str, bool, type(None)):
            if type(node.value) is int and abs(node.value) > MAX_FORMULA_INTEGER:
                raise ValueError("an integer too large for a formula")
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            return -build(node.operand)
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(map(build, node.elts))
        if isinstance(node, ast.Name):
            value = getattr(sympy, node.id, None)
            if isinstance(value, sympy.Basic):  # pi, E, I, oo, nan, ...
                return value
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            function = getattr(sympy, node.func.id, None)
            if isinstance(function, type) and issubclass(function, sympy.Basic):
                args = list(map(build, node.args))
                if function is sympy.Pow and isinstance(args[1], sympy.Integer) and abs(args[1]) > MAX_FORMULA_POWER:
                    raise ValueError("a power too large for a formula")
                keywords = {keyword.arg: build(keyword.value) for keyword in node.keywords if keyword.arg}
                return function(*args, **keywords)
        raise ValueError(f"not part of a SymPy formula: {ast.dump(node)[:80]}")

    return build(tree.body)


def _conversion(to, then):
    """A method of Remote for one of Python's conversions: the kernel converts the object ``to`` a kind of value,
    ``then`` makes the answer of the type Python asked for."""
    def convert(self):
        return then(self._convert(to))
    return convert


class Remote:
    """An object that stays in the student's kernel; what a hidden test does with it becomes a request there."""

    __slots__ = ("_kernel", "_handle", "_type")

    def __init__(self, kernel, handle, type_name):
        self._kernel, self._handle, self._type = kernel, handle, type_name

    def __getattr__(self, name):
        if name.startswith("__"):  # NumPy and others probe for protocols this way
            raise AttributeError(name)
        return self._kernel.request("getattr", target=self._kernel.encode(self), name=name)

    def __getitem__(self, key):
        return self._kernel.request("getitem", target=self._kernel.encode(self), key=self._kernel.encode(key))

    def _convert(self, to):
        return self._kernel.request("convert", target=self._kernel.encode(self), to=to)

    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self._convert("array"))
        return array if dtype is None else array.astype(dtype)

    # Python's conversions, each one request: (what the kernel converts the object to, what makes it the type Python
    # asks for here).
    __float__ = _conversion("float", float)
    __int__ = _conversion("int", int)
    __index__ = _conversion("index", int)
    __bool__ = _conversion("bool", bool)
    __len__ = _conversion("len", int)
    __iter__ = _conversion("list", iter)
    __str__ = _conversion("str", str)
    __repr__ = _conversion("repr", str)

    def _run_in_kernel(self, function, args, kwargs):
        """``function`` (one of the course's public helpers) computed in the kernel, where this object is."""
        there = self._kernel.request("import", module=function.__module__, name=function.__name__)
        return there(*args, **kwargs)


class RemoteCallable(Remote):
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        kernel = self._kernel
        answer = kernel.request("call", target=kernel.encode(self), args=[kernel.encode(arg) for arg in args],
                                kwargs={name: kernel.encode(value) for name, value in kwargs.items()})
        for index, after in answer["changed"].items():  # the student's function changed an array it was given
            sent = args[int(index)]
            if isinstance(sent, np.ndarray) and isinstance(after, np.ndarray) and sent.shape == after.shape:
                np.copyto(sent, after, casting="unsafe")
        return answer["result"]


# --- helpers for hidden regions ---------------------------------------------------------------------------------------

class KernelFunction:
    """A function that a student's function will call, given as Python source (an expression) and the values it uses.
    Called here, it runs here; passed to the kernel, the kernel makes its own from the same source."""

    def __init__(self, source, bindings):
        self.source, self.bindings = source, bindings
        self._local = from_source(source, bindings)

    def __call__(self, *args, **kwargs):
        return self._local(*args, **kwargs)


def kernel_function(source, **bindings):
    """A function for a student's function to call, e.g. ``kernel_function("lambda w: A @ w", A=matrix)``."""
    return KernelFunction(source, bindings)


def in_kernel(value):
    """The kernel's own copy of ``value`` (a Keras model the test built), when the hidden test runs in the grader:
    what a student's function does to it can then be observed. In one process, ``value`` itself."""
    kernel = _kernel.get()
    if kernel is None:
        return value
    return kernel.request("convert", target=kernel.encode(value), to="same")


# --- running a hidden region --------------------------------------------------------------------------------------------

class HiddenNamespace(dict):
    """A hidden region's globals: what it defines, then builtins, the setup cell's imports, the kernel's names."""

    def __init__(self, kernel, imported):
        super().__init__(imported)
        self._kernel = kernel

    def __missing__(self, name):
        if hasattr(builtins, name):
            return getattr(builtins, name)
        try:
            value = self._kernel.request("name", name=name)
        except NameError:
            raise KeyError(name) from None
        self[name] = value
        return value

    def get(self, name, default=None):
        """The notebook's ``name``, or ``default`` when it defines none (an exercise left unanswered): dict.get
        would skip the kernel."""
        try:
            return self[name]
        except KeyError:
            return default


IMPORTS_NOT_NEEDED = re.compile(r"^course_utils\.lab$|^matplotlib")


def setup_imports(setup_source):
    """The names the notebook's setup cell imports, imported here (course_utils.lab's setup is the kernel's business)."""
    tree = ast.parse(setup_source)
    kept = [node for node in tree.body if isinstance(node, ast.Import) and not any(
                IMPORTS_NOT_NEEDED.match(alias.name) for alias in node.names)
            or isinstance(node, ast.ImportFrom) and not IMPORTS_NOT_NEEDED.match(node.module or "")]
    namespace = {"__name__": "hidden_tests", "__builtins__": builtins}
    exec(compile(ast.Module(body=kept, type_ignores=[]), "<setup imports>", "exec"), namespace)
    return namespace


def run(source, kernel, imported):
    """Run a hidden region against ``kernel``; return what it printed (a quiz's explanation). A failed check raises
    (CheckFailed, or the kernel's exception) with what it printed before in ``error.printed``."""
    token = _kernel.set(kernel)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(source, "<hidden test>", "exec"), HiddenNamespace(kernel, imported))
    except Exception as error:
        error.printed = printed.getvalue()
        raise
    finally:
        _kernel.reset(token)
        kernel.release()
    return printed.getvalue()
