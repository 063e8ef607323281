"""Run grading jobs on a Dask cluster: one the ``grade`` command starts on this machine (a LocalCluster of
single-threaded worker processes, one per core by default), or one already running (``grade --scheduler
tcp://HOST:8786``). One path for both: on two cores, a LocalCluster graded a class as fast as the hand-written
process pool it replaced (docs/instructors.md, "Benchmark").

The workers need the course's environment (this package, nbgrader, TensorFlow) but share no filesystem with the
grader: a job ships what grading needs (the course configuration, the assignment's source folder and the student's
submission), the worker grades it in a scratch folder of its own and sends back the autograded notebook and the
feedback page, and the grader writes them into the course. Grades go straight to the gradebook: a remote cluster's
workers need a database server they reach (PostgreSQL); a LocalCluster's may share the course's SQLite file.

A failed attempt is retried once, sent only after it ended (so no job is graded twice at once), on whichever worker
is free; a worker that dies costs the jobs it held one attempt (the scheduler reports them, here, rather than
retrying them itself: ``allowed-failures`` 0 on a LocalCluster). Every job ends with one outcome.
"""
import logging
import os
import shutil
import tempfile
import traceback
import uuid
from contextlib import contextmanager
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from ..kernels import GradingKernels, forked
from ..nbgrader_cli import nbgrader_env
from .grader import Grader, last_line
from .jobs import Outcome

MAX_ATTEMPTS = 2


def _files(root, folder):
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def bundle(course, job):
    """What a worker needs to grade ``job``: {relative path: bytes}."""
    files = {"nbgrader_config.py": (course.root / "nbgrader_config.py").read_bytes()}
    files.update(_files(course.root, course.root / "source" / job.assignment))
    files.update(_files(course.root, course.root / "submitted" / job.student / job.assignment))
    return files


def grade_bundle(job, files, db_url, feedback, fork=False, hidden=()):
    """On a worker: grade ``job`` from its bundle in a scratch course folder; return its Outcome, with the autograded
    and feedback files when it succeeded. ``fork``: fork-started kernels (where the machine allows it); ``hidden``: the
    course's own folder (where it exists on this machine, the sandbox hides it from kernels, as it hides the scratch
    folder)."""
    os.environ["PATH"] = nbgrader_env()["PATH"]  # nbgrader runs `alembic`, kernels start `python`, by name
    with tempfile.TemporaryDirectory(prefix="course-job-") as scratch:
        root = Path(scratch)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        outcome = Grader(root, db_url, feedback, fork=fork, hidden=hidden).grade(job)
        if outcome.success:
            for step in ("autograded", "feedback"):
                folder = root / step / job.student / job.assignment
                if folder.is_dir():
                    outcome.files.update(_files(root, folder))
        return outcome


def attempt(grade_job, job, *args):
    """On a worker: one attempt of ``grade_job(job, *args)``; a bug or a broken gradebook is a failed attempt with
    its traceback, not a failed task."""
    try:
        return grade_job(job, *args)
    except Exception:
        error = traceback.format_exc()
        return Outcome(job, success=False, seconds=0.0, error=last_line(error), log=error)


class WorkerSetup(WorkerPlugin):
    """A worker plugin of a LocalCluster: the worker's output (nbgrader's and its kernels' stderr) goes to a log file
    of its own, not the terminal the progress is on; with fork-started kernels, the template starts with the worker,
    not with its first job."""

    name = "course-worker-setup"

    def __init__(self, log_dir, fork=False):
        self.log_dir, self.fork = log_dir, fork

    def setup(self, worker):
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"worker-{os.getpid()}.log", "a", buffering=1)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        if self.fork:
            forked.start_template(GradingKernels(fork=True))


@contextmanager
def local_cluster(workers, log_dir, fork=False):
    """A LocalCluster of ``workers`` single-threaded worker processes on this machine; yields its address."""
    import dask
    from distributed import Client, LocalCluster

    # The scheduler (in this process) reports a job whose worker died instead of rescheduling it: run_jobs retries.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, memory_limit=0,
                         dashboard_address="127.0.0.1:0",  # its HTTP server on a free local port: runs side by side
                         silence_logs=logging.ERROR) as cluster:
        with Client(cluster) as client:
            client.register_plugin(WorkerSetup(log_dir, fork))
        yield cluster.scheduler_address


def run_jobs(jobs, scheduler, grade_job, args, report):
    """Run ``attempt(grade_job, job, *args(job))`` for every job on the cluster at ``scheduler``, retrying a failed
    attempt once; ``report(outcome, final)`` after every attempt. Returns {job: final Outcome}."""
    from distributed import Client, as_completed

    run = uuid.uuid4().hex[:8]  # a cluster that outlives this run never hands back an older run's result
    attempts, finished = {}, {}
    with Client(scheduler) as client:
        def submit(job):
            attempts[job] = attempts.get(job, 0) + 1
            key = f"grade-{job.assignment}-{job.student}-{run}-{attempts[job]}"
            return client.submit(attempt, grade_job, job, *args(job), key=key, pure=False)

        futures = {submit(job): job for job in jobs}
        pending = as_completed(futures)
        for future in pending:
            job = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as error:  # the worker died (KilledWorker), or the job could not reach one
                outcome = Outcome(job, success=False, seconds=0.0, error=f"a grading worker failed: "
                                  f"{type(error).__name__}: {error}")
            future.release()
            outcome.attempts = attempts[job]
            final = outcome.success or attempts[job] >= MAX_ATTEMPTS
            report(outcome, final=final)
            if final:
                finished[job] = outcome
            else:
                retry = submit(job)
                futures[retry] = job
                pending.add(retry)
    return finished


def write_files(course, outcome):
    """Write the autograded and feedback files a worker sent back into ``course``, replacing the job's old ones."""
    job = outcome.job
    if outcome.success:
        for step in ("autograded", "feedback"):
            shutil.rmtree(course.root / step / job.student / job.assignment, ignore_errors=True)
    for name, data in outcome.files.items():
        (course.root / name).parent.mkdir(parents=True, exist_ok=True)
        (course.root / name).write_bytes(data)
    outcome.files = {}
