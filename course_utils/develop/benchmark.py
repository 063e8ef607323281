"""Benchmark: per assignment, the seconds to execute its source notebook, the seconds to autograde one submission of
it, and the share of that grading spent in hidden tests.

Run with ``make benchmark``. Timings are wall-clock on this machine; each execution starts a fresh kernel started the
way the grader starts it. The hidden tests run in the grader's process (course_utils/grading/hidden.py); the
autograder records in the autograded notebook how long its cells ran and how much of that its hidden tests took,
requests to the kernel included (execute.timings).
"""
import tempfile
import time

from nbclient import NotebookClient

from ..grading import notebooks, samples
from ..grading.config import nbgrader_config
from ..grading.execute import timings
from .scratch_course import ScratchCourse, succeeded



def execute(course, nb, folder):
    """Execute ``nb`` in ``folder`` (as the validator runs a source notebook); return the wall seconds."""
    config = nbgrader_config(course).Execute
    started = time.perf_counter()
    NotebookClient(nb, timeout=config.timeout, extra_arguments=list(config.extra_arguments), kernel_name="python3",
                   allow_errors=True, resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - started


def benchmark_assignment(course, assignment):
    """(source wall s, hidden-test share of the graded cells' time, autograde wall s) for one assignment."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = ScratchCourse.copy_of(course, scratch, [assignment])
        succeeded(copy.nbgrader("generate_assignment", assignment, "--force"))
        copy.submit_sample(assignment, samples.PERFECT)
        source_nb = notebooks.read(copy.notebook("source", assignment))
        source_wall = execute(course, source_nb, copy.notebook("source", assignment).parent)
        started = time.perf_counter()
        succeeded(copy.nbgrader("autograde", assignment, "--force"))
        autograde_wall = time.perf_counter() - started
        spent = timings(notebooks.read(copy.notebook("autograded", assignment, samples.PERFECT.student_id)))
    return source_wall, spent["hidden"] / spent["cells"], autograde_wall


def run_benchmark(course):
    print("| assignment | execute source (s) | hidden tests (share of the graded cells' time) | autograde one submission (s) |")
    print("|---|---:|---:|---:|")
    for assignment in course.assignments():
        source_wall, hidden_share, autograde_wall = benchmark_assignment(course, assignment)
        print(f"| {assignment} | {source_wall:.1f} | {hidden_share:.1%} | {autograde_wall:.1f} |", flush=True)
