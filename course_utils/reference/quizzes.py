"""The quizzes' answer check. A question's key lives with it: the hidden region of its check cell in the source
notebook is one call, ``_Key("answer_q1", "B", "The answer is B, ...").grade(globals())``, which the grader runs in its
own process; the explanation it prints is what a student reads in the feedback after grading. ``keys`` reads a
quiz's keys back from its notebook (for the tests), without running anything."""
import ast
import math
from dataclasses import dataclass

from ..grading import hidden, notebooks

NUMBER_TYPES = {"builtins.int", "builtins.float", "numpy.int64", "numpy.int32", "numpy.float64", "numpy.float32"}


@dataclass(frozen=True)
class Key:
    name: str  # the variable the question's answer cell sets
    answer: object  # a letter, a set of letters, or a number
    explanation: str
    relative_tolerance: float = 1e-3

    def __post_init__(self):
        if isinstance(self.answer, set):
            object.__setattr__(self, "answer", frozenset(self.answer))

    def accepts(self, given):
        # Exact built-in types only: a subclass could redefine == (or float()) to agree with anything.
        if isinstance(self.answer, frozenset):
            return type(given) in (set, frozenset) and all(type(item) is str for item in given) \
                and frozenset(given) == self.answer
        if isinstance(self.answer, str):
            return type(given) is str and str.__eq__(given, self.answer)
        return (f"{type(given).__module__}.{type(given).__name__}" in NUMBER_TYPES
                and math.isclose(float(given), self.answer, rel_tol=self.relative_tolerance, abs_tol=1e-9))

    def grade(self, namespace):
        """Print the explanation of the right answer (also when the question is not answered); fail unless the
        notebook's answer, ``namespace[self.name]``, is right."""
        given = namespace.get(self.name)  # None: not answered
        right = self.accepts(given)
        print(("Right. " if right else "Not right. ") + self.explanation)
        if not right:
            raise AssertionError(f"{self.name} = {given!r} is not the right answer (the explanation above says why).")


def keys(source_nb):
    """{answer name: Key} of a quiz's source notebook, read from the ``_Key(...)`` calls of its hidden regions."""
    found = {}
    for cell in source_nb.cells:
        if not notebooks.is_test(cell):
            continue
        for node in ast.walk(ast.parse(hidden.split(cell.source)[1])):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_Key":
                key = Key(*(ast.literal_eval(argument) for argument in node.args))
                found[key.name] = key
    return found
