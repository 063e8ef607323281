"""The job runner of `grade` (course_utils/grading/classgrade/cluster.py), on a Dask LocalCluster: jobs spread over
the worker processes, a failed job is retried once (never while its first attempt still runs), a worker that dies or
a grader that raises costs the job one attempt, and every job ends with one outcome; and what a job ships to its
worker."""
import json

import pytest

from course_utils.grading.classgrade.cluster import MAX_ATTEMPTS, bundle, local_cluster, run_jobs
from course_utils.grading.classgrade.jobs import Job
from course_utils.grading.course import Course
from fake_graders import record_attempt


def run(tmp_path, students, workers=2):
    records = tmp_path / "records"
    records.mkdir()
    reports = []
    jobs = [Job("lab", student) for student in students]
    with local_cluster(workers, tmp_path / "logs") as address:
        finished = run_jobs(jobs, address, record_attempt, lambda job: (records,),
                            lambda outcome, final: reports.append((outcome, final)))
    attempts = [json.loads(path.read_text()) for path in records.glob("*.json")]
    return jobs, finished, reports, attempts


def test_every_job_ends_with_one_outcome_and_failures_are_retried_once(tmp_path):
    jobs, finished, reports, attempts = run(tmp_path, ["ok-1", "ok-2", "flaky-1", "bad-1", "ok-3"])
    assert set(finished) == set(jobs)
    assert {job.student: (outcome.success, outcome.attempts) for job, outcome in finished.items()} == {
        "ok-1": (True, 1), "ok-2": (True, 1), "ok-3": (True, 1), "flaky-1": (True, 2), "bad-1": (False, MAX_ATTEMPTS)}
    assert "bad-1 fails (attempt 2)" in finished[Job("lab", "bad-1")].error
    finals = [outcome.job.student for outcome, final in reports if final]
    retries = [outcome.job.student for outcome, final in reports if not final]
    assert sorted(finals) == sorted(job.student for job in jobs) and sorted(retries) == ["bad-1", "flaky-1"]
    assert len({attempt["pid"] for attempt in attempts}) == 2, "the jobs did not spread over both workers"


def test_no_job_is_graded_twice_at_once(tmp_path):
    _, _, _, attempts = run(tmp_path, ["flaky-1", "flaky-2", "bad-1", "bad-2", "ok-1"])
    by_job = {}
    for attempt in attempts:
        by_job.setdefault(attempt["job"], []).append(attempt)
    for job, tries in by_job.items():
        tries.sort(key=lambda attempt: attempt["start"])
        for first, second in zip(tries, tries[1:]):
            assert first["end"] is not None and first["end"] <= second["start"], f"{job} ran twice at once"


def test_a_worker_that_dies_costs_its_job_one_attempt(tmp_path):
    jobs, finished, reports, _ = run(tmp_path, ["crash-1", "ok-1", "ok-2"])
    assert finished[Job("lab", "crash-1")].success and finished[Job("lab", "crash-1")].attempts == 2
    died = [outcome.error for outcome, final in reports if not final]
    assert any("KilledWorker" in error for error in died), died
    assert all(finished[job].success for job in jobs)


def test_a_grader_that_raises_fails_the_attempt_with_its_traceback(tmp_path):
    _, finished, _, _ = run(tmp_path, ["raise-1"], workers=1)
    outcome = finished[Job("lab", "raise-1")]
    assert not outcome.success and outcome.attempts == MAX_ATTEMPTS
    assert outcome.error == "RuntimeError: raise-1: a bug in the grader" and "Traceback" in outcome.log


@pytest.mark.parametrize("workers", [1, 3])
def test_any_number_of_workers_grades_everything(tmp_path, workers):
    jobs, finished, _, _ = run(tmp_path, [f"ok-{n}" for n in range(5)], workers=workers)
    assert all(finished[job].success for job in jobs)


def test_a_job_ships_only_what_grading_it_needs(tmp_path):
    for path, text in {"nbgrader_config.py": "c = get_config()", "gradebook.db": "secret grades",
                       "source/lab1/lab1.ipynb": "{}", "source/lab1/data.csv": "1,2",
                       "source/lab2/lab2.ipynb": "{}", "submitted/ann/lab1/lab1.ipynb": "{\"ann\": 1}",
                       "submitted/bob/lab1/lab1.ipynb": "{\"bob\": 1}", "autograded/ann/lab1/lab1.ipynb": "{}"}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    files = bundle(Course(tmp_path), Job("lab1", "ann"))
    assert sorted(files) == ["nbgrader_config.py", "source/lab1/data.csv", "source/lab1/lab1.ipynb",
                             "submitted/ann/lab1/lab1.ipynb"]
    assert files["submitted/ann/lab1/lab1.ipynb"] == b'{"ann": 1}'
