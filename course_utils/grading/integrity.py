"""Grader-side integrity probes: is the kernel still one whose test results can be trusted?

Student code runs in the same Python process as the public tests, so it can replace the functions they judge with
(``check_close = lambda *args, **kwargs: None``), patch how the kernel answers the hidden tests' requests
(``course_utils.observe``; the hidden tests themselves run in the grader, see ``hidden``), or rewrite IPython so
that a failing cell reports success. The kernel can't prevent that, but the grader can notice
it from outside. It sends the kernel probes that it writes itself, each with a fresh nonce:

- the first probe runs before any cell of the notebook, so before any student code. It imports the grading
  helpers the notebook's public tests use and ``course_utils.observe``, and reports a *state*: a fingerprint of every
  function, class method and constant in them and of the NumPy functions the helpers captured;
- before and after every graded test cell, a probe reports the state again. The grader compares it, in its own
  process, with the first one, and also asks for the names in the notebook that shadow a grading helper and for
  IPython event callbacks defined in the notebook (they could undo a change just before a probe).

A probe always ends in an exception named ``GradingProbe`` whose message starts with the nonce, so a kernel that
no longer runs code, or no longer reports errors, is caught too.
"""
import json
import re
import secrets

from . import hidden, notebooks
from .notebooks import is_test

PROBE_ERROR = "GradingProbe"
HELPER_MODULES = ("course_utils.checks", "course_utils.quiz")  # the public checks the notebooks import
WATCHED_MODULE = re.compile(r"course_utils\.(?:checks|quiz|gradcheck)\b")
ALWAYS_WATCHED = ("course_utils.observe",)  # answers the hidden tests' requests


def _kernel_state(nonce, modules, helper_modules, first):
    """Runs in the kernel: the report on the grading modules (see the module docstring), after the nonce."""
    import hashlib
    import json
    import sys
    import types

    def fingerprint(code):
        digest = hashlib.sha256()

        def feed(code_object):
            digest.update(code_object.co_code)
            digest.update(repr((code_object.co_names, code_object.co_varnames, code_object.co_freevars,
                                code_object.co_argcount, code_object.co_kwonlyargcount)).encode())
            for const in code_object.co_consts:
                if isinstance(const, types.CodeType):
                    feed(const)
                else:
                    digest.update(repr(const).encode())

        feed(code)
        return digest.hexdigest()[:16]

    def describe(value, namespace):
        if isinstance(value, types.FunctionType):
            return (f"function {fingerprint(value.__code__)} defaults={value.__defaults__!r} "
                    f"kwdefaults={value.__kwdefaults__!r} own-globals={value.__globals__ is namespace}")
        implementation = getattr(value, "_implementation", None)
        if isinstance(implementation, types.FunctionType):
            return f"{type(value).__qualname__} of {fingerprint(implementation.__code__)}"
        if isinstance(value, type):
            methods = {name: describe(member, namespace) for name, member in sorted(vars(value).items())
                       if isinstance(member, (types.FunctionType, staticmethod, classmethod, property))}
            return f"class {value.__module__}.{value.__qualname__} id={id(value)} {methods}"
        if isinstance(value, (staticmethod, classmethod)):
            return f"{type(value).__name__} {describe(value.__func__, namespace)}"
        if isinstance(value, property):
            return f"property {[describe(part, namespace) for part in (value.fget, value.fset) if part]}"
        if isinstance(value, types.ModuleType):
            return f"module {value.__name__} id={id(value)}"
        if callable(value):
            return f"{type(value).__module__}.{type(value).__qualname__} id={id(value)}"
        return f"value {hashlib.sha256(repr(value).encode()).hexdigest()[:16]}"

    if first:
        for name in modules:
            __import__(name)
    state = {}
    for name in modules:
        module = sys.modules.get(name)
        if module is None:
            state[name] = "not loaded"
            continue
        namespace = vars(module)
        state[name] = f"module file={getattr(module, '__file__', None)} id={id(module)}"
        for attribute, value in sorted(namespace.items()):
            if not attribute.startswith("__"):
                state[f"{name}.{attribute}"] = describe(value, namespace)
    user_ns = get_ipython().user_ns  # noqa: F821 (the probe runs in an IPython kernel)
    helpers = {}
    for name in helper_modules:
        for attribute, value in vars(sys.modules.get(name, types)).items():
            if isinstance(value, types.FunctionType) and not attribute.startswith("_"):
                helpers[attribute] = (name, value)
    shadowed = sorted(f"{helpers[name][0]}.{name}" for name, value in list(user_ns.items())
                      if name in helpers and value is not helpers[name][1])
    callbacks = sorted(f"{event}: {getattr(callback, '__qualname__', repr(callback))}"
                       for event, registered in get_ipython().events.callbacks.items()  # noqa: F821
                       for callback in registered
                       if getattr(callback, "__module__", None) == "__main__"
                       or "ipykernel_" in getattr(getattr(callback, "__code__", None), "co_filename", ""))
    return nonce + json.dumps({"state": state, "shadowed": shadowed, "callbacks": callbacks})


def modules_to_watch(nb):
    """The check helpers, course_utils.observe and every course_utils module of checks that the kernel's part of the
    notebook's locked and test cells names."""
    named = {match for cell in nb.cells if is_test(cell) or notebooks.nbgrader_meta(cell).get("locked")
             for match in WATCHED_MODULE.findall(hidden.split(cell.source)[0])}
    return sorted(named | set(HELPER_MODULES) | set(ALWAYS_WATCHED))


def probe_code(modules, first):
    """(nonce, source) of a fresh probe; its names live only inside a function and a variable the probe deletes.
    The report is raised at the cell's top level: raised inside the function, IPython's traceback of the long cell
    cost about 10 ms more per probe."""
    import inspect

    nonce = secrets.token_hex(12)
    function, report = f"_grading_probe_{nonce}", f"_grading_report_{nonce}"
    body = inspect.getsource(_kernel_state).replace("def _kernel_state(", f"def {function}(", 1)
    helpers = [name for name in modules if name in HELPER_MODULES]
    source = (f"{body}\ntry:\n    {report} = {function}({nonce!r}, {modules!r}, {helpers!r}, {first!r})\n"
              f"finally:\n    del {function}\n"
              f"raise type({PROBE_ERROR!r}, (Exception,), {{}})(globals().pop({report!r}))\n")
    return nonce, source


def read_probe(nonce, reply_content):
    """The report of a probe's reply, or raise TamperedKernel when the reply can't be the probe's."""
    if reply_content.get("status") != "error" or reply_content.get("ename") != PROBE_ERROR:
        raise TamperedKernel("the kernel no longer runs the grader's code faithfully: its cell execution or its "
                             "error reporting was changed by code in the notebook")
    evalue = reply_content.get("evalue", "")
    if not evalue.startswith(nonce):
        raise TamperedKernel("the kernel answered the grader's check with a forged result")
    try:
        return json.loads(evalue[len(nonce):])
    except ValueError:
        raise TamperedKernel("the kernel answered the grader's check with an unreadable result") from None


def problems(baseline, report):
    """Plain-language list of what changed since the first probe (empty when nothing did)."""
    found = []
    for key, value in baseline["state"].items():
        now = report["state"].get(key)
        if now != value:
            found.append(f"{key} was removed" if now is None else f"{key} was changed or replaced")
    found += [f"the name {name.rsplit('.', 1)[1]!r} no longer refers to the check helper {name}"
              for name in report["shadowed"]]
    found += [f"the notebook registered an IPython callback ({callback})" for callback in report["callbacks"]]
    return found


class TamperedKernel(Exception):
    """The kernel can't be trusted to report test results any more."""
