"""Answer variants (wrong-answer fixtures, mutants) graded in one Python process per lab, not one kernel each.

A variant is the perfect submission with one answer cell replaced. A worker process runs the lab's perfect
submission once, cell by cell, in a namespace of its own, then for each variant runs the cells again from the
variant's exercise on, with the variant's answer. Test cells run as the autograder runs them: the public part in
the namespace, the hidden region through ``hidden`` with ``course_utils.observe`` answering in the same process
(the same requests and the same data a kernel would exchange). A test cell scores when it raises nothing and writes
nothing to stderr (nbgrader's rule); a cell that runs past the time limit is interrupted and fails. Each test cell's
result also says whether its public part alone passed (what the student's own run of the cell showed: the surprise
gap is read from it).

``until="exercise"`` stops a variant after its exercise's last test cell (what the wrong-answer fixtures need);
``until="first_failure"`` runs on through the rest of the notebook until a test cell fails (mutation testing: a
mutant is killed by any test). After an exercise's variants the perfect answers run again from that exercise on, as
far as its variants ran (to the exercise's end, or to the notebook's), and every test cell must pass: a variant that
broke the lab's state for the others (one that changes NumPy's error handling for good, say) is found that way, and
that exercise's variants are graded again, each by a fresh worker.

Run ``python -m course_utils.develop.in_process JOB.json`` (the driver, :func:`grade_variants`, does): results go
to the job's ``results`` file, one JSON line per variant.
"""
import ast
import builtins
import contextlib
import functools
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..grading import hidden, notebooks, samples

UNTIL = ("exercise", "first_failure")


@dataclass(frozen=True)
class Variant:
    key: str        # what the results are filed under
    answer_id: str  # the answer cell it replaces
    source: str     # what that cell holds instead


class CellResult(NamedTuple):
    """A test cell's result: whether it scores, the error when it does not, and whether its public part alone passed
    (None when a hidden region that runs first failed, so the public part did not run)."""

    passed: bool
    message: str
    public_passed: bool = None


class CellTimeout(BaseException):
    """The cell ran past the time limit (a BaseException, as KeyboardInterrupt: ``except Exception`` can't stop it)."""


@functools.lru_cache(maxsize=None)  # the same cells are read for every variant
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
    return frozenset(names)


