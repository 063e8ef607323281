"""The ``grade`` command: grade every (assignment, student) pair in submitted/, in parallel, and report.

``python -m course_utils.grading grade [--workers N] [--assignment PATTERN] [--student PATTERN] [--db URL]
[--scheduler tcp://HOST:8786]``
"""
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

from sqlalchemy.engine import make_url

from .. import diagnosis
from .. import kernels
from ..nbgrader_cli import nbgrader_env
from .cluster import bundle, grade_bundle, local_cluster, run_jobs, write_files
from .grader import Grader
from .jobs import find_jobs
from .prepare import prepare
from .progress import Progress
from .summary import failure_list, summary_table, write_log


def shown_url(db_url):
    """The gradebook URL without its password."""
    return make_url(db_url).render_as_string(hide_password=True)


class RemoteNeedsServer(ValueError):
    """Grading on a Dask cluster was asked for with a SQLite gradebook, which remote workers cannot reach."""


def grade(course, workers=None, assignments=None, students=None, db_url=None, feedback=True, scheduler=None,
          generate=True, fork=None):
    """Grade the jobs of ``course`` (filtered by the shell patterns ``assignments`` and ``students``) on a Dask
    LocalCluster of ``workers`` processes (default: one per core), or on the Dask cluster at ``scheduler``;
    ``fork``: whether kernels are fork-started where the machine allows it (course_utils/grading/kernels/forked.py;
    None: as the course's configuration says, GradingKernels.fork). ``generate=False`` skips generating the
    assignments first (when that was just done). Prints progress and a summary; returns the final Outcomes."""
    started = time.monotonic()
    # nbgrader runs `alembic` and kernels start `python` by name: this environment's first on PATH (workers inherit it).
    os.environ["PATH"] = nbgrader_env()["PATH"]
    workers = workers or os.cpu_count() or 1
    jobs, unknown = find_jobs(course, assignments, students)
    for folder in unknown:
        print(f"skipped {folder.relative_to(course.root)}: the course has no assignment {folder.name}")
    if not jobs:
        print("Nothing to grade: no submissions in submitted/ match.")
        return []
    order = {assignment: index for index, assignment in enumerate(course.assignments())}
    jobs.sort(key=lambda job: (order[job.assignment], job.student))  # labs (long) first, quizzes (short) last
    grader = Grader(course.root, db_url, feedback, fork)
    fork = grader.kernels.fork
    if scheduler and make_url(grader.db_url).get_backend_name() == "sqlite":
        raise RemoteNeedsServer(f"grading on the Dask cluster {scheduler} needs a gradebook its workers reach: give "
                                "--db postgresql://USER:PASSWORD@HOST/DATABASE (or set COURSE_DB_URL)")
    # An error first, when the sandbox is required but missing.
    kernel_lines = kernels.check(grader.kernels, students={job.student for job in jobs})
    workers = min(workers, len(jobs))
    where = f"the Dask cluster at {scheduler}" if scheduler else f"{workers} worker processes"
    log_dir = course.log_dir / "grade"
    progress = Progress(len(jobs))

    def report(outcome, final):
        if final:
            write_files(course, outcome)
        progress(outcome, final)

    job_args = lambda job: (bundle(course, job), grader.db_url, feedback, fork, [str(course.root)])  # noqa: E731
    with ThreadPoolExecutor(1) as background:
        # The gradebook is readied while the workers (and the kernel template they share) start: about 5 s for 9 labs.
        prepared = background.submit(prepare, grader, jobs, generate=generate)
        with (nullcontext(scheduler) if scheduler else local_cluster(workers, log_dir, fork)) as address:
            prepared.result()
            print(f"Grading {plural(len(jobs), 'submission')} ({plural(len({j.assignment for j in jobs}), 'assignment')}"
                  f", {plural(len({j.student for j in jobs}), 'student')}) on {where}; gradebook "
                  f"{shown_url(grader.db_url)}")
            print("\n".join(kernel_lines), flush=True)
            finished = run_jobs(jobs, address, grade_bundle, job_args, report)
    outcomes = [finished[job] for job in jobs]
    for outcome in outcomes:
        if not outcome.success:
            grader.forget(outcome.job)
        write_log(outcome, log_path(log_dir, outcome.job))
        for problem in diagnosis.report_submission(course, outcome.job.student, outcome.job.assignment):
            print(f"      {outcome.job.name}: {problem}")
    print(f"\n{summary_table(outcomes, course.assignments())}")
    failed = [outcome for outcome in outcomes if not outcome.success]
    print(f"\n{len(outcomes) - len(failed)} of {len(outcomes)} submissions graded in "
          f"{time.monotonic() - started:.0f} s; logs in {log_dir}/<assignment>/<student>.log")
    if failed:
        print(f"\n{len(failed)} FAILED:\n{failure_list(failed, lambda job: log_path(log_dir, job))}")
    return outcomes


def plural(count, noun):
    return f"{count} {noun}" + ("" if count == 1 else "s")


def log_path(log_dir, job):
    return log_dir / job.assignment / f"{job.student}.log"
