"""The surprise gap: typical wrong answers that pass every public check of their exercise (the student sees
"✅ ... all public tests passed.") and lose points only when graded.

Every wrong answer in ``tests/fixtures/wrong_answers/<lab>/<answer grade_id>--<mistake>.py`` loses points under
``nbgrader autograde`` (tests/test_wrong_answers.py proves it). Here each one meets the public checks only. Per lab,
one kernel runs the perfect submission with the hidden tests removed (what nbgrader's ClearHiddenTests leaves) up to
its last test cell; then, for each wrong answer, it runs the cells from the end of the previous exercise up to the
exercise's last test cell, with the wrong answer in place of its answer cell, and records whether one of those test
cells raised (the cells between two exercises may set up what the next one relies on, such as a reseed). Before, it
forgets the names that only the perfect answer binds (in a fresh run, a wrong answer that leaves one out would not
find it), and an answer that calls a method of an object an earlier cell made (``model.fit``) is run from that cell.
After, it re-runs the perfect answer and the same cells, which must pass again: a failure there means the wrong
answer left state behind that the next measurement would inherit, so the command stops (MeasurementError).

A wrong answer that passes publicly is either a legitimate exception (only data the student has not seen can tell
it from a right one, or telling would give away a choice's key) or a public check to add;
``tests/fixtures/wrong_answers/public-gap.yaml`` says which, and
tests/test_surprise_gap.py keeps it equal to what this measures.

The quizzes are out of scope by design: their check cells check only an answer's form (telling a right answer from a
wrong one would reveal the key), so every wrong answer passes them.
"""
import ast
import fnmatch
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import notebooks, samples
from .answer_fixtures import WRONG_ANSWERS, answer_fixtures
from .mutation import PERFECT, labs

QUIZ_NOTE = ("The quizzes are out of scope by design: their check cells check only an answer's form (telling right "
             "from wrong would reveal the key), so every wrong answer passes them.")


@dataclass(frozen=True)
class LabGap:
    assignment: str
    measured: int  # wrong answers run
    passing: dict  # {exercise's answer ids joined by "/": [names of the wrong answers that pass publicly]}
    seconds: float

    @property
    def names(self):
        return {name for names in self.passing.values() for name in names}


class MeasurementError(RuntimeError):
    """The perfect submission failed a public check (from the start, or after a wrong answer left state behind), so
    what the wrong answers did could not be told apart from that."""


def public_notebook(source_nb):
    """The perfect submission as the student's public checks see it: solutions in, hidden tests out."""
    from nbgrader.preprocessors import ClearHiddenTests

    cleared, _ = ClearHiddenTests().preprocess(notebooks.copy_of(source_nb), {})
    return samples.make_submission(PERFECT, source_nb, cleared)


def bound_names(source, imports=True):
    """The names a cell's top-level code binds (definitions, assignments and, when ``imports``, imports)."""
    names = set()
    for statement in ast.parse(source).body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in statement.names} if imports else set()
        else:
            names |= {node.id for node in ast.walk(statement)
                      if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return names


def _method_owners(source):
    """The names whose methods a cell's top-level code calls (``model`` in ``model.fit(...)``), other than the
    names it binds itself."""
    owners = {node.func.value.id for statement in ast.parse(source).body
              if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
              for node in ast.walk(statement)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name)}
    return owners - bound_names(source)


def first_cell(nb, answer, sources):
    """Where a run of the answer cell at index ``answer`` (holding one of ``sources``) begins: at the answer, or at
    an earlier cell that made an object the answer calls a method of. ``model.fit(...)`` trains the model an earlier
    exercise built; run from the answer alone, every run would go on training the same, already trained model."""
    makers = [max((index for index in range(answer) if nb.cells[index].cell_type == "code"
                   and name in bound_names(nb.cells[index].source, imports=False)), default=answer)
              for name in set().union(*(_method_owners(source) for source in sources))]
    return min(makers, default=answer)


def _failed_tests(client, nb, indices):
    """Run the cells at ``indices`` in order; the grade ids of the test cells among them that raised."""
    failed = []
    for index in indices:
        cell = client.execute_cell(nb.cells[index], index)
        if notebooks.is_test(cell) and any(output.output_type == "error" for output in cell.outputs):
            failed.append(notebooks.grade_id(cell))
    return failed