def _method_owners(source):
    """The names whose methods a cell's top-level code calls (``model`` in ``model.fit(...)``), other than the
    names it binds itself (none for code that does not parse: running it fails anyway)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    owners = {node.func.value.id for statement in tree.body
              if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
              for node in ast.walk(statement)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name)}
    return owners - bound_names(source)


def first_cell(sources, answer, answer_sources):
    """Where a run of the answer cell at index ``answer`` of the cells ``sources`` (holding one of
    ``answer_sources``) begins: at the answer, or at an earlier cell that made an object the answer calls a method of.
    ``model.fit(...)`` trains the model an earlier exercise built; run from the answer alone, every run would go on
    training the same, already trained model."""
    makers = [max((index for index in range(answer) if name in bound_names(sources[index], imports=False)),
                  default=answer)
              for name in set().union(*(_method_owners(source) for source in answer_sources))]
    return min(makers, default=answer)


class Lab:
    """A lab's cells (the perfect submission; test cells as in the source notebook) run in one namespace."""

    def __init__(self, source_nb, release_nb, perfect_student, timeout):
        perfect = samples.make_submission(perfect_student, source_nb, release_nb)
        tests = {notebooks.grade_id(cell): cell.source for cell in source_nb.cells if notebooks.is_test(cell)}
        self.cells = [(notebooks.grade_id(cell), tests.get(notebooks.grade_id(cell), cell.source),
                       notebooks.is_test(cell), notebooks.is_answer(cell))
                      for cell in perfect.cells if cell.cell_type == "code"]
        self.index = {grade_id: index for index, (grade_id, *_) in enumerate(self.cells) if grade_id}
        self.exercises = notebooks.exercises(source_nb)
        setup = [source for grade_id, source, _, _ in self.cells if grade_id == "setup"]
        self.setup_source = setup[0] if setup else ""
        self.timeout = timeout
        from IPython.display import display
        self.namespace = {"__name__": "__main__", "__builtins__": builtins, "display": display}
        self.kernel_imports = None

    def exercise_of(self, answer_id):
        (exercise,) = [e for e in self.exercises if answer_id in e.answer_ids]
        return exercise

    def start_of(self, variant):
        """Where a run of ``variant`` begins: after the previous exercise's last test cell (the cells between two
        exercises may set up what the next relies on, such as a reseed), or earlier (see ``first_cell``)."""
        exercise = self.exercise_of(variant.answer_id)
        position = self.exercises.index(exercise)
        after_previous = (self.index[self.exercises[position - 1].test_ids[-1]] + 1 if position
                          else self.index[exercise.answer_ids[0]])
        answer = self.index[variant.answer_id]
        sources = [source for _, source, _, _ in self.cells]
        return min(after_previous, first_cell(sources, answer, (sources[answer], variant.source)))

    def run(self, start=0, variant=None, until=None, exercise=None):
        """Run the cells from ``start``, with ``variant``'s answer in place of the perfect one, to the end or
        ``until`` (see the module docstring; "exercise": ``exercise``'s last test cell, by default the variant's);
        return {test cell grade_id: CellResult} of the test cells run."""
        if variant is not None:
            self._forget(start)
        if until == "exercise":
            last_test = (exercise or self.exercise_of(variant.answer_id)).test_ids[-1]
        else:
            last_test = None
        results = {}
        for grade_id, source, is_test_cell, is_answer_cell in self.cells[start:]:
            if variant is not None and is_answer_cell and grade_id == variant.answer_id:
                source = variant.source
            outcome = self._run_cell(source, is_test_cell)
            if is_test_cell:
                results[grade_id] = outcome
                if until == "first_failure" and not outcome.passed:
                    break
            if last_test is not None and grade_id == last_test:
                break
        return results

    def _forget(self, start):
        """Drop the names that only the cells from ``start`` on bind: in a fresh run, a variant that leaves one of
        them out would not find it, so here it must not find the perfect run's."""
        earlier = set().union(*(bound_names(source) for _, source, _, _ in self.cells[:start]))
        for _, source, _, _ in self.cells[start:]:
            for name in bound_names(hidden.split(source)[0]) - earlier:
                self.namespace.pop(name, None)

    def _run_cell(self, source, is_test_cell):
        public, hidden_source, hidden_first = hidden.split(source) if is_test_cell else (source, "", False)
        stderr = io.StringIO()
        public_passed = None  # until the public part has run
        previous = signal.signal(signal.SIGALRM, _interrupt)
        signal.alarm(self.timeout)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
                if hidden_source.strip() and hidden_first:  # the cell's order, as the autograder keeps it
                    self._run_hidden(hidden_source)
                public_passed = False
                exec(compile(public, "<cell>", "exec"), self.namespace)
                public_passed = not stderr.getvalue().strip()
                if hidden_source.strip() and not hidden_first:
                    self._run_hidden(hidden_source)
        except CellTimeout:
            return CellResult(False, f"CellTimeoutError: the cell ran longer than {self.timeout} s", public_passed)
        except BaseException as error:  # noqa: B036 (SystemExit from an answer is a failure like any other)
            return CellResult(False, f"{type(error).__name__}: {error}", public_passed)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        if is_test_cell and stderr.getvalue().strip():
            return CellResult(False, f"the test cell wrote to stderr: {stderr.getvalue().strip()[:500]}", public_passed)
        return CellResult(True, "", public_passed)

    def _run_hidden(self, source):
        if self.kernel_imports is None:
            self.kernel_imports = hidden.setup_imports(self.setup_source)
        hidden.run(source, hidden.Kernel(lambda request: _serve(request, self.namespace)), self.kernel_imports)


def _interrupt(signum, frame):
    raise CellTimeout()


def _serve(request, namespace):
    from course_utils import observe
    return observe.serve(request, namespace)


