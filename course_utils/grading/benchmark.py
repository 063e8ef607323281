"""Benchmark: per assignment, the seconds to execute its source notebook, the share of that spent in hidden tests,
and the seconds to autograde one submission of it.

Run with ``make benchmark``. Timings are wall-clock on this machine; each execution starts a fresh kernel started the
way the grader starts it. The hidden-test share compares the test cells of the source notebook (public + hidden tests) with
the same cells of the perfect sample submission (public tests only), timed by the kernel's own timestamps, and divides
the difference by the submission's total cell time (so noise in training cells does not enter the difference).
"""
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

from nbclient import NotebookClient

from . import notebooks, samples
from .config import nbgrader_config
from .course import Course
from .nbgrader_cli import run_nbgrader

PERFECT = next(student for student in samples.SAMPLE_STUDENTS if student.solves == "all")


def execute(course, nb, folder):
    """Execute ``nb`` in ``folder``; return (wall seconds, {cell index: seconds the kernel spent running it})."""
    config = nbgrader_config(course).Execute
    started = time.perf_counter()
    NotebookClient(nb, timeout=config.timeout, extra_arguments=list(config.extra_arguments), kernel_name="python3",
                   allow_errors=True, resources={"metadata": {"path": str(folder)}}).execute()
    wall = time.perf_counter() - started
    return wall, {index: _cell_seconds(cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"}


def _cell_seconds(cell):
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00")) -
            datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def benchmark_assignment(course, assignment):
    """(source wall s, hidden-test share of cell time, autograde wall s) for one assignment."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Course(Path(scratch))
        shutil.copytree(course.root / "source", copy.root / "source")
        shutil.copy2(course.root / "nbgrader_config.py", copy.root)
        run_nbgrader(copy, "generate_assignment", "generate_assignment", assignment, "--force")
        source_nb = notebooks.read(copy.notebook("source", assignment))
        submission = samples.make_submission(PERFECT, source_nb, notebooks.read(copy.notebook("release", assignment)))
        submitted = copy.notebook("submitted", assignment, PERFECT.student_id)
        notebooks.write(submission, submitted)

        source_wall, with_hidden = execute(course, source_nb, copy.notebook("source", assignment).parent)
        _, without_hidden = execute(course, notebooks.copy_of(submission), submitted.parent)
        test_cells = [index for index, cell in enumerate(source_nb.cells) if notebooks.is_test(cell)]
        hidden_seconds = sum(with_hidden[index] - without_hidden[index] for index in test_cells)
        started = time.perf_counter()
        run_nbgrader(copy, "autograde", "autograde", assignment, f"--student={PERFECT.student_id}", "--force")
        autograde_wall = time.perf_counter() - started
    return source_wall, hidden_seconds / sum(without_hidden.values()), autograde_wall


def run_benchmark(course):
    print("| assignment | execute source (s) | hidden tests (share of run time) | autograde one submission (s) |")
    print("|---|---:|---:|---:|")
    for assignment in course.assignments():
        source_wall, hidden_share, autograde_wall = benchmark_assignment(course, assignment)
        print(f"| {assignment} | {source_wall:.1f} | {hidden_share:+.1%} | {autograde_wall:.1f} |", flush=True)
