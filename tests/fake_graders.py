"""Graders that stand in for nbgrader in tests of the job runner (course_utils/grading/classgrade/local.py): they
run in its worker processes, so they behave by the student's name and leave a record of every attempt.

* ``ok-*`` passes (score 1 of 1);
* ``flaky-*`` fails its first attempt and passes the second;
* ``bad-*`` always fails;
* ``crash-*`` kills its worker process on the first attempt and passes the second.
"""
import json
import os
import time

from course_utils.grading.classgrade.jobs import Outcome


class RecordingGrader:
    """Grades by name; writes each attempt's (job, process, start, end) to ``record_dir``."""

    def __init__(self, record_dir, seconds=0.2):
        self.record_dir, self.seconds = record_dir, seconds

    def _attempt(self, job):
        return len(list(self.record_dir.glob(f"{job.student}--*.json"))) + 1

    def grade(self, job):
        attempt = self._attempt(job)
        record = self.record_dir / f"{job.student}--{attempt}.json"
        started = time.time()
        record.write_text(json.dumps({"job": job.name, "pid": os.getpid(), "start": started, "end": None}))
        if job.student.startswith("crash-") and attempt == 1:
            os._exit(3)
        time.sleep(self.seconds)
        failing = job.student.startswith("bad-") or (job.student.startswith("flaky-") and attempt == 1)
        record.write_text(json.dumps({"job": job.name, "pid": os.getpid(), "start": started, "end": time.time()}))
        if failing:
            return Outcome(job, success=False, seconds=self.seconds, error=f"{job.student} fails (attempt {attempt})")
        return Outcome(job, success=True, seconds=self.seconds, score=1.0, max_score=1.0)
