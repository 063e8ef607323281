"""A grader that stands in for nbgrader in tests of the job runner (course_utils/grading/classgrade/cluster.py): it
runs in the cluster's worker processes, so it behaves by the student's name and leaves a record of every attempt.

* ``ok-*`` passes (score 1 of 1);
* ``flaky-*`` fails its first attempt and passes the second;
* ``bad-*`` always fails;
* ``crash-*`` kills its worker process on the first attempt and passes the second;
* ``raise-*`` raises (a bug in the grader).
"""
import json
import os
import time

from course_utils.grading.classgrade.jobs import Outcome


def record_attempt(job, record_dir, seconds=0.2):
    """Grade ``job`` by its student's name; write the attempt's (job, process, start, end) to ``record_dir``."""
    attempt = len(list(record_dir.glob(f"{job.student}--*.json"))) + 1
    record = record_dir / f"{job.student}--{attempt}.json"
    started = time.time()
    record.write_text(json.dumps({"job": job.name, "pid": os.getpid(), "start": started, "end": None}))
    if job.student.startswith("crash-") and attempt == 1:
        os._exit(3)
    time.sleep(seconds)
    failing = job.student.startswith("bad-") or (job.student.startswith("flaky-") and attempt == 1)
    record.write_text(json.dumps({"job": job.name, "pid": os.getpid(), "start": started, "end": time.time()}))
    if failing:
        return Outcome(job, success=False, seconds=seconds, error=f"{job.student} fails (attempt {attempt})")
    if job.student.startswith("raise-"):
        raise RuntimeError(f"{job.student}: a bug in the grader")
    return Outcome(job, success=True, seconds=seconds, score=1.0, max_score=1.0)