def measure_lab(course, assignment):
    """Run every wrong answer of a lab against the public checks; the LabGap of those that pass them."""
    from nbclient import NotebookClient

    from ..lab import QUIET_TF_ENV
    from .config import nbgrader_config

    started = time.perf_counter()
    source_nb = notebooks.read(course.notebook("source", assignment))
    nb = public_notebook(source_nb)
    index = {notebooks.grade_id(cell): i for i, cell in enumerate(nb.cells)
             if notebooks.is_answer(cell) or notebooks.is_test(cell)}
    exercises = notebooks.exercises(source_nb)
    wrong = answer_fixtures(course.root, WRONG_ANSWERS, assignment)
    strays = [answer.name for answer in wrong if not any(answer.answer_id in e.answer_ids for e in exercises)]
    if strays:
        raise ValueError(f"{assignment}: wrong answers for no answer cell of the lab: {strays}")
    config = nbgrader_config(course).Execute
    passing = {}
    with tempfile.TemporaryDirectory(prefix=f"surprise-gap-{assignment}-") as folder:
        client = NotebookClient(nb, timeout=config.timeout, startup_timeout=config.startup_timeout,
                                iopub_timeout=config.iopub_timeout, extra_arguments=list(config.extra_arguments),
                                kernel_name="python3", allow_errors=True, resources={"metadata": {"path": folder}})
        client.reset_execution_trackers()
        with client.setup_kernel(env={**os.environ, **QUIET_TF_ENV}):
            failed = _failed_tests(client, nb, range(max(index[e.test_ids[-1]] for e in exercises) + 1))
            if failed:
                raise MeasurementError(f"{assignment}: the perfect submission fails its public checks in {failed}")
            for previous, exercise in zip([None, *exercises], exercises):
                names = passing.setdefault("/".join(exercise.answer_ids), [])
                # The cells between the previous exercise and this one run too: they may set up what it relies on
                # (lab4 reseeds before training, so that every run starts from the same weights).
                after_previous = index[previous.test_ids[-1]] + 1 if previous else index[exercise.answer_ids[0]]
                for answer in (answer for answer in wrong if answer.answer_id in exercise.answer_ids):
                    start, source = index[answer.answer_id], answer.path.read_text()
                    perfect = nb.cells[start].source
                    cells = range(min(after_previous, first_cell(nb, start, (perfect, source))),
                                  index[exercise.test_ids[-1]] + 1)
                    earlier = set().union(*(bound_names(cell.source) for cell in nb.cells[:cells.start]
                                            if cell.cell_type == "code"))
                    forget = client.kc.execute(f"for _name in {sorted(bound_names(perfect) - earlier)!r}:\n"
                                               "    globals().pop(_name, None)", silent=True, store_history=False)
                    client.wait_for_reply(forget)
                    nb.cells[start].source = source
                    try:
                        failed = _failed_tests(client, nb, cells)
                    finally:
                        nb.cells[start].source = perfect
                    if not set(failed) <= set(exercise.test_ids):
                        raise MeasurementError(f"{assignment}: with the wrong answer {answer.name}, tests of "
                                               f"earlier exercises failed: {failed}")
                    if not failed:
                        names.append(answer.name)
                    failed = _failed_tests(client, nb, cells)
                    if failed:
                        raise MeasurementError(f"{assignment}: after the wrong answer {answer.name}, the perfect "
                                               f"answer fails its public checks in {failed}: the wrong answer left "
                                               "state behind")
    return LabGap(assignment, len(wrong), passing, time.perf_counter() - started)


def measure(course, assignments, jobs=2):
    """The LabGap of each of ``assignments`` (labs), in order, ``jobs`` labs at a time (each in its own kernel)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        yield from pool.map(lambda assignment: measure_lab(course, assignment), assignments)


def main(course, patterns=None, jobs=2):
    """Measure the labs matching ``patterns`` (shell patterns; default: every lab) and print the gap."""
    chosen = [name for name in labs(course)
              if not patterns or any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]
    print("Surprise gap: wrong answers (tests/fixtures/wrong_answers) that pass every public check of their exercise "
          "and lose points only when graded.")
    print(QUIZ_NOTE, flush=True)
    total = measured = 0
    for gap in measure(course, chosen, jobs):
        total, measured = total + len(gap.names), measured + gap.measured
        print(f"\n{gap.assignment}: {len(gap.names)} of {gap.measured} pass publicly ({gap.seconds:.0f} s)")
        for exercise, names in gap.passing.items():
            print(f"  {exercise}: " + (", ".join(name.split("--", 1)[1] for name in names) or "-"), flush=True)
    print(f"\nTotal: {total} of {measured} wrong answers pass every public check.")
    return 0
