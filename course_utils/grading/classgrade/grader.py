"""Grade one (assignment, student) pair with nbgrader's Python API: autograde, then feedback.

A :class:`Grader` runs in a long-lived worker process (:mod:`.cluster`), so a job costs no command start (about 2 s:
Python, nbgrader and its imports); every notebook still runs in a fresh kernel of its own. A job whose
grading fails loses the grades it had before (gradebook entry, autograded notebook, feedback page): a failed regrade
never leaves old grades that look current.
"""
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from ..config import nbgrader_config
from ..course import Course
from ..kernels import GradingKernels, forked, sandbox
from .jobs import Outcome


# An exception line of a traceback ("RuntimeError: ..."), but nbgrader's own, which only says to see the log.
EXCEPTION_LINE = re.compile(r"^\s*(?!nbgrader\.converters\.base\.NbGraderException)[\w.]+(Error|Exception|Exit|Died|"
                            r"Interrupt|Timeout\w*|Failed): .+")


def last_line(text):
    """The last non-empty line of a traceback or log: what went wrong, in one line."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "failed without a message"


def reason(error, log):
    """What went wrong, in one line: the last exception named in nbgrader's log or traceback, if any."""
    causes = [line.strip() for line in f"{log}\n{error}".splitlines() if EXCEPTION_LINE.match(line)]
    return causes[-1] if causes else last_line(error)


class Grader:
    """nbgrader's API on the course folder ``root`` and gradebook ``db_url`` (default: the course's); ``fork``:
    whether kernels are fork-started where the machine allows it (None: as the course's configuration says);
    ``hidden``: more folders the sandbox hides from kernels (the course a job's scratch copy came from)."""

    def __init__(self, root, db_url=None, feedback=True, fork=None, hidden=()):
        self.course = Course(root)
        config = nbgrader_config(self.course)
        if db_url:
            config.CourseDirectory.db_url = db_url
        # nbgrader_config.py hid its own folder and its default gradebook's: also the gradebook used and ``hidden``.
        more = [sandbox.gradebook_folder(config.CourseDirectory.db_url), *hidden]
        config.SandboxProvisioner.hidden_paths = sorted({*config.SandboxProvisioner.hidden_paths,
                                                         *(str(Path(path).resolve()) for path in more if path)})
        if fork is not None:
            config.GradingKernels.fork = fork
            forked.configure(config)
        self.kernels = GradingKernels(config=config)  # which kernel grades
        self.db_url = config.CourseDirectory.db_url
        self.course_id = config.CourseDirectory.course_id
        self.feedback = feedback
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    def grade(self, job):
        """Autograde ``job`` (and write its feedback); return its Outcome."""
        started = time.perf_counter()
        # Kernels of this job talk over unix sockets in a folder of their own: parallel kernel starts cannot
        # collide on a TCP port (the sandbox gives its kernels private sockets already).
        with tempfile.TemporaryDirectory(prefix="course-job-") as sockets:
            self.api.config.KernelManager.transport = "ipc"
            self.api.config.KernelManager.ip = os.path.join(sockets, "kernel")
            result = self.api.autograde(job.assignment, job.student, force=True, create=True)
            log, error = result.get("log", ""), ""
            if not result["success"]:
                error = f"autograde: {reason(result.get('error'), log)}"
                log += result.get("error", "")
            elif self.feedback:
                feedback = self.api.generate_feedback(job.assignment, job.student, force=True)
                log += feedback.get("log", "")
                if not feedback["success"]:
                    error = f"generate_feedback: {reason(feedback.get('error'), feedback.get('log', ''))}"
                    log += feedback.get("error", "")
        outcome = Outcome(job, success=not error, seconds=time.perf_counter() - started, error=error, log=log)
        if outcome.success:
            outcome.score, outcome.max_score = self.score(job)
        return outcome

    def score(self, job):
        with Gradebook(self.db_url, course_id=self.course_id) as gradebook:
            submission = gradebook.find_submission(job.assignment, job.student)
            return submission.score, submission.max_score

    def forget(self, job):
        """Remove every grade ``job`` had: its gradebook entry, autograded notebook and feedback page."""
        with Gradebook(self.db_url, course_id=self.course_id) as gradebook:
            try:
                gradebook.remove_submission(job.assignment, job.student)
            except MissingEntry:
                pass
        for step in ("autograded", "feedback"):
            shutil.rmtree(self.course.root / step / job.student / job.assignment, ignore_errors=True)
