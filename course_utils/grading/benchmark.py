"""Benchmark: per assignment, seconds to execute its source notebook and to autograde one submission of it.

Run with ``make benchmark``. Timings are wall-clock on this machine; each execution starts a fresh kernel.
"""
import shutil
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

from . import notebooks, samples
from .config import nbgrader_config
from .course import Course
from .nbgrader_cli import run_nbgrader

PERFECT = next(student for student in samples.SAMPLE_STUDENTS if student.solves == "all")


def execute_seconds(course, path):
    """Execute a notebook in a fresh kernel started as the grader starts it, in its own folder; return the wall time."""
    execute = nbgrader_config(course).Execute
    nb = notebooks.read(path)
    started = time.perf_counter()
    NotebookClient(nb, timeout=execute.timeout, extra_arguments=list(execute.extra_arguments), kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - started


def autograde_seconds(course, assignment):
    """Autograde the perfect sample's submission of one assignment in a temp copy of the course."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Course(Path(scratch))
        shutil.copytree(course.root / "source", copy.root / "source")
        shutil.copy2(course.root / "nbgrader_config.py", copy.root)
        run_nbgrader(copy, "generate_assignment", "generate_assignment", assignment, "--force")
        submission = samples.make_submission(PERFECT, notebooks.read(copy.notebook("source", assignment)),
                                             notebooks.read(copy.notebook("release", assignment)))
        notebooks.write(submission, copy.notebook("submitted", assignment, PERFECT.student_id))
        started = time.perf_counter()
        run_nbgrader(copy, "autograde", "autograde", assignment, f"--student={PERFECT.student_id}", "--force")
        return time.perf_counter() - started


def run_benchmark(course, out=print):
    out("| assignment | execute source (s) | autograde one submission (s) |")
    out("|---|---:|---:|")
    for assignment in course.assignments():
        execute = execute_seconds(course, course.notebook("source", assignment))
        autograde = autograde_seconds(course, assignment)
        out(f"| {assignment} | {execute:.1f} | {autograde:.1f} |")
