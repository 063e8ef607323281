"""Hidden tests run in the grader (course_utils/grading/hidden.py) and ask the kernel (course_utils/observe.py) for
observations. Here the kernel's side answers in this process, from a namespace of its own."""
import json

import numpy as np
import pytest
import sympy

from course_utils import observe
from course_utils.checks import CheckFailed, check_no_float_errors, describe_optimizer
from course_utils.grading import hidden


@pytest.fixture
def notebook():
    """(the notebook's namespace, a Kernel whose requests it answers)."""
    namespace = {}
    return namespace, hidden.Kernel(lambda request: observe.serve(request, namespace))


def run(source, kernel, imported=None):
    return hidden.run(source, kernel, {"__builtins__": __builtins__, "np": np, **(imported or {})})


def test_split_blanks_the_hidden_lines_and_keeps_line_numbers():
    public, secret, first = hidden.split("a = 1\n### BEGIN HIDDEN TESTS\nb = 2\n### END HIDDEN TESTS\nc = 3")
    assert public.split("\n") == ["a = 1", "", "", "", "c = 3"] and secret == "b = 2" and not first
    assert hidden.split("# a comment\n### BEGIN HIDDEN TESTS\nb = 2\n### END HIDDEN TESTS\nc = 3")[2]  # runs first
    assert hidden.split("a = 1") == ("a = 1", "", False)


def test_what_a_hidden_region_prints_is_returned_even_when_it_fails(notebook):
    _, kernel = notebook
    assert run("print('explained')", kernel) == "explained\n"
    with pytest.raises(AssertionError) as caught:
        run("print('explained')\nassert False", kernel)
    assert caught.value.printed == "explained\n"


def test_names_resolve_to_builtins_then_imports_then_the_kernel(notebook):
    namespace, kernel = notebook
    namespace.update(len=lambda value: "the student's len", np="the student's np", answer=[1, 2, 3])
    run("assert len(answer) == 3 and np.sum(answer) == 6 and answer == [1, 2, 3]", kernel)
    with pytest.raises(NameError):
        run("missing", kernel)


def test_data_comes_back_as_data_and_objects_as_handles(notebook):
    namespace, kernel = notebook
    namespace["values"] = {"a": (1, 2.5, np.float32(3)), 7: {4, 5}, "big": 2 ** 80, "array": np.arange(6).reshape(2, 3)}
    namespace["f"] = lambda x: x
    got = kernel.request("name", name="values")
    assert got["a"] == (1, 2.5, np.float32(3)) and type(got["a"][2]) is np.float32 and got[7] == {4, 5}
    assert got["big"] == 2 ** 80 and got["array"].shape == (2, 3) and got["array"].dtype == np.arange(1).dtype
    f = kernel.request("name", name="f")
    assert isinstance(f, hidden.RemoteCallable) and kernel.request("name", name="f") is f  # one handle per object
    assert f(np.float64(2.0)) == 2.0


def test_an_array_changed_in_place_is_written_back(notebook):
    namespace, kernel = notebook
    exec("def scale(z):\n    z *= 2\n    return z.sum()", namespace)
    z = np.array([1.0, 2.0])
    assert kernel.request("name", name="scale")(z) == 6.0 and list(z) == [2.0, 4.0]


def test_the_kernels_exceptions_keep_their_class_and_are_marked(notebook):
    namespace, kernel = notebook
    exec("def bad(x):\n    raise ValueError('no')\nclass Odd(Exception):\n    pass\n"
         "def odd():\n    raise Odd('odd')", namespace)
    with pytest.raises(ValueError, match="no") as caught:
        kernel.request("name", name="bad")(1)
    assert hidden.raised_in_kernel(caught.value)
    with pytest.raises(hidden.KernelError, match="odd") as caught:
        kernel.request("name", name="odd")()
    assert type(caught.value).__name__ == "Odd"


def test_public_helpers_run_where_the_object_is(notebook):
    namespace, kernel = notebook
    exec("import numpy as np\nclass Model:\n    class optimizer:\n        learning_rate = np.float32(0.5)\n"
         "model = Model()\ndef overflow(z):\n    return np.exp(z)", namespace)
    namespace["optimizer"] = type("Adam", (), {"learning_rate": 0.01})()
    exec("class WithAdam:\n    pass\nmodel_with_adam = WithAdam()\nmodel_with_adam.optimizer = optimizer", namespace)
    assert describe_optimizer(kernel.request("name", name="model_with_adam")) == ("Adam", 0.01)
    with pytest.raises(CheckFailed, match="overflowed"):
        check_no_float_errors("overflow", kernel.request("name", name="overflow"), np.array([1000.0]))


def test_in_kernel_and_kernel_function_mean_the_same_in_one_process_and_here(notebook):
    namespace, kernel = notebook
    exec("def call(f, w):\n    return f(w)", namespace)
    square = hidden.kernel_function("lambda w: A @ w", A=np.eye(2) * 3)
    assert list(square(np.ones(2))) == [3.0, 3.0]  # here
    run("assert list(call(square, np.ones(2))) == [3.0, 3.0]", kernel, {"square": square})  # in the kernel
    assert hidden.in_kernel(square) is square  # outside a hidden run: the value itself


@pytest.mark.parametrize("answer", [
    '{"value": {"ndarray": {"dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="}}}',  # an object array
    '{"value": {"ndarray": {"dtype": "<f8", "shape": [1000000], "data": "AAAAAAAAAAA="}}}',  # too little data
    '{"value": {"pickle": "gASVAAAAAAAAAAA="}}',  # an unknown kind
    '{"value": ' + '{"list": [' * 100 + ']}' * 100 + '}',  # nested beyond reason
    '{"value": {"sympy": "__import__(\'os\').system(\'true\')"}}',  # a formula that is code
    '{"value": {"sympy": "Symbol(\'x\').__class__"}}',
    'not json',
])
def test_an_unreadable_or_forged_answer_is_refused(answer):
    with pytest.raises(hidden.ObservationError):
        hidden.Kernel(lambda request: answer).request("name", name="x")


def test_formulas_are_rebuilt_from_sympy_classes():
    w = sympy.Symbol("w", real=True)
    for formula in (3 * w ** 2 - sympy.Rational(1, 2), sympy.exp(-w) * sympy.sin(w) + sympy.pi, sympy.Float(0.25) / w):
        assert hidden.read_formula(sympy.srepr(formula)) == formula
    assert json.loads(observe.serve(json.dumps({"op": "name", "name": "f"}), {"f": w + 1}))["value"] == {
        "sympy": sympy.srepr(w + 1)}


@pytest.mark.parametrize("text", ["Pow(Integer(10), Integer(1000000000))", "Integer(" + "9" * 40 + ")"])
def test_a_formula_that_would_take_forever_to_build_is_refused(text):
    with pytest.raises(ValueError):
        hidden.read_formula(text)
