"""Run grading jobs on a Dask cluster (``grade --scheduler tcp://HOST:8786``).

The workers need the course's environment (this package, nbgrader, TensorFlow) but share no filesystem with the
grader: a job ships what grading needs (the course configuration, the assignment's source folder and the student's
submission), the worker grades it in a scratch folder of its own and sends back the autograded notebook and the
feedback page, and the grader writes them into the course. Grades go straight to the gradebook, which must be a
database server every worker reaches (PostgreSQL), not a SQLite file.

Dask retries a job that fails once (``retries=1``), and a job of a worker that dies on another worker; it never runs
one job twice at once.
"""
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from ..nbgrader_cli import nbgrader_env
from .grader import Grader
from .jobs import Outcome


class GradingFailed(Exception):
    """Raised by a remote job whose grading failed, so that Dask retries it; carries its Outcome."""

    def __init__(self, outcome):
        super().__init__(outcome.error)
        self.outcome = outcome


def _files(root, folder):
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def bundle(course, job):
    """What a worker needs to grade ``job``: {relative path: bytes}."""
    files = {"nbgrader_config.py": (course.root / "nbgrader_config.py").read_bytes()}
    files.update(_files(course.root, course.root / "source" / job.assignment))
    files.update(_files(course.root, course.root / "submitted" / job.student / job.assignment))
    return files


def grade_bundle(job, files, db_url, feedback):
    """On a Dask worker: grade ``job`` from its bundle in a scratch course folder; return its Outcome with the
    autograded and feedback files (or raise GradingFailed)."""
    os.environ["PATH"] = nbgrader_env()["PATH"]  # nbgrader runs `alembic`, kernels start `python`, by name
    with tempfile.TemporaryDirectory(prefix="course-remote-") as scratch:
        root = Path(scratch)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        outcome = Grader(root, db_url, feedback).grade(job)
        if not outcome.success:
            raise GradingFailed(outcome)
        for step in ("autograded", "feedback"):
            folder = root / step / job.student / job.assignment
            if folder.is_dir():
                outcome.files.update(_files(root, folder))
        return outcome


def run_remote(jobs, course, db_url, feedback, scheduler, report):
    """Grade ``jobs`` on the Dask cluster at ``scheduler``, showing Dask's progress bar; write the results into
    ``course``; ``report(outcome, final=True)`` for each. Returns {job: final Outcome}."""
    from distributed import Client, progress

    finished = {}
    run = uuid.uuid4().hex[:8]  # a cluster that outlives this run never hands back an older run's result
    with Client(scheduler) as client:
        futures = {client.submit(grade_bundle, job, bundle(course, job), db_url, feedback, retries=1, pure=False,
                                 key=f"grade-{job.assignment}-{job.student}-{run}"): job for job in jobs}
        progress(list(futures))
        print(flush=True)
        for future, job in futures.items():
            try:
                outcome = future.result()
            except GradingFailed as failure:
                outcome = failure.outcome
                outcome.attempts = 2
            except Exception as error:  # the worker died too often, or the job could not reach one
                outcome = Outcome(job, success=False, seconds=0.0, error=f"{type(error).__name__}: {error}",
                                  attempts=2)
            if outcome.success:
                for step in ("autograded", "feedback"):
                    shutil.rmtree(course.root / step / job.student / job.assignment, ignore_errors=True)
            for name, data in outcome.files.items():
                (course.root / name).parent.mkdir(parents=True, exist_ok=True)
                (course.root / name).write_bytes(data)
            outcome.files = {}
            finished[job] = outcome
            report(outcome, final=True)
    return finished