def work(job):
    """The worker: grade ``job["variants"]`` of one lab in order (see the module docstring), appending a line per
    variant to ``job["results"]``; {"broken": [keys]} when an exercise's control run failed (those variants' lines
    are not to be trusted), {"done": true} at the end."""
    lab = Lab(notebooks.read(job["source"]), notebooks.read(job["release"]), samples.PERFECT, job["timeout"])
    with open(job["results"], "a") as results:
        def write(line):
            results.write(json.dumps(line) + "\n")
            results.flush()

        baseline = lab.run()
        failed = {cell: result.message for cell, result in baseline.items() if not result.passed}
        if failed:
            write({"perfect_failed": failed})
            return
        write({"perfect": "passed"})
        variants = [Variant(*variant) for variant in job["variants"]]
        for exercise in lab.exercises:
            mine = [variant for variant in variants if variant.answer_id in exercise.answer_ids]
            for variant in mine:
                write({"key": variant.key, "cells": lab.run(lab.start_of(variant), variant, job["until"])})
            if not mine:
                continue
            # Up to where the next exercise's variants start, or to the end when they run on to the end.
            control = lab.run(min(lab.start_of(variant) for variant in mine), until=job["until"], exercise=exercise)
            if not all(result.passed for result in control.values()) and len(mine) > 1:
                write({"broken": [variant.key for variant in mine]})
        write({"done": True})


def grade_variants(source_path, release_path, variants, until="exercise", timeout=120):
    """Grade ``variants`` (Variant) of one lab in worker processes; return {variant key: {test cell id:
    CellResult}} (the test cells run: from the variant's start to its exercise's end, or to the first failure).
    Raises RuntimeError when the perfect submission does not pass every test in process."""
    if until not in UNTIL:
        raise ValueError(f"until must be one of {UNTIL}")
    exercises = notebooks.exercises(notebooks.read(source_path))
    order = {answer: index for index, exercise in enumerate(exercises) for answer in exercise.answer_ids}
    tests_of = {answer: exercise.test_ids for exercise in exercises for answer in exercise.answer_ids}
    pending = sorted(variants, key=lambda variant: order[variant.answer_id])  # the order a worker grades them in
    results, alone = {}, set()  # alone: variants graded one per worker (their exercise's control run failed)
    while pending:
        batch = [pending[0]] if pending[0].key in alone else [v for v in pending if v.key not in alone]
        lines, returncode, log = _run_worker(source_path, release_path, batch, until, timeout)
        finished = False
        for line in lines:
            if "perfect_failed" in line:
                raise RuntimeError(f"{source_path}: the perfect submission fails in process: {line['perfect_failed']}")
            if "broken" in line and len(batch) > 1:
                alone |= set(line["broken"])
                for key in line["broken"]:
                    results.pop(key, None)
            elif "key" in line:
                results[line["key"]] = {cell: CellResult(*outcome) for cell, outcome in line["cells"].items()}
            finished = finished or line.get("done", False)
        if not finished:  # the worker ended early: the first variant without a result ended it
            culprit = next((v for v in batch if v.key not in results), None)
            if culprit is None or not any(line.get("perfect") for line in lines):
                raise RuntimeError(f"{source_path}: the variant worker failed (exit code {returncode}):\n{log[-3000:]}")
            results[culprit.key] = {test: CellResult(False, f"the process running this answer ended (exit code "
                                                           f"{returncode})") for test in tests_of[culprit.answer_id]}
        pending = [v for v in pending if v.key not in results]
    return results


def _run_worker(source_path, release_path, batch, until, timeout):
    with tempfile.TemporaryDirectory(prefix="variants-") as scratch:
        job = {"source": str(source_path), "release": str(release_path), "until": until, "timeout": timeout,
               "variants": [[v.key, v.answer_id, v.source] for v in batch],
               "results": str(Path(scratch) / "results.jsonl")}
        (Path(scratch) / "job.json").write_text(json.dumps(job))
        done = subprocess.run([sys.executable, "-m", __name__, str(Path(scratch) / "job.json")], capture_output=True,
                              text=True, env={**os.environ, "MPLBACKEND": "Agg"}, cwd=scratch)
        path = Path(job["results"])
        lines = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return lines, done.returncode, done.stdout + done.stderr


if __name__ == "__main__":
    try:
        work(json.loads(Path(sys.argv[1]).read_text()))
    except Exception:
        traceback.print_exc()
        sys.exit(1)
