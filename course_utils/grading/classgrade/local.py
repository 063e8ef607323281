"""Run grading jobs on this machine: a pool of long-lived worker processes, one Grader each.

A job that fails is retried once (on whichever worker is free). A worker process that dies (killed, out of memory)
breaks the pool: the jobs it had in hand count one failed attempt and the pool is started again for what is left.
No job is ever graded twice at the same time: a retry is only sent once its first attempt has ended.
"""
import multiprocessing
import os
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .. import fork_kernels
from .grader import Grader, last_line
from .jobs import Outcome

MAX_ATTEMPTS = 2
_grader = None  # this worker process's Grader


@dataclass(frozen=True)
class WorkerSettings:
    """How each worker process makes its grader: ``grader(*args)`` (a class importable by name)."""

    args: tuple
    log_dir: Path
    grader: type = Grader


def _start_worker(settings):
    """Worker start: its output (nbgrader's and its kernels' stderr) goes to a log file of its own, not the
    terminal the progress bar is on."""
    global _grader
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    log = open(settings.log_dir / f"worker-{os.getpid()}.log", "a", buffering=1)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    _grader = settings.grader(*settings.args)
    fork_kernels.start_template()  # with fork-started kernels: part of the worker's start, not of its first job


def _grade(job):
    try:
        return _grader.grade(job)
    except Exception:  # a bug or a broken gradebook: a failed attempt with its traceback, not a dead worker
        error = traceback.format_exc()
        return Outcome(job, success=False, seconds=0.0, error=last_line(error), log=error)


def run_local(jobs, settings, workers, report):
    """Grade ``jobs`` on ``workers`` processes made with ``settings`` (WorkerSettings); ``report(outcome, final)``
    is called after every attempt. Returns {job: final Outcome}."""
    attempts = {job: 1 for job in jobs}
    finished = {}
    queue = list(jobs)
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no state (or TensorFlow) forked over
    while queue:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                 initargs=(settings,)) as pool:
            running = {pool.submit(_grade, job): job for job in queue}
            queue = []
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    broken = False
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                        outcome = Outcome(job, success=False, seconds=0.0,
                                          error=f"a grading worker process died (see {settings.log_dir}/worker-*.log)")
                    outcome.attempts = attempts[job]
                    if outcome.success or attempts[job] >= MAX_ATTEMPTS:
                        finished[job] = outcome
                        report(outcome, final=True)
                        continue
                    attempts[job] += 1
                    report(outcome, final=False)
                    try:
                        if broken:
                            raise BrokenProcessPool
                        running[pool.submit(_grade, job)] = job
                    except BrokenProcessPool:
                        queue.append(job)  # the pool is gone: retried in the next one
    return finished
